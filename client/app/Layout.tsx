import { type ReactNode, useEffect, useRef } from 'react'
import { callMessages } from '../calls/messages.ts'
import { messages as followupMessages } from '../followup/messages.ts'
import { FlashNotice } from './flash-notice.tsx'
import { LOCALES, type Locale, useLocale, useMessages } from './i18n.tsx'
import { messages } from './messages.ts'
import { Link, navigate, useLocation } from './router.tsx'
import { useSession } from './session.tsx'

const LANGUAGE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English' }

/**
 * The frame of every ordinary page: a skip link, the header (site name, navigation, language switch,
 * account), the page in `<main>`, and a footer. After each navigation the focus moves to `<main>`, so
 * keyboard and screen-reader users start reading the new page rather than the old link.
 */
export function Layout({ children, fullscreen }: { children: ReactNode; fullscreen?: boolean }) {
  const t = useMessages(messages)
  const { pathname } = useLocation()
  const mainRef = useRef<HTMLElement>(null)
  const firstRender = useRef(true)

  // biome-ignore lint/correctness/useExhaustiveDependencies: the focus moves on each new path, by design
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    mainRef.current?.focus({ preventScroll: true })
  }, [pathname])

  if (fullscreen)
    return (
      <main id="contenu" ref={mainRef} tabIndex={-1} className="main-fullscreen">
        {children}
      </main>
    )

  return (
    <div className="shell">
      <a className="skip-link" href="#contenu">
        {t('skipLink')}
      </a>
      <Header />
      <main id="contenu" ref={mainRef} tabIndex={-1} className="main">
        <FlashNotice />
        {children}
      </main>
      <footer className="footer">
        <p>{t('footer')}</p>
        <p>
          <a href="/api/docs">{t('apiDocs')}</a>
        </p>
      </footer>
    </div>
  )
}

function Header() {
  const t = useMessages(messages)
  const { me, logout } = useSession()
  const tf = useMessages(followupMessages)
  const tc = useMessages(callMessages)
  const { pathname } = useLocation()
  // The navigation's links, [path, text]: a member's pages, or what a visitor may do.
  const links: [string, string][] =
    me?.kind === 'account'
      ? [
          ['/', t('navDashboard')],
          ['/projets', t('navProjects')],
          ['/appels/gestion', tc('navCalls')],
          ['/suivi', tf('navFollowup')],
          ['/conseil', t('navCouncil')],
        ]
      : [
          ['/appels', tc('navCalls')],
          ['/rejoindre', t('navJoin')],
        ]
  // Logging in is offered once the session is known (a guest's, or none).
  if (me !== undefined && me?.kind !== 'account') links.push(['/connexion', t('navLogin')])

  const onLogout = async () => {
    // Leave the members' page first, so it does not send the now signed-out visitor to the log-in page.
    navigate('/')
    await logout().catch(() => {})
  }

  return (
    <header className="header">
      <div className="header-inner">
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand-mark">
            ▦
          </span>
          {t('brand')}
        </Link>
        <nav aria-label={t('mainNav')} className="nav">
          <ul>
            {links.map(([path, label]) => (
              <li key={path}>
                <Link to={path} aria-current={pathname === path ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitch />
          {me && (
            <div className="account">
              <span className="account-name">{t('signedInAs', { name: me.displayName })}</span>
              <button type="button" className="button button-quiet" onClick={onLogout}>
                {t('logout')}
              </button>
            </div>
          )}
        </div>
      </div>
    </header>
  )
}

/** The language switch: a native select, labelled, usable with the keyboard and on phones. */
export function LanguageSwitch() {
  const t = useMessages(messages)
  const { locale, setLocale } = useLocale()
  return (
    <div className="language">
      <label htmlFor="language-switch">{t('languageLabel')}</label>
      <select
        id="language-switch"
        value={locale}
        onChange={(event) => setLocale(event.target.value as Locale)}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  )
}
