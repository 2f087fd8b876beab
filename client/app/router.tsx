import {
  type AnchorHTMLAttributes,
  type ComponentType,
  type LazyExoticComponent,
  type MouseEvent,
  useSyncExternalStore,
} from 'react'

/**
 * A small router over the History API: a table of paths (client/app/routes.tsx), `<Link>` for links,
 * `navigate()` for code, `useLocation()` to read where we are. Paths are French words because people
 * share them (`/j/ABCD-EFGH`, `/ateliers/…`).
 */

/** What every page receives: the `:name` parts of its path and the query string. */
export interface PageProps {
  params: Record<string, string>
  query: URLSearchParams
}

export interface RouteDefinition {
  /** `/contrats/:id`: `:name` matches one path segment, given to the page as `params.name`. */
  path: string
  /** The page; `lazy(() => import(…))` keeps it (and what it imports) out of the first download. */
  page: ComponentType<PageProps> | LazyExoticComponent<ComponentType<PageProps>>
  /** 'account': signed-in council members only; others are sent to the log-in page and back. */
  access?: 'account'
  /** 'fullscreen': no header or footer (the board); 'page' by default. */
  layout?: 'page' | 'fullscreen'
}

export interface RouteMatch {
  route: RouteDefinition
  params: Record<string, string>
}

/** The first route of `routes` whose path matches `pathname`, with its parameters. */
export function matchRoute(routes: readonly RouteDefinition[], pathname: string): RouteMatch | undefined {
  const parts = splitPath(pathname)
  for (const route of routes) {
    const pattern = splitPath(route.path)
    if (pattern.length !== parts.length) continue
    const params: Record<string, string> = {}
    let ok = true
    for (let i = 0; i < pattern.length; i++) {
      const expected = pattern[i]!
      const actual = parts[i]!
      if (expected.startsWith(':')) {
        try {
          params[expected.slice(1)] = decodeURIComponent(actual)
        } catch {
          ok = false
        }
      } else if (expected !== actual) ok = false
      if (!ok) break
    }
    if (ok) return { route, params }
  }
  return undefined
}

function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean)
}

const NAVIGATE_EVENT = 'kenlabour:navigate'

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

const snapshot = () => window.location.pathname + window.location.search

export interface AppLocation {
  pathname: string
  search: string
  query: URLSearchParams
  /** pathname + search, as in a link. */
  href: string
}

/** Where the browser is; re-renders on every navigation. */
export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot)
  const url = new URL(href, window.location.origin)
  return { pathname: url.pathname, search: url.search, query: url.searchParams, href }
}

/** Goes to `to` (a path on this site) without reloading; `replace` rewrites the current history entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else {
    window.history.pushState(null, '', to)
    window.scrollTo(0, 0)
  }
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

/** True for a path on this site that is safe to return to after logging in (not `//evil.example`). */
export function isLocalPath(path: string | null | undefined): path is string {
  return !!path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\')
}

export type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string }

/** A real link (it opens in a new tab, can be copied) that navigates in place on a plain click. */
export function Link({ to, onClick, target, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      (target && target !== '_self')
    )
      return
    event.preventDefault()
    navigate(to)
  }
  return <a href={to} target={target} onClick={handleClick} {...rest} />
}
