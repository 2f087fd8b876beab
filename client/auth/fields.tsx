import { useState } from 'react'
import { useMessages } from '../app/i18n.tsx'
import { TextField } from '../app/ui.tsx'
import { messages } from './messages.ts'

/** The fields of the account pages (log in, sign up, reset) and of the council page's account section. */

/** True when the second entry is typed and differs from the first: the form must not be sent. */
export function passwordsDiffer(password: string, confirmation: string): boolean {
  return confirmation !== '' && confirmation !== password
}

/** A new password typed twice: both entries, and whether they differ. */
export interface NewPasswordEntry {
  password: string
  setPassword: (value: string) => void
  confirmation: string
  setConfirmation: (value: string) => void
  /** The confirmation is typed and differs: the form must not be sent. */
  mismatch: boolean
  /** Empties both entries (after a change went through). */
  clear: () => void
}

/** The state of NewPasswordFields. */
export function useNewPasswordEntry(): NewPasswordEntry {
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  return {
    password,
    setPassword,
    confirmation,
    setConfirmation,
    mismatch: passwordsDiffer(password, confirmation),
    clear: () => {
      setPassword('')
      setConfirmation('')
    },
  }
}

/** An e-mail address that names an account. */
export function EmailField(props: { value: string; onChange: (value: string) => void; maxLength?: number }) {
  const t = useMessages(messages)
  return <TextField label={t('email')} type="email" name="email" autoComplete="email" required {...props} />
}

/** A password being chosen, with the rule as a hint (server/auth/password-policy.ts decides). */
export function NewPasswordField(props: {
  label: string
  name: string
  value: string
  onChange: (value: string) => void
}) {
  const t = useMessages(messages)
  return (
    <TextField
      hint={t('passwordHint')}
      type="password"
      autoComplete="new-password"
      required
      minLength={8}
      maxLength={256}
      {...props}
    />
  )
}

/** A new password typed twice: the reset page and the account section of the council page. */
export function NewPasswordFields({ entry }: { entry: NewPasswordEntry }) {
  const t = useMessages(messages)
  return (
    <>
      <NewPasswordField
        label={t('newPassword')}
        name="newPassword"
        value={entry.password}
        onChange={entry.setPassword}
      />
      <TextField
        label={t('confirmPassword')}
        type="password"
        name="confirmPassword"
        autoComplete="new-password"
        required
        maxLength={256}
        value={entry.confirmation}
        onChange={entry.setConfirmation}
        error={entry.mismatch ? t('passwordsDiffer') : undefined}
      />
    </>
  )
}
