import type { SimilarRecords as Proposal } from '../../shared/api/projects.ts'
import { useMessages } from '../app/i18n.tsx'
import { messages } from './similar-records-messages.ts'

/** Per cluster: the chosen record's id, or '' (the default) for a new record. */
export type AttachChoices = Record<string, string>

/** The attach choices to send with the conversion (clusters left on "new record" are not sent). */
export function attachList(choices: AttachChoices) {
  return Object.entries(choices)
    .filter(([, projectId]) => projectId !== '')
    .map(([clusterId, projectId]) => ({ clusterId, projectId }))
}

/**
 * Before converting: each cluster that resembles existing records of the council, with a choice between
 * a new record (the default) and attaching its ideas to one of them. One radio group per cluster.
 */
export function SimilarRecords({
  proposal,
  choices,
  onChange,
}: {
  proposal: Proposal
  choices: AttachChoices
  onChange: (choices: AttachChoices) => void
}) {
  const t = useMessages(messages)
  if (proposal.clusters.length === 0) return null
  return (
    <section className="similar-records" aria-labelledby="similar-records-title">
      <h3 id="similar-records-title" className="small-heading">
        {t('title')}
      </h3>
      <p>{t('intro')}</p>
      {proposal.clusters.map((cluster) => {
        const name = `attach-${cluster.clusterId}`
        const chosen = choices[cluster.clusterId] ?? ''
        const choose = (projectId: string) => onChange({ ...choices, [cluster.clusterId]: projectId })
        return (
          <fieldset key={cluster.clusterId}>
            <legend>{t('cluster', { title: cluster.clusterTitle, ideas: cluster.ideaCount })}</legend>
            <label>
              <input type="radio" name={name} checked={chosen === ''} onChange={() => choose('')} />
              <span>{t('createNew')}</span>
            </label>
            {cluster.records.map((record) => (
              <label key={record.projectId}>
                <input
                  type="radio"
                  name={name}
                  checked={chosen === record.projectId}
                  onChange={() => choose(record.projectId)}
                />
                <span>
                  {t('attachTo', { title: record.title })}{' '}
                  <span className="item-meta">
                    {t('recordMeta', {
                      workshop: record.workshopTitle,
                      percent: Math.round(record.similarity * 100),
                    })}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )
      })}
    </section>
  )
}
