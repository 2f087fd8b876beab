import { useState } from 'react'
import type { CouncilView } from '../../shared/api/auth.ts'
import { apiGet, apiRequest } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { ErrorAlert } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { messages } from './messages.ts'
import type { Facilitator } from './workshop.ts'

/**
 * The workshop's facilitators, and the council's other members to add as co-facilitators (they get the
 * whole facilitator panel on the board). Removing one closes their connections to the board at once;
 * the last facilitator cannot be removed (the server refuses it).
 */
export function CoFacilitators(props: { workshopId: string; facilitators: Facilitator[]; meId?: string }) {
  const t = useMessages(messages)
  const [facilitators, setFacilitators] = useState(props.facilitators)
  // Without the members (a failed read), the list of facilitators still shows.
  const members = useLoad((signal) => apiGet<CouncilView>('/api/council', signal), []).data?.members ?? []
  const [chosen, setChosen] = useState('')
  const [error, setError] = useState<unknown>()
  const base = `/api/workshops/${encodeURIComponent(props.workshopId)}/facilitators`

  const candidates = members.filter((m) => !facilitators.some((f) => f.userId === m.id))

  const change = async (method: 'POST' | 'DELETE', userId: string) => {
    setError(undefined)
    try {
      const answer = await apiRequest<{ facilitators: Facilitator[] }>(
        method,
        method === 'POST' ? base : `${base}/${encodeURIComponent(userId)}`,
        method === 'POST' ? { userId } : undefined,
      )
      setFacilitators(answer.facilitators)
      setChosen('')
    } catch (failure) {
      setError(failure)
    }
  }

  return (
    <section aria-labelledby="facilitators-title">
      <h2 id="facilitators-title">{t('facilitators')}</h2>
      {error !== undefined && <ErrorAlert error={error} />}
      <ul className="people">
        {facilitators.map((f) => (
          <li key={f.userId}>
            {f.displayName}{' '}
            {facilitators.length > 1 && (
              <button
                type="button"
                className="button button-quiet"
                aria-label={t('removeFacilitator', { name: f.displayName })}
                onClick={() => void change('DELETE', f.userId)}
              >
                {t('remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {candidates.length > 0 && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            if (chosen) void change('POST', chosen)
          }}
        >
          <label>
            {t('addFacilitator')}
            <select value={chosen} onChange={(event) => setChosen(event.target.value)}>
              <option value="">—</option>
              {candidates.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.displayName} ({m.email})
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit" className="button" disabled={!chosen}>
            {t('add')}
          </button>
        </form>
      )}
    </section>
  )
}
