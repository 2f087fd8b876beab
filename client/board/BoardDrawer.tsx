import { type ReactNode, useEffect, useRef } from 'react'
import { useValue } from 'tldraw'
import { useMessages } from '../app/i18n.tsx'
import { session } from './board-state.ts'
import type { BoardConnection } from './connection.ts'
import { messages } from './messages.ts'
import type { BoardRole } from './presence.ts'
import { DESKTOP_LAYOUT, matches } from './screen-layout.ts'

/**
 * The side drawer (a bottom sheet on phones) that holds one panel at a time: the people on the board or
 * the facilitator's controls. It takes at most a third of the screen (board.css), so the canvas keeps
 * two thirds or more, and it starts closed except for a facilitator on a desktop screen.
 */

export type DrawerPanel = 'people' | 'facilitator'

/** The id the header's toggles point at (aria-controls). */
export const DRAWER_ID = 'kb-drawer'

/** The panel open when the board opens. */
export function initialDrawer(role: BoardRole): DrawerPanel | null {
  return role === 'facilitator' && matches(DESKTOP_LAYOUT) ? 'facilitator' : null
}

/**
 * The drawer around a panel. `takeFocus`: it was opened by a person (not on arrival), so the keyboard
 * focus moves into it; Escape or the close button closes it.
 */
export function BoardDrawer({
  label,
  takeFocus,
  onClose,
  children,
}: {
  label: string
  takeFocus: boolean
  onClose: () => void
  children: ReactNode
}) {
  const t = useMessages(messages)
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    if (takeFocus) ref.current?.focus()
  }, [takeFocus])
  return (
    <aside
      id={DRAWER_ID}
      ref={ref}
      className="kb-drawer"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          onClose()
        }
      }}
    >
      <button
        type="button"
        className="kb-small kb-drawer-close"
        aria-label={t('closePanel')}
        onClick={onClose}
      >
        <span aria-hidden="true">×</span>
      </button>
      {children}
    </aside>
  )
}

/**
 * How many people are on the board, me included (several tabs of one person count once). `ready`: the
 * first sync is done, so `connection.presence` exists (it is not a signal: this reads it again then).
 */
export function usePeopleCount(connection: BoardConnection | null, ready: boolean): number {
  const me = useValue('me', () => session.get().actorId, [])
  return useValue('people count', () => {
    const ids = new Set<string>([me])
    for (const c of connection?.presence?.collaborators.get() ?? []) ids.add(c.presence.user.id)
    return ids.size
  }, [connection, me, ready])
}
