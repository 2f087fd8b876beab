import { Component, type ErrorInfo, type ReactNode, Suspense, useEffect } from 'react'
import { LocaleProvider, useMessages } from './i18n.tsx'
import { Layout } from './Layout.tsx'
import { messages } from './messages.ts'
import { isLocalPath, navigate, type RouteDefinition, useLocation, useMatchedRoute } from './router.tsx'
import { notFoundRoute, routes } from './routes.tsx'
import { SessionProvider, useSession } from './session.tsx'
import { Loading } from './ui.tsx'

/** The whole client: locale, session, and the page the address points to. */
export function App() {
  return (
    <LocaleProvider>
      <SessionProvider>
        <CurrentPage />
      </SessionProvider>
    </LocaleProvider>
  )
}

function CurrentPage() {
  const location = useLocation()
  const match = useMatchedRoute(routes) ?? { route: notFoundRoute, params: {} }
  const fullscreen = match.route.layout === 'fullscreen'
  return (
    <Layout fullscreen={fullscreen}>
      <PageErrorBoundary key={location.pathname}>
        <Suspense fallback={<Loading />}>
          <Guarded route={match.route} params={match.params} query={location.query} href={location.href} />
        </Suspense>
      </PageErrorBoundary>
    </Layout>
  )
}

function Guarded(props: {
  route: RouteDefinition
  params: Record<string, string>
  query: URLSearchParams
  href: string
}) {
  const { me } = useSession()
  const needsAccount = props.route.access === 'account'
  const allowed = !needsAccount || me?.kind === 'account'
  useEffect(() => {
    if (needsAccount && me !== undefined && me?.kind !== 'account' && isLocalPath(props.href))
      navigate(`/connexion?suite=${encodeURIComponent(props.href)}`, { replace: true })
  }, [needsAccount, me, props.href])
  if (!allowed) return <Loading />
  const Page = props.route.page
  return <Page params={props.params} query={props.query} />
}

/** A page that fails to load or render (a deploy replaced its file, a bug) says so instead of going blank. */
class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('page failed', error, info.componentStack)
  }
  render() {
    return this.state.failed ? <PageFailed /> : this.props.children
  }
}

function PageFailed() {
  const t = useMessages(messages)
  return (
    <div className="page">
      <p className="alert" role="alert">
        {t('pageFailed')}
      </p>
      <p className="actions">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('reload')}
        </button>
        <a className="button button-secondary" href="/">
          {t('backHome')}
        </a>
      </p>
    </div>
  )
}
