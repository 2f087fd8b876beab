import { useMessages } from '../app/i18n.tsx'
import { TextField } from '../app/ui.tsx'
import { messages } from './messages.ts'

/** True when the second entry is typed and differs from the first: the form must not be sent. */
export function passwordsDiffer(password: string, confirmation: string): boolean {
  return confirmation !== '' && confirmation !== password
}

/**
 * A new password typed twice, with the rule as a hint (server/auth/password-policy.ts decides): the
 * reset page and the account section of the council page.
 */
export function NewPasswordFields(props: {
  password: string
  onPassword: (value: string) => void
  confirmation: string
  onConfirmation: (value: string) => void
}) {
  const t = useMessages(messages)
  return (
    <>
      <TextField
        label={t('newPassword')}
        hint={t('passwordHint')}
        type="password"
        name="newPassword"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={256}
        value={props.password}
        onChange={props.onPassword}
      />
      <TextField
        label={t('confirmPassword')}
        type="password"
        name="confirmPassword"
        autoComplete="new-password"
        required
        maxLength={256}
        value={props.confirmation}
        onChange={props.onConfirmation}
        error={passwordsDiffer(props.password, props.confirmation) ? t('passwordsDiffer') : undefined}
      />
    </>
  )
}
