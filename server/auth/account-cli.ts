import type { Kysely } from 'kysely'
import { PASSWORD_MIN_LENGTH } from '../../shared/api/auth.ts'
import { deleteSessionsOfUser, findUserByEmail, setPasswordHash } from '../accounts/repository.ts'
import type { Database } from '../db/schema.ts'
import type { AccessEvents } from './access-events.ts'
import { issuePasswordReset } from './account-routes.ts'
import { passwordProblem } from './password-policy.ts'
import { hashPassword } from './passwords.ts'

export const accountUsage = `Usage: npm run account -- <command>

  reset-password EMAIL   prints a one-time reset link (valid 24 h) to hand to the person
  set-password EMAIL     reads a new password from standard input (its first line) and sets it

Both act on the store named by DATABASE_URL, else KENLABOUR_DATA_DIR (./data): with the embedded store,
stop the server first. set-password ends every session of the account (and, with REDIS_URL set, closes
its live sockets on the running instances).
`

export interface AccountCommandContext {
  db: Kysely<Database>
  /** The public address to print links with (the first of PUBLIC_URL), if any. */
  publicOrigin: string | undefined
  /** Standard input, read only by set-password. */
  readStdin: () => Promise<string>
  /** Revocations of ended sessions, for live sockets (a Redis relay when configured). */
  access?: AccessEvents
  out: (line: string) => void
}

/**
 * The operator's account commands (`npm run account -- …`, scripts/account.ts). Returns the exit code;
 * what it prints never includes a password.
 */
export async function runAccountCommand(args: string[], context: AccountCommandContext): Promise<number> {
  const [command, email] = args
  if ((command !== 'reset-password' && command !== 'set-password') || !email) {
    context.out(accountUsage)
    return 2
  }
  const user = await findUserByEmail(context.db, email)
  if (!user) {
    context.out(`No account with the address ${email}.`)
    return 1
  }
  if (command === 'reset-password') {
    const link = await issuePasswordReset(context.db, user.id, null)
    context.out(
      `Reset link for ${user.display_name} <${user.email}>, valid until ${link.expiresAt.toISOString()}:`,
    )
    context.out(`${context.publicOrigin ?? ''}${link.path}`)
    return 0
  }
  const password = (await context.readStdin()).split(/\r?\n/)[0] ?? ''
  const problem = passwordProblem(password, [user.email, user.display_name])
  if (problem) {
    context.out(
      problem === 'password_too_short'
        ? `Password refused: at least ${PASSWORD_MIN_LENGTH} characters, not counting spaces.`
        : 'Password refused: too common or too easy to guess.',
    )
    return 1
  }
  await setPasswordHash(context.db, user.id, await hashPassword(password))
  const sessionIds = await deleteSessionsOfUser(context.db, user.id)
  if (sessionIds.length > 0) context.access?.revoke({ sessionIds })
  context.out(`Password set for ${user.display_name} <${user.email}>; ${sessionIds.length} session(s) ended.`)
  return 0
}
