import { actorTypeLabels } from '../../shared/projects/labels.ts'
import { actorTypes } from '../../shared/projects/record.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link } from '../app/router.tsx'
import { Breadcrumb, ErrorAlert, Loading, TableHead, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { messages as followupMessages } from '../followup/messages.ts'
import { type ActorList, projectsApi } from './api.ts'
import { DeleteActor } from './DeleteActor.tsx'
import { messages } from './messages.ts'
import { StatusBadge } from './StatusBadge.tsx'
import './projects.css'

/**
 * `/acteurs`: the organisations and people of the council's records, with their type and the projects
 * each carries or partners, and the public/private mix of each priority as a table (readable by screen
 * readers and on a phone, where it scrolls sideways).
 */
export default function ActorsPage() {
  const t = useMessages(messages)
  const tf = useMessages(followupMessages)
  const { locale } = useLocale()
  useDocumentTitle(t('actorsTitle'))
  const { data: list, error, reload } = useLoad<ActorList>((signal) => projectsApi.actors(signal), [])

  return (
    <div className="page actors-page">
      <Breadcrumb to="/projets">{t('backToList')}</Breadcrumb>
      <h1>{t('actorsTitle')}</h1>
      <p className="lead">{t('actorsIntro')}</p>
      {list?.actors.some((a) => a.projects.length === 0 && a.following === 0) && (
        <p className="hint">{t('actorsDeleteHint')}</p>
      )}
      <ErrorAlert error={error} />
      {!list ? (
        !error && <Loading />
      ) : list.actors.length === 0 ? (
        <p className="empty">{t('noActors')}</p>
      ) : (
        <>
          <section aria-labelledby="mix-title">
            <h2 id="mix-title">{t('mixTitle')}</h2>
            <div className="table-scroll">
              <table className="data-table">
                <caption>{t('mixTableCaption')}</caption>
                <TableHead
                  columns={[
                    t('priority'),
                    ...actorTypes.map((type) => actorTypeLabels[locale][type]),
                    t('publicCol'),
                    t('privateCol'),
                    t('total'),
                  ]}
                />
                <tbody>
                  {list.mixByPriority.map((m) => (
                    <tr
                      key={`${m.contractId}-${m.priorityCode}`}
                      data-testid={`mix-${m.priorityCode ?? 'none'}`}
                    >
                      <th scope="row">
                        {m.priorityCode ? `${m.priorityCode} – ${m.priorityTitle ?? ''}` : t('noPriority')}
                      </th>
                      {actorTypes.map((type) => (
                        <td key={type}>{m.byType[type]}</td>
                      ))}
                      <td>{m.public}</td>
                      <td>{m.private}</td>
                      <td>{m.total}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <ul className="item-list">
            {list.actors.map((actor) => (
              <li key={actor.id} className="item card">
                <h2 className="item-title">{actor.name}</h2>
                <p className="item-meta">{actorTypeLabels[locale][actor.type]}</p>
                <p>
                  <Link to={`/suivi/acteurs/${actor.id}`}>{tf('followPageLink', { name: actor.name })}</Link>
                </p>
                {actor.projects.length === 0 && actor.following === 0 && (
                  <DeleteActor actor={actor} onDeleted={reload} />
                )}
                <ul>
                  {actor.projects.map((p) => (
                    <li key={`${p.id}-${p.role}`}>
                      <Link to={`/projets/${p.id}`}>{p.title}</Link> ·{' '}
                      {p.role === 'carrier' ? t('roleCarrier') : t('rolePartner')}
                      {p.partnerRole ? ` (${p.partnerRole})` : ''} {p.priorityCode && `· ${p.priorityCode}`}{' '}
                      <StatusBadge status={p.status} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
