import { type FormEvent, useState } from 'react'
import type { CouncilView as Council, OneTimeLink as Invite } from '../../shared/api/auth.ts'
import { apiGet, apiPost, apiRequest } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, navigate } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { CopyButton, ErrorAlert, Loading, TextField, useDocumentTitle } from '../app/ui.tsx'
import { useAction } from '../app/use-action.ts'
import { useLoad } from '../app/use-load.ts'
import { NewPasswordFields, useNewPasswordEntry } from '../auth/fields.tsx'
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
  const { me } = useSession()
  const {
    data: council,
    error: loadError,
    reload,
  } = useLoad((signal) => apiGet<Council>('/api/council', signal), [])
  const isAdmin = council?.members.some((m) => m.id === me?.userId && m.role === 'admin') ?? false
  /** Making an invitation; its error is why the last one could not be made. */
  const inviting = useAction()
  const error = loadError ?? inviting.error
  const [invite, setInvite] = useState<Invite>()
  useDocumentTitle(council?.name ?? t('title'))

  const createInvite = () =>
    inviting.run(async () => {
      setInvite(await apiPost<Invite>('/api/council/invites'))
    })

  if (!council && !error) return <Loading />

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
        <button type="button" className="button" onClick={createInvite} disabled={inviting.busy}>
          {inviting.busy ? t('inviteCreating') : t('inviteCreate')}
        </button>
        <LinkToHandOver
          id="invite-link"
          link={invite}
          label={t('inviteLink')}
          expires={(date) => t('inviteExpires', { date })}
        />
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
  const [link, setLink] = useState<Invite>()
  const [confirming, setConfirming] = useState(false)
  const { busy, error, run } = useAction()

  const issueLink = () =>
    run(async () => {
      setLink(await apiPost<Invite>(`/api/council/members/${member.id}/reset-link`))
    })
  const remove = () =>
    run(async () => {
      await apiRequest('DELETE', `/api/council/members/${member.id}`)
      setConfirming(false)
      onRemoved()
    })

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
      <LinkToHandOver
        id={`reset-link-${member.id}`}
        link={link}
        label={t('resetLink', { name: member.displayName })}
        expires={(date) => t('resetLinkExpires', { date })}
      />
    </div>
  )
}

/**
 * A one-time link (an invitation, a password reset) once made: shown to copy and hand over, as there
 * is no mail server, with when it expires. Announced politely when it appears.
 */
function LinkToHandOver(props: {
  id: string
  link: Invite | undefined
  label: string
  /** The sentence that says when it expires, given the formatted date. */
  expires: (date: string) => string
}) {
  const { formatDateTime } = useLocale()
  const url = props.link ? `${window.location.origin}${props.link.path}` : undefined
  return (
    <div aria-live="polite">
      {url && (
        <div className="invite">
          <label htmlFor={props.id}>{props.label}</label>
          <input id={props.id} readOnly value={url} onFocus={(e) => e.target.select()} />
          <CopyButton text={url} />
          {props.link?.expiresAt && (
            <p className="hint">{props.expires(formatDateTime(props.link.expiresAt))}</p>
          )}
        </div>
      )}
    </div>
  )
}

/** The signed-in person's account: change the password, log out of every device. */
function AccountSection() {
  const t = useMessages(messages)
  const { setMe } = useSession()
  const [current, setCurrent] = useState('')
  const entry = useNewPasswordEntry()
  const [changed, setChanged] = useState(false)
  const { busy, error, run } = useAction()

  const changePassword = (event: FormEvent) => {
    event.preventDefault()
    if (entry.mismatch) return
    setChanged(false)
    void run(async () => {
      await apiPost('/api/auth/password', { currentPassword: current, newPassword: entry.password })
      setCurrent('')
      entry.clear()
      setChanged(true)
    })
  }

  const logoutEverywhere = () =>
    run(
      async () => {
        await apiPost('/api/auth/logout-everywhere')
        setMe(null)
        navigate('/connexion')
      },
      { leaves: true },
    )

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
        <NewPasswordFields entry={entry} />
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
