import { statusLabels } from '../../shared/projects/labels.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { type FollowedRecords, followupApi } from './api.ts'
import { messages } from './messages.ts'
import './followup.css'

/**
 * `/suivi` (what I follow), `/suivi/membres/:id` (a council member) and `/suivi/acteurs/:id` (an actor):
 * the records the person follows as referent, with their role, the status, the next step and its date,
 * soonest first; an overdue step is marked in words, not by colour alone.
 */
export default function FollowedPage({ params }: PageProps) {
  const t = useMessages(messages)
  const { locale, formatDate } = useLocale()
  const memberId = params.memberId
  const actorId = params.actorId
  const { data, error } = useLoad<FollowedRecords>(
    (signal) =>
      memberId
        ? followupApi.member(memberId, signal)
        : actorId
          ? followupApi.actor(actorId, signal)
          : followupApi.mine(signal),
    [memberId, actorId],
  )
  const mine = !memberId && !actorId
  const title = mine ? t('myTitle') : data ? t('personTitle', { name: data.person.name }) : ''
  useDocumentTitle(title || t('myTitle'))

  return (
    <div className="page followed-page">
      <p className="breadcrumb">
        <Link to="/projets">{t('backToProjects')}</Link>
      </p>
      <h1>{title || t('myTitle')}</h1>
      <p className="lead">{t('followIntro')}</p>
      <ErrorAlert error={error} />
      {!data ? (
        !error && <Loading />
      ) : (
        <>
          {data.person.removed && <p className="notice">{t('removedMember')}</p>}
          {data.records.length === 0 ? (
            <p className="empty">{t('followEmpty')}</p>
          ) : (
            <ul className="followed-list" aria-label={t('followCaption')}>
              {data.records.map((r) => (
                <li
                  key={r.projectId}
                  className={`card followed-item${r.overdue ? ' is-overdue' : ''}`}
                  data-testid="followed-record"
                >
                  <h2 className="item-title">
                    <Link to={`/projets/${r.projectId}`}>{r.title}</Link>
                  </h2>
                  <dl className="followed-facts">
                    <div>
                      <dt>{t('colRole')}</dt>
                      <dd>{r.role || '—'}</dd>
                    </div>
                    <div>
                      <dt>{t('colStatus')}</dt>
                      <dd>{statusLabels[locale][r.status]}</dd>
                    </div>
                    <div>
                      <dt>{t('colNextStep')}</dt>
                      <dd>{r.nextStep || '—'}</dd>
                    </div>
                    <div>
                      <dt>{t('colDate')}</dt>
                      <dd>
                        {r.nextStepDate ? formatDate(r.nextStepDate) : t('noDate')}
                        {r.overdue && <strong className="overdue-badge"> {t('overdue')}</strong>}
                      </dd>
                    </div>
                    {r.carrier && (
                      <div>
                        <dt>{t('colCarrier')}</dt>
                        <dd>{r.carrier}</dd>
                      </div>
                    )}
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  )
}
