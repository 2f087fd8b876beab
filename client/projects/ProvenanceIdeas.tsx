import type { AttachedCluster, ProvenanceIdea } from '../../shared/projects/record.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { messages } from './messages.ts'
import { messages as attachedMessages } from './provenance-messages.ts'

/**
 * The ideas a record came from: text, author and dots. An anonymous workshop's ideas carry no author
 * (server/projects/conversion-plan.ts), so none is shown: the page never links a person to an idea.
 */
export function IdeaList({ ideas }: { ideas: ProvenanceIdea[] }) {
  const t = useMessages(messages)
  return (
    <ul className="idea-list">
      {ideas.map((idea) => (
        <li key={idea.id}>
          <span className="idea-text">{idea.text}</span>{' '}
          <span className="item-meta">
            {idea.authorName ? `${t('author', { name: idea.authorName })} · ` : ''}
            {t('dots', { count: idea.dots })}
          </span>
        </li>
      ))}
    </ul>
  )
}

/** Clusters of other workshops attached to the record at their conversion: where from, and their ideas. */
export function AttachedIdeas({ attached }: { attached: AttachedCluster[] | undefined }) {
  const t = useMessages(messages)
  const a = useMessages(attachedMessages)
  const { formatDate } = useLocale()
  if (!attached?.length) return null
  return (
    <section className="card attached-ideas" aria-labelledby="attached-title" data-testid="attached-ideas">
      <h2 id="attached-title">{a('attachedTitle')}</h2>
      {attached.map((group) => (
        <section key={`${group.workshopId}/${group.clusterId}`} aria-label={group.clusterTitle}>
          <h3>{a('attachedGroup', { cluster: group.clusterTitle, workshop: group.workshopTitle })}</h3>
          <p className="item-meta">{a('attachedOn', { date: formatDate(group.attachedAt) })}</p>
          <IdeaList ideas={group.ideas} />
          <p>{t('contributors', { names: group.contributors.join(', ') || '—' })}</p>
          <p>{t('totalDots', { count: group.totalDots })}</p>
        </section>
      ))}
    </section>
  )
}
