import { useState } from 'react'
import { apiGet, apiRequest } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { ErrorAlert, TableHead } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { ErasePerson } from '../erasure/ErasePerson.tsx'
import { useCouncilAdmin } from '../erasure/use-council-admin.ts'
import { messages } from './messages.ts'

interface Participant {
  guestId: string
  displayName: string
  role: 'participant' | 'observer'
  joinedAt: string
  online: boolean
}

/**
 * Who is in the workshop, for its facilitators (GET /api/workshops/:id/participants): name, role,
 * arrival, online now; remove one person (their session ends, their connections close on every
 * instance, their ideas stay), erase one (council administrators: client/erasure/), and the attendance
 * list for French spreadsheets (…/participants.csv).
 */
export function Participants({ workshopId }: { workshopId: string }) {
  const t = useMessages(messages)
  const { formatDateTime } = useLocale()
  const base = `/api/workshops/${encodeURIComponent(workshopId)}/participants`
  const loaded = useLoad((signal) => apiGet<Participant[]>(base, signal), [base])
  const people = loaded.data
  const admin = useCouncilAdmin()
  /** Why the last removal failed. */
  const [actionError, setError] = useState<unknown>()
  const error = loaded.error ?? actionError

  const remove = async (person: Participant) => {
    if (!window.confirm(t('removeParticipantConfirm', { name: person.displayName }))) return
    setError(undefined)
    try {
      await apiRequest('DELETE', `${base}/${encodeURIComponent(person.guestId)}`)
      loaded.reload()
    } catch (failure) {
      setError(failure)
    }
  }

  return (
    <section aria-labelledby="participants-title">
      <h2 id="participants-title">{t('participantsTitle', { count: people?.length ?? 0 })}</h2>
      {error !== undefined && <ErrorAlert error={error} />}
      <p>
        <a href={`${base}.csv`} download>
          {t('attendanceCsv')}
        </a>{' '}
        <button type="button" className="button button-quiet" onClick={loaded.reload}>
          {t('refresh')}
        </button>
      </p>
      {people && people.length === 0 && <p>{t('noParticipants')}</p>}
      {people && people.length > 0 && (
        <table className="participants">
          <TableHead columns={[t('name'), t('role'), t('joinedAt'), t('onlineNow')]} actions={t('actions')} />
          <tbody>
            {people.map((person) => (
              <tr key={person.guestId}>
                <td>{person.displayName}</td>
                <td data-label={t('role')}>
                  {person.role === 'observer' ? t('roleObserver') : t('roleParticipant')}
                </td>
                <td data-label={t('joinedAt')}>{formatDateTime(person.joinedAt)}</td>
                <td data-label={t('onlineNow')}>{person.online ? t('yes') : t('no')}</td>
                <td>
                  <button
                    type="button"
                    className="button button-quiet"
                    aria-label={t('removeParticipant', { name: person.displayName })}
                    onClick={() => void remove(person)}
                  >
                    {t('remove')}
                  </button>
                  {admin && (
                    <ErasePerson
                      kind="guest"
                      id={person.guestId}
                      name={person.displayName}
                      onErased={loaded.reload}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
