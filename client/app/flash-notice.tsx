import { useEffect, useSyncExternalStore } from 'react'
import { navigate, useLocation } from './router.tsx'

/**
 * A notice that outlives one navigation: "Atelier supprimé." shown on the dashboard the delete led to.
 * It stays while the person is on that page and is gone after they leave it (or reload).
 */
interface Flash {
  text: string
  /** The path it is shown on. */
  path: string
  /** Shown at least once: leaving its path now drops it. */
  seen: boolean
}

let current: Flash | null = null
const listeners = new Set<() => void>()
const emit = () => {
  for (const listener of listeners) listener()
}
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Goes to `to` and shows `text` there (role=status, so screen readers announce it). */
export function navigateWithNotice(to: string, text: string): void {
  current = { text, path: new URL(to, window.location.origin).pathname, seen: false }
  emit()
  navigate(to)
}

/** Shows `text` above the current page (a delete that stays on its list). */
export function showNotice(text: string): void {
  current = { text, path: window.location.pathname, seen: false }
  emit()
}

/** Where the shell shows the notice (Layout), above the page. */
export function FlashNotice() {
  const { pathname } = useLocation()
  const flash = useSyncExternalStore(subscribe, () => current)
  const here = flash !== null && flash.path === pathname
  // biome-ignore lint/correctness/useExhaustiveDependencies: `here` marks the notice seen once shown
  useEffect(() => {
    if (!current) return
    if (current.path === pathname) current.seen = true
    else if (current.seen) {
      current = null
      emit()
    }
  }, [pathname, here])
  if (!here) return null
  return (
    <p className="notice flash-notice" role="status" data-testid="flash-notice">
      {flash.text}
    </p>
  )
}
