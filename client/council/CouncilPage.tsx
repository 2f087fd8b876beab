import { useState } from 'react'
import { apiGet, apiPost } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { CopyButton, ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { messages } from './messages.ts'

interface Council {
  id: string
  name: string
  members: { id: string; email: string; displayName: string }[]
}

interface Invite {
  token: string
  path: string
  expiresAt?: string
}

/** `/conseil`: the council's members, and invitation links for colleagues (shown to copy; no mail server). */
export default function CouncilPage() {
  const t = useMessages(messages)
  const { formatDateTime } = useLocale()
  const { data: council, error: loadError } = useLoad((signal) => apiGet<Council>('/api/council', signal), [])
  /** Why the last invitation could not be made. */
  const [actionError, setError] = useState<unknown>()
  const error = loadError ?? actionError
  const [invite, setInvite] = useState<Invite>()
  const [busy, setBusy] = useState(false)
  useDocumentTitle(council?.name ?? t('title'))

  const createInvite = async () => {
    setBusy(true)
    setError(undefined)
    try {
      setInvite(await apiPost<Invite>('/api/council/invites'))
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  if (!council && !error) return <Loading />
  const inviteUrl = invite ? `${window.location.origin}${invite.path}` : undefined

  return (
    <div className="page page-medium">
      <h1>{council?.name ?? t('title')}</h1>
      <ErrorAlert error={error} />
      {council && (
        <section aria-labelledby="members-title">
          <h2 id="members-title">{t('members')}</h2>
          <ul className="people">
            {council.members.map((m) => (
              <li key={m.id}>
                <strong>{m.displayName}</strong> <span className="hint">{m.email}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t('invite')}</h2>
        <p>{t('inviteIntro')}</p>
        <button type="button" className="button" onClick={createInvite} disabled={busy}>
          {busy ? t('inviteCreating') : t('inviteCreate')}
        </button>
        <div aria-live="polite">
          {inviteUrl && (
            <div className="invite">
              <label htmlFor="invite-link">{t('inviteLink')}</label>
              <input id="invite-link" readOnly value={inviteUrl} onFocus={(e) => e.target.select()} />
              <CopyButton text={inviteUrl} />
              {invite?.expiresAt && (
                <p className="hint">{t('inviteExpires', { date: formatDateTime(invite.expiresAt) })}</p>
              )}
            </div>
          )}
        </div>
      </section>
    </div>
  )
}
