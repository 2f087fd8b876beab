import { useState } from 'react'
import { apiGet, apiPost } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { isLocalPath, navigate, type PageProps } from '../app/router.tsx'
import { type Me, useSession } from '../app/session.tsx'
import { ErrorAlert, Loading, SubmitButton, TextField, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { useSubmit } from '../app/use-submit.ts'
import { EmailField, NewPasswordField } from './fields.tsx'
import { messages } from './messages.ts'
import { SwitchLink } from './SwitchLink.tsx'

type Invite =
  | { state: 'none' }
  | { state: 'checking' }
  | { state: 'valid'; councilName: string }
  | { state: 'invalid' }

/**
 * `/inscription`: create an account. Without an invitation it also creates the council;
 * with `?invitation=TOKEN` it joins the council that invited, whose name is shown first. When the
 * instance signs up by invitation only (KENLABOUR_SIGNUP=invite, once its first account exists), the
 * page says so instead of showing a form that would be refused.
 */
export function SignupPage({ query }: PageProps) {
  const t = useMessages(messages)
  useDocumentTitle(t('signupTitle'))
  const { setMe } = useSession()
  const token = query.get('invitation')
  const next = query.get('suite')
  const checked = useLoad<Invite>(
    (signal) =>
      token
        ? apiGet<{ councilName: string }>(`/api/invites/${encodeURIComponent(token)}`, signal).then(
            (found) => ({ state: 'valid', councilName: found.councilName }),
            (failure) => {
              if (signal.aborted) throw failure
              return { state: 'invalid' }
            },
          )
        : Promise.resolve({ state: 'none' }),
    [token],
  )
  const invite: Invite = checked.data ?? (token ? { state: 'checking' } : { state: 'none' })
  // KENLABOUR_SIGNUP: with `invite` (the default), only the instance's first account signs up freely.
  const mode = useLoad(
    (signal) =>
      apiGet<{ mode: 'invite' | 'open'; invitationNeeded: boolean }>('/api/auth/signup-mode', signal),
    [],
  )
  const invitationNeeded = mode.data?.invitationNeeded === true && invite.state !== 'valid'
  // Until the mode is known (and unless an invitation is there), no form that might be refused.
  const modePending = mode.data === undefined && mode.error === undefined && invite.state !== 'valid'
  const [displayName, setDisplayName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [councilName, setCouncilName] = useState('')

  const joining = invite.state === 'valid'

  const { busy, error, submit } = useSubmit(async () => {
    const me = await apiPost<Me>('/api/auth/signup', {
      email: email.trim(),
      password,
      displayName: displayName.trim(),
      ...(joining ? { inviteToken: token } : councilName.trim() ? { councilName: councilName.trim() } : {}),
    })
    setMe(me)
    navigate(isLocalPath(next) ? next : '/')
  })

  return (
    <div className="page page-narrow">
      <h1>{t('signupTitle')}</h1>
      {invite.state === 'valid' ? (
        <p className="notice">{t('invitedTo', { council: invite.councilName })}</p>
      ) : invite.state === 'invalid' ? (
        <p className="alert" role="alert">
          {invitationNeeded ? t('inviteInvalidInviteOnly') : t('inviteInvalid')}
        </p>
      ) : invitationNeeded ? null : (
        <p className="lead">{t('signupIntro')}</p>
      )}
      {modePending ? (
        <Loading />
      ) : invitationNeeded && invite.state !== 'checking' ? (
        <div className="card" role="status">
          <h2>{t('inviteOnlyTitle')}</h2>
          <p>{t('inviteOnly')}</p>
        </div>
      ) : (
        <form className="card form" onSubmit={submit}>
          <ErrorAlert error={error} />
          <TextField
            label={t('displayName')}
            hint={t('displayNameHint')}
            name="displayName"
            autoComplete="name"
            required
            maxLength={80}
            value={displayName}
            onChange={setDisplayName}
          />
          <EmailField value={email} onChange={setEmail} maxLength={254} />
          <NewPasswordField label={t('password')} name="password" value={password} onChange={setPassword} />
          {!joining && invite.state !== 'checking' && (
            <TextField
              label={t('councilName')}
              hint={t('councilNameHint')}
              name="councilName"
              autoComplete="organization"
              maxLength={120}
              value={councilName}
              onChange={setCouncilName}
            />
          )}
          <SubmitButton
            busy={busy}
            label={t('signupSubmit')}
            busyLabel={t('signingUp')}
            disabled={invite.state === 'checking'}
          />
        </form>
      )}
      <SwitchLink question={t('haveAccount')} to="/connexion" suite={next}>
        {t('loginSubmit')}
      </SwitchLink>
    </div>
  )
}
