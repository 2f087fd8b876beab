import { useState } from 'react'
import { apiPost } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { isLocalPath, Link, navigate, type PageProps } from '../app/router.tsx'
import { type Me, useSession } from '../app/session.tsx'
import { ErrorAlert, SubmitButton, TextField, useDocumentTitle } from '../app/ui.tsx'
import { useSubmit } from '../app/use-submit.ts'
import { EmailField } from './fields.tsx'
import { messages } from './messages.ts'
import { SwitchLink } from './SwitchLink.tsx'

/** `/connexion`: log in with e-mail and password, then back to `?suite=` (or the dashboard). */
export function LoginPage({ query }: PageProps) {
  const t = useMessages(messages)
  useDocumentTitle(t('loginTitle'))
  const { me, setMe } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const next = query.get('suite')
  const target = isLocalPath(next) ? next : '/'

  const { busy, error, submit } = useSubmit(async () => {
    setMe(await apiPost<Me>('/api/auth/login', { email: email.trim(), password }))
    navigate(target)
  })

  return (
    <div className="page page-narrow">
      <h1>{t('loginTitle')}</h1>
      {me?.kind === 'account' ? (
        <p>
          {t('alreadySignedIn', { name: me.displayName })} <Link to="/">{t('toDashboard')}</Link>
        </p>
      ) : (
        <>
          <p className="lead">{t('loginIntro')}</p>
          <form className="card form" onSubmit={submit}>
            <ErrorAlert error={error} />
            <EmailField value={email} onChange={setEmail} />
            <TextField
              label={t('password')}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={setPassword}
            />
            <SubmitButton busy={busy} label={t('loginSubmit')} busyLabel={t('loggingIn')} />
          </form>
          <SwitchLink question={t('noAccount')} to="/inscription" suite={next && target}>
            {t('createAccount')}
          </SwitchLink>
          <SwitchLink question={t('guestHint')} to="/rejoindre">
            {t('joinWithCode')}
          </SwitchLink>
        </>
      )}
    </div>
  )
}
