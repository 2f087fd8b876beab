import { type FormEvent, useState } from 'react'
import { apiGet, apiPost } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { ErrorAlert, Loading, SubmitButton, useDocumentTitle } from '../app/ui.tsx'
import { useAction } from '../app/use-action.ts'
import { useLoad } from '../app/use-load.ts'
import { NewPasswordFields, useNewPasswordEntry } from './fields.tsx'
import { messages } from './messages.ts'

/**
 * `/mot-de-passe?jeton=TOKEN`: sets a new password with a one-time link that a council administrator
 * (or the operator, `npm run account -- reset-password`) issued. Every session of the account ends; the
 * person then logs in with the new password.
 */
export function ResetPasswordPage({ query }: PageProps) {
  const t = useMessages(messages)
  useDocumentTitle(t('resetTitle'))
  const { refresh } = useSession()
  const token = query.get('jeton') ?? ''
  const link = useLoad(
    (signal) =>
      token
        ? apiGet<{ displayName: string }>(`/api/auth/password-reset/${encodeURIComponent(token)}`, signal)
        : Promise.reject(new Error('no token')),
    [token],
  )
  const entry = useNewPasswordEntry()
  const { busy, error, run } = useAction()
  const [done, setDone] = useState(false)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (entry.mismatch) return
    void run(async () => {
      await apiPost('/api/auth/password-reset', { token, newPassword: entry.password })
      // Every session of the account ended, this browser's too if it was that account's.
      await refresh()
      setDone(true)
    })
  }

  return (
    <div className="page page-narrow">
      <h1>{t('resetTitle')}</h1>
      {done ? (
        <p className="notice" role="status">
          {t('resetDone')} <Link to="/connexion">{t('loginSubmit')}</Link>
        </p>
      ) : link.error ? (
        <p className="alert" role="alert">
          {t('resetInvalid')}
        </p>
      ) : !link.data ? (
        <Loading />
      ) : (
        <form className="card form" onSubmit={submit}>
          <p>{t('resetFor', { name: link.data.displayName })}</p>
          <ErrorAlert error={error} />
          <NewPasswordFields entry={entry} />
          <SubmitButton busy={busy} label={t('resetSubmit')} busyLabel={t('saving')} />
        </form>
      )}
    </div>
  )
}
