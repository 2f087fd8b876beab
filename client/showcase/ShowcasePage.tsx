import { ApiError } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { byPriority, type Showcase, showcaseApi } from './api.ts'
import { messages } from './messages.ts'
import { ShowcaseCard } from './ShowcaseCard.tsx'
import './showcase.css'

/**
 * `/vitrine/:slug`, without account: the council's published records by priority, each with the fields
 * the council made public, and the open-data downloads (DESIGN.md, "Public showcase").
 */
export default function ShowcasePage({ params }: PageProps) {
  const t = useMessages(messages)
  const slug = params.slug ?? ''
  const { data, error } = useLoad<Showcase>((signal) => showcaseApi.get(slug, signal), [slug])
  useDocumentTitle(data ? t('pageTitle', { council: data.council.name }) : undefined)
  const missing = error instanceof ApiError && error.status === 404

  return (
    <div className="page showcase-page">
      {missing ? <p className="notice">{t('notFound')}</p> : <ErrorAlert error={error} />}
      {!data ? (
        !error && <Loading />
      ) : (
        <>
          <h1>{t('heading', { council: data.council.name })}</h1>
          <p className="lead">{t('lead')}</p>
          <p>{t('projectCount', { count: data.projects.length })}</p>
          {data.projects.length === 0 && <p className="empty">{t('empty')}</p>}
          {byPriority(data.projects).map((group) => {
            const first = group.projects[0]!
            const priority = first.priority
            return (
              <section key={group.key} className="showcase-group" aria-labelledby={`g-${first.id}`}>
                <h2 id={`g-${first.id}`}>
                  {priority
                    ? `${t('priority', { code: priority.code })}${priority.title ? ` — ${priority.title}` : ''}`
                    : t('noPriority')}
                </h2>
                <p className="hint">{first.contractTitle}</p>
                <div className="showcase-cards">
                  {group.projects.map((project) => (
                    <ShowcaseCard key={project.id} project={project} />
                  ))}
                </div>
              </section>
            )
          })}
          <section className="card showcase-downloads" aria-labelledby="open-data">
            <h2 id="open-data">{t('openData')}</h2>
            <ul>
              <li>
                <a href={showcaseApi.csvUrl(slug)} download>
                  {t('downloadCsv')}
                </a>
              </li>
              <li>
                <a href={showcaseApi.jsonUrl(slug)} download>
                  {t('downloadJson')}
                </a>
              </li>
            </ul>
          </section>
        </>
      )}
    </div>
  )
}
