import { type FormEvent, useState } from 'react'
import type { CouncilView as Council, OneTimeLink as Invite } from '../../shared/api/auth.ts'
import { apiGet, apiPost, apiRequest } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, navigate } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { CopyButton, ErrorAlert, Loading, TextField, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { NewPasswordFields, passwordsDiffer } from '../auth/NewPasswordFields.tsx'
import { ErasePerson } from '../erasure/ErasePerson.tsx'
import { messages as followupMessages } from '../followup/messages.ts'
import { ShowcaseAddress } from '../showcase/ShowcaseAddress.tsx'
import { CouncilExport } from './CouncilExport.tsx'
import { DeleteCouncil } from './DeleteCouncil.tsx'
import { messages } from './messages.ts'

/**
 * `/conseil`: the council's members, invitation links for colleagues (shown to copy; no mail server),
 * the signed-in person's account (password, log out everywhere) and, for administrators, removing a
 * member and issuing a password reset link.
 */
export default function CouncilPage() {
  const t = useMessages(messages)
  const tf = useMessages(followupMessages)
  const { formatDateTime } = useLocale()
  const { me } = useSession()
  const {
    data: council,
    error: loadError,
    reload,
  } = useLoad((signal) => apiGet<Council>('/api/council', signal), [])
  const isAdmin = council?.members.some((m) => m.id === me?.userId && m.role === 'admin') ?? false
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
                <strong>{m.displayName}</strong> <span className="hint">{m.email}</span>{' '}
                <Link to={`/suivi/membres/${m.id}`}>{tf('followPageLink', { name: m.displayName })}</Link>
                {m.role === 'admin' && <span className="badge"> {t('admin')}</span>}
                {isAdmin && m.id !== me?.userId && <MemberActions member={m} onRemoved={reload} />}
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
      {council && <ShowcaseAddress slug={council.slug} isAdmin={isAdmin} onChanged={reload} />}
      {isAdmin && <CouncilExport />}
      <AccountSection />
      {isAdmin && council && <DeleteCouncil council={council} />}
    </div>
  )
}

/** An administrator's actions on another member: a reset link to hand over, or removal (confirmed). */
function MemberActions({ member, onRemoved }: { member: Council['members'][number]; onRemoved: () => void }) {
  const t = useMessages(messages)
  const { formatDateTime } = useLocale()
  const [link, setLink] = useState<Invite>()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()

  const act = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    try {
      await action()
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }
  const issueLink = () =>
    act(async () => {
      setLink(await apiPost<Invite>(`/api/council/members/${member.id}/reset-link`))
    })
  const remove = () =>
    act(async () => {
      await apiRequest('DELETE', `/api/council/members/${member.id}`)
      setConfirming(false)
      onRemoved()
    })
  const linkUrl = link ? `${window.location.origin}${link.path}` : undefined
  const linkId = `reset-link-${member.id}`

  return (
    <div className="member-actions">
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={issueLink} disabled={busy}>
          {t('resetLinkCreate', { name: member.displayName })}
        </button>
        {confirming ? (
          <>
            <span>{t('removeConfirm', { name: member.displayName })}</span>
            <button type="button" className="button button-danger" onClick={remove} disabled={busy}>
              {t('removeYes')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
            {t('remove', { name: member.displayName })}
          </button>
        )}
        <ErasePerson kind="member" id={member.id} name={member.displayName} onErased={onRemoved} />
      </div>
      <div aria-live="polite">
        {linkUrl && (
          <div className="invite">
            <label htmlFor={linkId}>{t('resetLink', { name: member.displayName })}</label>
            <input id={linkId} readOnly value={linkUrl} onFocus={(e) => e.target.select()} />
            <CopyButton text={linkUrl} />
            {link?.expiresAt && (
              <p className="hint">{t('resetLinkExpires', { date: formatDateTime(link.expiresAt) })}</p>
            )}
          </div>
        )}
      </div>
    </div>
  )
}

/** The signed-in person's account: change the password, log out of every device. */
function AccountSection() {
  const t = useMessages(messages)
  const { setMe } = useSession()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [busy, setBusy] = useState(false)
  const [changed, setChanged] = useState(false)
  const [error, setError] = useState<unknown>()
  const mismatch = passwordsDiffer(next, confirmation)

  const changePassword = async (event: FormEvent) => {
    event.preventDefault()
    if (mismatch) return
    setBusy(true)
    setError(undefined)
    setChanged(false)
    try {
      await apiPost('/api/auth/password', { currentPassword: current, newPassword: next })
      setCurrent('')
      setNext('')
      setConfirmation('')
      setChanged(true)
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  const logoutEverywhere = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await apiPost('/api/auth/logout-everywhere')
      setMe(null)
      navigate('/connexion')
    } catch (failure) {
      setError(failure)
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="account-title">
      <h2 id="account-title">{t('account')}</h2>
      <ErrorAlert error={error} />
      <form className="form" onSubmit={changePassword} aria-labelledby="password-title">
        <h3 id="password-title">{t('changePassword')}</h3>
        <TextField
          label={t('currentPassword')}
          type="password"
          name="currentPassword"
          autoComplete="current-password"
          required
          maxLength={256}
          value={current}
          onChange={setCurrent}
        />
        <NewPasswordFields
          password={next}
          onPassword={setNext}
          confirmation={confirmation}
          onConfirmation={setConfirmation}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('changePasswordSubmit')}
        </button>
        <p aria-live="polite" className="notice-inline">
          {changed ? t('passwordChanged') : ''}
        </p>
      </form>
      <h3>{t('logoutEverywhere')}</h3>
      <p>{t('logoutEverywhereIntro')}</p>
      <button type="button" className="button button-secondary" onClick={logoutEverywhere} disabled={busy}>
        {t('logoutEverywhereSubmit')}
      </button>
    </section>
  )
}
