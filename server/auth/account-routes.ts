import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import {
  OneTimeLink,
  PASSWORD_MIN_LENGTH,
  PasswordChange,
  ResetInput,
  ResetView,
  SignupMode,
  TokenParams,
  UserParams,
} from '../../shared/api/auth.ts'
import { errorResponses, NoContent } from '../../shared/api/common.ts'
import {
  consumePasswordReset,
  deleteSessionsOfUser,
  findOpenPasswordReset,
  findUser,
  insertPasswordReset,
  removeMember,
  setPasswordHash,
  storeIsEmpty,
} from '../accounts/repository.ts'
import type { Database } from '../db/schema.ts'
import { cannotRemoveSelf, notFound, passwordRefused, resetLinkInvalid, wrongPassword } from '../errors.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { loginAttempts } from './login-attempts.ts'
import { passwordProblem } from './password-policy.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { replySignedOut, requireCouncilAdmin } from './session-plugin.ts'
import type { AccountActor } from './sessions.ts'
import { generateToken, hashToken } from './tokens.ts'

/** How long a reset link an administrator (or the operator) issued stays usable. */
export const RESET_LINK_LIFETIME = 24 * 60 * 60 * 1000

/** The path of the client's page that sets a new password with a reset token. */
export const resetPath = (token: string) => `/mot-de-passe?jeton=${token}`

/** Throws the 400 of the password policy (password-policy.ts) when `password` is refused. */
export function checkNewPassword(password: string, context: string[], field = 'password'): void {
  const problem = passwordProblem(password, context)
  if (problem) throw passwordRefused(problem, PASSWORD_MIN_LENGTH, field)
}

/**
 * Issues a one-time reset link for `userId`: the token is returned once, only its hash is stored
 * (like sessions). Used by the administrators' route and by the operator's command line.
 */
export async function issuePasswordReset(
  db: import('kysely').Kysely<Database>,
  userId: string,
  createdBy: string | null,
  now = new Date(),
): Promise<{ token: string; path: string; expiresAt: Date }> {
  const token = generateToken()
  const expiresAt = new Date(now.getTime() + RESET_LINK_LIFETIME)
  await insertPasswordReset(db, { id: hashToken(token), userId, createdBy, expiresAt })
  return { token, path: resetPath(token), expiresAt }
}

/**
 * What an organisation needs to run its accounts (DESIGN.md, "Accounts" and "Accounts and the instance"):
 * the sign-up mode, password change, "log out everywhere", removing a council member, and reset links.
 * Ending sessions also closes their live sockets, on every instance (app.access).
 */
export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const admin = signedInRoutes(app, 'council', requireCouncilAdmin)
  const route = signedInRoutes(app, 'auth')
  const db = () => app.store.db

  /** Ends sessions of `userId` (all, or all but `except`) and closes their sockets. */
  async function endSessions(userId: string, except?: string): Promise<void> {
    const sessionIds = await deleteSessionsOfUser(db(), userId, except)
    if (sessionIds.length > 0) app.access.revoke({ sessionIds })
  }

  /** A member of the administrator's own council (not removed), else 404. */
  async function memberOf(actor: AccountActor, userId: string) {
    const member = await findUser(db(), userId)
    if (!member || member.council_id !== actor.councilId) throw notFound('Membre')
    return member
  }

  api.get(
    '/api/auth/signup-mode',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether a sign-up without an invitation is accepted now (KENLABOUR_SIGNUP)',
        description:
          '`invite` (default): only the instance’s first account signs up without an invitation; ' +
          '`open`: anyone. `invitationNeeded` is true when a sign-up without an invitation would be refused ' +
          '(403 signup_invite_only).',
        response: {
          200: SignupMode,
        },
      },
    },
    async () => {
      const mode = app.config.signup
      return { mode, invitationNeeded: mode === 'invite' && !(await storeIsEmpty(db())) }
    },
  )

  route.post(
    '/api/auth/password',
    {
      summary: 'Change the password; every other session of the account ends (their sockets close)',
      description:
        'A wrong `currentPassword` (403 wrong_password) counts as a failed log-in, per address and per ' +
        'account: over the limit every attempt answers 429 too_many_failures until the window passes.',
      body: PasswordChange,
      response: { 204: NoContent },
    },
    async (actor, request, reply) => {
      const user = await findUser(db(), actor.userId)
      if (!user) throw notFound('Compte')
      // A wrong current password is a failed attempt like a wrong log-in (same counters, per address
      // and per account): a borrowed session cannot be used to guess the password.
      const attempts = loginAttempts(app.attempts, request.ip, user.email)
      await attempts.assertAllowed()
      if (!(await verifyPassword(user.password_hash, request.body.currentPassword))) {
        await attempts.recordFailure()
        throw wrongPassword()
      }
      checkNewPassword(request.body.newPassword, [user.email, user.display_name], 'newPassword')
      await setPasswordHash(db(), user.id, await hashPassword(request.body.newPassword))
      await endSessions(user.id, actor.sessionId)
      reply.status(204).send(null)
    },
  )

  route.post(
    '/api/auth/logout-everywhere',
    {
      summary: 'End every session of the account, this one included (their sockets close)',
      response: { 204: NoContent },
    },
    async (actor, request, reply) => {
      await endSessions(actor.userId)
      replySignedOut(request, reply)
    },
  )

  admin.delete(
    '/api/council/members/:userId',
    {
      summary:
        'Remove a member from the council (council administrators): its sessions and live sockets end at ' +
        'once and it can no longer sign in; what it created stays, under its name; workshops it ' +
        'facilitated alone pass to the administrator',
      params: UserParams,
      response: { 204: NoContent },
    },
    async (actor, request, reply) => {
      if (request.params.userId === actor.userId) throw cannotRemoveSelf()
      const sessionIds = await removeMember(db(), actor.councilId, request.params.userId, actor.userId)
      if (!sessionIds) throw notFound('Membre')
      // Its sessions by id, and every socket of the account on any instance (no workshop named).
      app.access.revoke({ sessionIds, userId: request.params.userId })
      reply.status(204).send(null)
    },
  )

  api.post(
    '/api/council/members/:userId/reset-link',
    {
      schema: {
        tags: ['council'],
        summary:
          'Issue a one-time password reset link for a member (council administrators), valid 24 hours, to ' +
          'hand over by hand: no mail is sent. Only the token’s hash is stored',
        params: UserParams,
        response: {
          201: OneTimeLink,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const actor = await requireCouncilAdmin(request)
      const member = await memberOf(actor, request.params.userId)
      const link = await issuePasswordReset(db(), member.id, actor.userId)
      reply.status(201)
      return { token: link.token, path: link.path, expiresAt: link.expiresAt.toISOString() }
    },
  )

  api.get(
    '/api/auth/password-reset/:token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whom a reset link is for (404 reset_link_invalid when unknown, used or expired)',
        params: TokenParams,
        response: { 200: ResetView, ...errorResponses },
      },
    },
    async (request) => {
      const reset = await findOpenPasswordReset(db(), hashToken(request.params.token))
      if (!reset) throw resetLinkInvalid()
      return { displayName: reset.display_name }
    },
  )

  api.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Set a new password with a reset link’s token (single use); every session of the account ends, ' +
          'and the person then signs in with the new password',
        body: ResetInput,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const reset = await findOpenPasswordReset(db(), hashToken(request.body.token))
      if (!reset) throw resetLinkInvalid()
      checkNewPassword(request.body.newPassword, [reset.email, reset.display_name], 'newPassword')
      const passwordHash = await hashPassword(request.body.newPassword)
      if (!(await consumePasswordReset(db(), reset.id, reset.user_id))) throw resetLinkInvalid()
      await setPasswordHash(db(), reset.user_id, passwordHash)
      await endSessions(reset.user_id)
      reply.status(204).send(null)
    },
  )
}
