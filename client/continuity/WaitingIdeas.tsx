import { type FormEvent, useId, useState } from 'react'
import type { WorkshopView } from '../../shared/api/workshops.ts'
import { apiGet } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { useErrorText } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { carryWaiting, readWaiting } from './continuity-api.ts'
import './continuity.css'
import { messages } from './messages.ts'

/**
 * The contract page's "idées en attente": ideas left outside clusters at the conversions of the
 * contract's workshops, per priority, each with a box to tick; a facilitator picks an open workshop of
 * the contract they facilitate and brings the ticked ones onto its board (into the zone of their
 * priority). Ideas brought leave the list.
 */
export function WaitingIdeas({ contractId }: { contractId: string }) {
  const t = useMessages(messages)
  const { formatDate } = useLocale()
  const errorText = useErrorText()
  const id = useId()
  const [version, setVersion] = useState(0)
  const { data: waiting } = useLoad((signal) => readWaiting(contractId, signal), [contractId, version])
  const { data: workshops } = useLoad(
    (signal) => apiGet<WorkshopView[]>('/api/workshops', signal),
    [contractId],
  )
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [target, setTarget] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState('')

  if (!waiting) return null
  const open = (workshops ?? []).filter(
    (w) => w.contractId === contractId && w.phase !== 'closed' && w.isFacilitator,
  )
  const targetId = target || open[0]?.id || ''

  const toggle = (ideaId: string, on: boolean) => {
    const next = new Set(chosen)
    if (on) next.add(ideaId)
    else next.delete(ideaId)
    setChosen(next)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setDone('')
    if (chosen.size === 0) {
      setError(t('waitingChooseOne'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const answer = await carryWaiting(targetId, [...chosen])
      const workshop = open.find((w) => w.id === targetId)?.title ?? ''
      setDone(t('waitingCarried', { count: answer.placed.length, workshop }))
      setChosen(new Set())
      setVersion((v) => v + 1)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  const errorId = `${id}-error`
  return (
    <section className="kc-waiting" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('waitingTitle')}</h2>
      <p className="hint">{t('waitingIntro')}</p>
      {waiting.priorities.length === 0 ? (
        <p>{t('waitingEmpty')}</p>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          {waiting.priorities.map((group) => (
            <fieldset key={group.priorityCode ?? ''}>
              <legend>
                {group.priorityCode ? (
                  <>
                    <span className="code">{group.priorityCode}</span> {group.priorityTitle}
                  </>
                ) : (
                  t('waitingNoPriority')
                )}
              </legend>
              <ul>
                {group.ideas.map((idea) => (
                  <li key={idea.id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={chosen.has(idea.id)}
                        onChange={(event) => toggle(idea.id, event.currentTarget.checked)}
                      />
                      <span>
                        <span className="kc-text">{idea.text}</span>
                        <span className="kc-meta">
                          {' — '}
                          {idea.actionCode ? `${idea.actionCode} · ` : ''}
                          {t('waitingFrom', {
                            workshop: idea.workshopTitle,
                            date: formatDate(idea.date, 'short'),
                          })}
                        </span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
          {open.length === 0 ? (
            <p className="hint">{t('waitingNoWorkshop')}</p>
          ) : (
            <>
              <label htmlFor={`${id}-target`}>{t('waitingTarget')}</label>
              <select
                id={`${id}-target`}
                value={targetId}
                onChange={(event) => setTarget(event.currentTarget.value)}
              >
                {open.map((workshop) => (
                  <option key={workshop.id} value={workshop.id}>
                    {workshop.title}
                  </option>
                ))}
              </select>
              {error && (
                <p id={errorId} className="error" role="alert">
                  {error}
                </p>
              )}
              <button
                type="submit"
                className="button"
                disabled={busy}
                aria-describedby={error ? errorId : undefined}
              >
                {t('waitingCarry')}
              </button>
            </>
          )}
          <p role="status">{done}</p>
        </form>
      )}
    </section>
  )
}
