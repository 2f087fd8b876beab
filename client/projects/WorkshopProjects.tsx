import { useState } from 'react'
import { ApiError } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link } from '../app/router.tsx'
import { useAction } from '../app/use-action.ts'
import { useLoad } from '../app/use-load.ts'
import { SaveOutcome } from '../records/save.tsx'
import { type LatestConversion, type SimilarRecords as Proposal, projectsApi } from './api.ts'
import { messages } from './messages.ts'
import { type AttachChoices, attachList, SimilarRecords } from './SimilarRecords.tsx'
import './projects.css'

/**
 * The projects part of the workshop page (`/ateliers/:id`): for facilitators, the button that closes the
 * workshop and converts its board (again, later, to refresh); for everyone, the link to its records and
 * the ideas left outside clusters, grouped by zone.
 */
export function WorkshopProjects({
  workshopId,
  isFacilitator,
  onConverted,
}: {
  workshopId: string
  isFacilitator: boolean
  /** Called after a conversion (the workshop is now closed: its page reloads it). */
  onConverted?: () => void
}) {
  const t = useMessages(messages)
  const { formatDateTime } = useLocale()
  // null: never converted. A failed read leaves the section without its summary (the page says the rest).
  const loaded = useLoad<LatestConversion | null>(
    (signal) =>
      projectsApi.latestConversion(workshopId, signal).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null
        throw e
      }),
    [workshopId],
  )
  const latest = loaded.data
  // Facilitators see, before converting, the clusters that resemble existing records (none: nothing shown).
  const proposal = useLoad<Proposal>(
    (signal) =>
      isFacilitator
        ? projectsApi.similarRecords(workshopId, signal).catch(() => ({ clusters: [] }))
        : Promise.resolve({ clusters: [] }),
    [workshopId, isFacilitator],
  )
  const [choices, setChoices] = useState<AttachChoices>({})
  const { busy, error, run } = useAction()
  const [notice, setNotice] = useState<string>()

  const convert = async () => {
    if (!latest && !window.confirm(t('convertConfirm'))) return
    await run(async () => {
      const result = await projectsApi.convert(workshopId, attachList(choices))
      setNotice(
        t('converted', {
          count: result.projects.length,
          created: result.created,
          updated: result.updated,
          missing: result.missing,
        }),
      )
      setChoices({})
      loaded.reload()
      proposal.reload()
      onConverted?.()
    })
  }

  return (
    <section className="card workshop-projects" aria-labelledby="workshop-projects-title">
      <h2 id="workshop-projects-title">{t('workshopRecordsTitle')}</h2>
      {latest === undefined ? null : latest === null ? (
        <p>{t('noConversion')}</p>
      ) : (
        <p>{t('lastConversion', { date: formatDateTime(latest.convertedAt) })}</p>
      )}
      {isFacilitator && proposal.data && (
        <SimilarRecords proposal={proposal.data} choices={choices} onChange={setChoices} />
      )}
      {isFacilitator && (
        <p className="actions">
          <button type="button" className="button" onClick={convert} disabled={busy}>
            {busy ? t('converting') : latest ? t('reconvert') : t('convert')}
          </button>
        </p>
      )}
      <SaveOutcome error={error} notice={notice} />
      {latest && (
        <>
          <p>
            <Link to={`/projets?workshopId=${encodeURIComponent(workshopId)}`}>
              {t('seeRecords')} ({t('projectCount', { count: latest.projectCount })})
            </Link>
          </p>
          {latest.looseIdeas.zones.length > 0 && (
            <details>
              <summary>{t('looseTitle')}</summary>
              {latest.looseIdeas.zones.map((zone) => (
                <div key={zone.zoneId ?? 'outside'}>
                  <h3 className="small-heading">
                    {zone.zoneId
                      ? zone.zoneTitle || [zone.priorityCode, zone.actionCode].filter(Boolean).join(' › ')
                      : t('looseOutside')}
                  </h3>
                  <ul>
                    {zone.ideas.map((idea) => (
                      <li key={idea.id}>
                        {idea.text}{' '}
                        <span className="item-meta">{t('author', { name: idea.authorName })}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </details>
          )}
        </>
      )}
    </section>
  )
}
