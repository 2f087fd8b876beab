import type { ReactNode } from 'react'
import { useMessages } from '../app/i18n.tsx'
import { ideasOfZone, type ListCluster, type ListIdea, type ListZone } from './board-list.ts'
import { messages } from './messages.ts'

export interface ZoneSectionProps {
  zone: ListZone
  /** The zone's name (zone-name.ts). */
  name: string
  renderIdea: (idea: ListIdea) => ReactNode
  /** What a cluster shows under its heading: its dots, its vote buttons. */
  renderClusterExtras?: (cluster: ListCluster) => ReactNode
}

/**
 * One zone of the list: a heading a screen reader can jump to (with its count of ideas), its clusters
 * as sub-headings, each with its ideas as a list, then the ideas outside clusters. The heading takes
 * the focus when the idea focused before it is deleted and no other idea is left to focus.
 */
export function ZoneSection({ zone, name, renderIdea, renderClusterExtras }: ZoneSectionProps) {
  const t = useMessages(messages)
  const count = ideasOfZone(zone).length
  return (
    <section className="kp-zone" aria-label={name}>
      <h3 tabIndex={-1}>
        {name} <span className="kp-count">({t('ideaCount', { count })})</span>
      </h3>
      {zone.clusters.map((cluster) => (
        <div key={cluster.id} className="kp-cluster" data-cluster-id={cluster.id}>
          <h4>
            {t('cluster', { title: cluster.title.trim() || t('untitledCluster') })}{' '}
            <span className="kp-count">({t('ideaCount', { count: cluster.ideas.length })})</span>
          </h4>
          {renderClusterExtras?.(cluster)}
          {cluster.ideas.length > 0 ? (
            <ul className="kp-idea-list">{cluster.ideas.map(renderIdea)}</ul>
          ) : (
            <p className="kp-hint">{t('noIdeas')}</p>
          )}
        </div>
      ))}
      {zone.ideas.length > 0 ? (
        <ul className="kp-idea-list">{zone.ideas.map(renderIdea)}</ul>
      ) : (
        zone.clusters.length === 0 && <p className="kp-hint">{t('noIdeas')}</p>
      )}
    </section>
  )
}
