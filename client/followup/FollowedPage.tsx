import type { ReactNode } from 'react'
import { statusLabels } from '../../shared/projects/labels.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { Breadcrumb, ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
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
      <Breadcrumb to="/projets">{t('backToProjects')}</Breadcrumb>
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
                    <Fact term={t('colRole')}>{r.role || '—'}</Fact>
                    <Fact term={t('colStatus')}>{statusLabels[locale][r.status]}</Fact>
                    <Fact term={t('colNextStep')}>{r.nextStep || '—'}</Fact>
                    <Fact term={t('colDate')}>
                      {r.nextStepDate ? formatDate(r.nextStepDate) : t('noDate')}
                      {r.overdue && <strong className="overdue-badge"> {t('overdue')}</strong>}
                    </Fact>
                    {r.carrier && <Fact term={t('colCarrier')}>{r.carrier}</Fact>}
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

/** One fact of a followed record: its name and its value. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}
