import { type FormEvent, useState } from 'react'
import { apiGet, apiPost } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { messages } from './messages.ts'
import { NewPasswordFields, passwordsDiffer } from './NewPasswordFields.tsx'

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
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const [error, setError] = useState<unknown>()
  const mismatch = passwordsDiffer(password, confirmation)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (mismatch) return
    setBusy(true)
    setError(undefined)
    try {
      await apiPost('/api/auth/password-reset', { token, newPassword: password })
      // Every session of the account ended, this browser's too if it was that account's.
      await refresh()
      setDone(true)
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
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
          <NewPasswordFields
            password={password}
            onPassword={setPassword}
            confirmation={confirmation}
            onConfirmation={setConfirmation}
          />
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('saving') : t('resetSubmit')}
          </button>
        </form>
      )}
    </div>
  )
}
