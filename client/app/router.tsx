import type { AnchorHTMLAttributes, ComponentType, LazyExoticComponent } from 'react'
import {
  useRouter,
  useSearch,
  useLocation as useWouterLocation,
  Link as WouterLink,
  matchRoute as wouterMatch,
} from 'wouter'
import { navigate as browserNavigate } from 'wouter/use-browser-location'

/**
 * Routing is wouter's (a small, maintained router over the History API); this module only fixes how
 * the pages of this app see it: a table of paths (client/app/routes.tsx), `<Link to>` for links,
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

/** The first route of `routes` whose path matches `pathname`, with its parameters (wouter's matcher). */
export function useMatchedRoute(routes: readonly RouteDefinition[]): RouteMatch | undefined {
  const router = useRouter()
  const { pathname } = useLocation()
  for (const route of routes) {
    const [matches, params] = wouterMatch(router.parser, route.path, pathname)
    if (matches) return { route, params: (params ?? {}) as Record<string, string> }
  }
  return undefined
}

export interface AppLocation {
  pathname: string
  search: string
  query: URLSearchParams
  /** pathname + search, as in a link. */
  href: string
}

/** Where the browser is; re-renders on every navigation. */
export function useLocation(): AppLocation {
  const [pathname] = useWouterLocation()
  const searchText = useSearch()
  const search = searchText ? `?${searchText}` : ''
  return { pathname, search, query: new URLSearchParams(searchText), href: pathname + search }
}

/** Goes to `to` (a path on this site) without reloading; `replace` rewrites the current history entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return
  browserNavigate(to, { replace: options.replace ?? false })
  if (!options.replace) window.scrollTo(0, 0)
}

/** True for a path on this site that is safe to return to after logging in (not `//evil.example`). */
export function isLocalPath(path: string | null | undefined): path is string {
  return !!path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\')
}

export type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string }

/** A real link (it opens in a new tab, can be copied) that navigates in place on a plain click. */
export function Link({ to, ...rest }: LinkProps) {
  return <WouterLink href={to} onClick={() => window.scrollTo(0, 0)} {...rest} />
}
