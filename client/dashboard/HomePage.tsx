import { type FormEvent, type ReactNode, useState } from 'react'
import { tidyTypedCode } from '../../shared/workshop/join-code.ts'
import { apiGet } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, navigate } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { ErrorAlert, Loading, TextField, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import type { Contract } from '../contracts/contract.ts'
import { usePhaseLabel } from '../workshops/phase.ts'
import type { Workshop } from '../workshops/workshop.ts'
import { messages } from './messages.ts'

/** `/`: the council's dashboard when signed in with an account, the landing page otherwise. */
export function HomePage() {
  const { me } = useSession()
  if (me === undefined) return <Loading />
  return me?.kind === 'account' ? <Dashboard councilName={me.councilName} /> : <Landing />
}

function Landing() {
  const t = useMessages(messages)
  useDocumentTitle(undefined)
  const [code, setCode] = useState('')
  const join = (event: FormEvent) => {
    event.preventDefault()
    const normalized = tidyTypedCode(code)
    navigate(normalized ? `/j/${encodeURIComponent(normalized)}` : '/rejoindre')
  }
  return (
    <div className="page landing">
      <h1>{t('landingTitle')}</h1>
      <p className="lead">{t('landingIntro')}</p>
      <div className="landing-grid">
        <section className="card" aria-labelledby="participant-title">
          <h2 id="participant-title">{t('participantTitle')}</h2>
          <p>{t('participantText')}</p>
          <form onSubmit={join} className="inline-form">
            <TextField
              label={t('code')}
              name="code"
              large
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={20}
              placeholder="ABCD-EFGH"
              value={code}
              onChange={(value) => setCode(value.toUpperCase())}
            />
            <button type="submit" className="button">
              {t('join')}
            </button>
          </form>
        </section>
        <section className="card" aria-labelledby="member-title">
          <h2 id="member-title">{t('memberTitle')}</h2>
          <p>{t('memberText')}</p>
          <p className="actions">
            <Link className="button" to="/connexion">
              {t('login')}
            </Link>
            <Link className="button button-secondary" to="/inscription">
              {t('signup')}
            </Link>
          </p>
        </section>
      </div>
    </div>
  )
}

function Dashboard({ councilName }: { councilName?: string }) {
  const t = useMessages(messages)
  const { formatDate } = useLocale()
  const phaseLabel = usePhaseLabel()
  useDocumentTitle(t('dashboardTitle'))
  const workshopList = useLoad((signal) => apiGet<Workshop[]>('/api/workshops', signal), [])
  const contractList = useLoad((signal) => apiGet<Contract[]>('/api/contracts', signal), [])
  const workshops = workshopList.data
  const contracts = contractList.data
  const error = workshopList.error ?? contractList.error

  return (
    <div className="page">
      <h1>{t('dashboardTitle')}</h1>
      {councilName && <p className="lead">{t('council', { name: councilName })}</p>}
      <ErrorAlert error={error} />
      <div className="dashboard-grid">
        <section aria-labelledby="workshops-title">
          <div className="section-head">
            <h2 id="workshops-title">{t('workshops')}</h2>
            <div className="actions">
              <Link className="button button-secondary" to="/modeles">
                {t('templates')}
              </Link>
              {contracts && contracts.length > 0 && (
                <Link className="button" to="/ateliers/nouveau">
                  {t('newWorkshop')}
                </Link>
              )}
            </div>
          </div>
          {!workshops ? (
            !error && <Loading />
          ) : workshops.length === 0 ? (
            <p className="empty">
              {contracts?.length === 0 ? t('noWorkshopsNeedContract') : t('noWorkshops')}
            </p>
          ) : (
            <ul className="item-list">
              {workshops.map((w) => (
                <Item key={w.id} to={`/ateliers/${w.id}`} title={w.title}>
                  <span className={`phase phase-${w.phase}`}>{phaseLabel(w.phase)}</span>
                  {w.createdAt && <span>{formatDate(w.createdAt)}</span>}
                  {w.isFacilitator && <span>{t('facilitating')}</span>}
                </Item>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="contracts-title">
          <div className="section-head">
            <h2 id="contracts-title">{t('contracts')}</h2>
            <Link className="button button-secondary" to="/contrats/nouveau">
              {t('newContract')}
            </Link>
          </div>
          {!contracts ? (
            !error && <Loading />
          ) : contracts.length === 0 ? (
            <p className="empty">{t('noContracts')}</p>
          ) : (
            <ul className="item-list">
              {contracts.map((c) => (
                <Item key={c.id} to={`/contrats/${c.id}`} title={c.title}>
                  {c.territory && <span>{c.territory}</span>}
                  {c.period && <span>{c.period}</span>}
                </Item>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  )
}

/** One workshop or contract of the dashboard: its title, a link to its page, then what it is (`children`). */
function Item({ to, title, children }: { to: string; title: string; children: ReactNode }) {
  return (
    <li className="card item">
      <h3>
        <Link to={to}>{title}</Link>
      </h3>
      <p className="item-meta">{children}</p>
    </li>
  )
}
