import { useState } from 'react'
import type { ApplicationSummary, Call } from '../../shared/api/calls.ts'
import { decisionLabels } from '../../shared/calls/decisions.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { ErrorAlert, Loading, TableHead, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { CallState } from './CallsPage.tsx'
import { callsApi } from './calls-api.ts'
import { callMessages } from './messages.ts'
import { ReviewExports, ReviewPanel } from './ReviewPanel.tsx'
import './calls.css'

/**
 * `/appels/gestion/:id`: a call of the council, its public page, its questions, and its applications
 * (each a project record) with their score and decision; one application at a time is reviewed here.
 */
export default function CallPage({ params }: PageProps) {
  const t = useMessages(callMessages)
  const { formatDate } = useLocale()
  const loaded = useLoad((signal) => callsApi.get(params.id!, signal), [params.id])
  const call = loaded.data
  useDocumentTitle(call?.title)
  if (loaded.error) return <ErrorAlert error={loaded.error} />
  if (!call) return <Loading />
  return (
    <div className="page">
      <p className="call-kind">
        {t(`kind_${call.kind}`)} · <CallState call={call} />
      </p>
      <h1>{call.title}</h1>
      <p className="item-meta">
        <span>{call.contractTitle}</span>
        <span>{t('dates', { opens: formatDate(call.opensAt), closes: formatDate(call.closesAt) })}</span>
        <span>{call.priorityCodes.concat(call.actionCodes).join(', ')}</span>
      </p>
      <p className="actions">
        <Link to={`/appels/${call.id}`}>{t('publicPage')}</Link>
        {call.state !== 'closed' && (
          <Link to={`/appels/gestion/${call.id}/modifier`} className="button button-secondary">
            {t('edit')}
          </Link>
        )}
      </p>
      {call.description && <p className="call-description">{call.description}</p>}
      <Applications call={call} />
    </div>
  )
}

function Applications({ call }: { call: Call }) {
  const t = useMessages(callMessages)
  const { locale, formatDate, formatNumber } = useLocale()
  const [reviewing, setReviewing] = useState<string>()
  // After a review is saved the list reloads in place (its rows stay while it does), so the open
  // review panel stays mounted and says it saved.
  const list = useLoad((signal) => callsApi.applications(call.id, signal), [call.id])
  const rows: ApplicationSummary[] | undefined = list.data
  return (
    <section aria-labelledby="applications-title">
      <h2 id="applications-title">{t('applications')}</h2>
      <ErrorAlert error={list.error} />
      {!rows ? (
        !list.error && <Loading />
      ) : rows.length === 0 ? (
        <p className="empty">{t('noApplications')}</p>
      ) : (
        <div className="table-scroll">
          <table className="applications-table" data-testid="applications">
            <caption className="visually-hidden">{t('applications')}</caption>
            <TableHead
              columns={[t('colTitle'), t('colCarrier'), t('colSubmitted'), t('colScore'), t('colDecision')]}
              actions={t('review')}
            />
            <tbody>
              {rows.map((row) => (
                <tr key={row.projectId}>
                  <th scope="row">
                    <Link to={`/projets/${row.projectId}`}>{row.title}</Link>
                  </th>
                  <td>
                    {row.carrier.name} ({t(`carrier_${row.carrier.kind}` as 'carrier_autre')})
                    <br />
                    <span className="application-email">{row.carrier.email}</span>
                  </td>
                  <td>{formatDate(row.submittedAt)}</td>
                  <td>{row.score === undefined ? t('notScored') : `${formatNumber(row.score)} / 5`}</td>
                  <td>{decisionLabels[locale][row.decision ?? 'none']}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-expanded={reviewing === row.projectId}
                      aria-label={`${reviewing === row.projectId ? t('hideReview') : t('review')} — ${row.title}`}
                      onClick={() => setReviewing(reviewing === row.projectId ? undefined : row.projectId)}
                    >
                      {reviewing === row.projectId ? t('hideReview') : t('review')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {reviewing && rows?.some((row) => row.projectId === reviewing) && (
        <ReviewPanel key={reviewing} projectId={reviewing} criteria={call.criteria} onSaved={list.reload} />
      )}
      <ReviewExports callId={call.id} />
    </section>
  )
}
