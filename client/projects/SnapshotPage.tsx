import type { SnapshotView } from '../../shared/projects/snapshot.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { Breadcrumb, ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { projectsApi } from './api.ts'
import { BoardSnapshot } from './BoardSnapshot.tsx'
import { messages } from './messages.ts'
import './projects.css'

/** `/projets/:id/tableau`: the board as it was at the record's last conversion, its cluster highlighted. */
export default function SnapshotPage({ params }: PageProps) {
  const t = useMessages(messages)
  const { formatDateTime } = useLocale()
  useDocumentTitle(t('snapshotTitle'))
  const projectId = params.id!
  const { data: view, error } = useLoad<SnapshotView>(
    (signal) => projectsApi.board(projectId, signal),
    [projectId],
  )

  const highlighted = view?.clusters.find((c) => c.id === view.highlightClusterId)
  const ideas = view?.ideas.filter((i) => i.clusterId && i.clusterId === view.highlightClusterId) ?? []
  return (
    <div className="page snapshot-page">
      <Breadcrumb to={`/projets/${projectId}`}>{t('backToRecord')}</Breadcrumb>
      <h1>{t('snapshotTitle')}</h1>
      <ErrorAlert error={error} />
      {!view ? (
        !error && <Loading />
      ) : (
        <>
          <p className="lead">
            {view.workshopTitle} — {t('snapshotIntro', { date: formatDateTime(view.createdAt) })}
          </p>
          <div className="snapshot-frame">
            <BoardSnapshot
              view={view}
              label={t('snapshotAlt', {
                zones: view.zones.length,
                clusters: view.clusters.length,
                ideas: view.ideas.length,
                highlight: highlighted?.title ?? '—',
              })}
            />
          </div>
          {highlighted && (
            <section aria-labelledby="highlight-title">
              <h2 id="highlight-title">
                {t('snapshotListTitle')} : {highlighted.title}
              </h2>
              <ul className="idea-list">
                {ideas.map((idea) => (
                  <li key={idea.id}>
                    {idea.text}{' '}
                    <span className="item-meta">
                      {t('author', { name: idea.authorName })} · {t('dots', { count: idea.dots })}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  )
}
