import { actorTypeLabels, statusLabels } from '../../shared/projects/labels.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link } from '../app/router.tsx'
import { Breadcrumb, ErrorAlert, Loading, TableHead, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { followupApi, type GuaranteeList } from './api.ts'
import { messages } from './messages.ts'
import '../projects/projects.css'
import './followup.css'

/**
 * `/garantie`: the records whose carrier is a small structure asking for a guarantee, with the carrier,
 * the amount, the priority and the status, for the council to relay to the regional guarantee fund; a
 * CSV of the same table for a French spreadsheet.
 */
export default function GuaranteePage() {
  const t = useMessages(messages)
  const { locale, formatMoney, formatDate } = useLocale()
  useDocumentTitle(t('guaranteeTitle'))
  const { data, error } = useLoad<GuaranteeList>((signal) => followupApi.guarantee(signal), [])

  return (
    <div className="page guarantee-page">
      <Breadcrumb to="/projets">{t('backToProjects')}</Breadcrumb>
      <h1>{t('guaranteeTitle')}</h1>
      <p className="lead">{t('guaranteeIntro')}</p>
      <p className="actions">
        <a className="button button-secondary" href={followupApi.guaranteeCsvUrl} download>
          {t('guaranteeCsv')}
        </a>
      </p>
      <ErrorAlert error={error} />
      {!data ? (
        !error && <Loading />
      ) : data.records.length === 0 ? (
        <p className="empty">{t('guaranteeEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="guarantee-table">
            <caption>{t('guaranteeCaption')}</caption>
            <TableHead
              columns={[
                t('colRecord'),
                t('colCarrier'),
                t('colAmount'),
                t('colPriority'),
                t('colStatus'),
                t('colNextStep'),
              ]}
            />
            <tbody>
              {data.records.map((r) => (
                <tr key={r.projectId}>
                  <th scope="row">
                    <Link to={`/projets/${r.projectId}`}>{r.title}</Link>
                  </th>
                  <td>
                    {r.carrier ? `${r.carrier.name} (${actorTypeLabels[locale][r.carrier.type]})` : '—'}
                  </td>
                  <td className="number">{r.amount === null ? '—' : formatMoney(r.amount)}</td>
                  <td>{r.priorityCode ? `${r.priorityCode} – ${r.priorityTitle ?? ''}` : '—'}</td>
                  <td>{statusLabels[locale][r.status]}</td>
                  <td>
                    {r.nextStep || '—'}
                    {r.nextStepDate && ` (${formatDate(r.nextStepDate)})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
