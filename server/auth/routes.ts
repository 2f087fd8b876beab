import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  CouncilView,
  InviteView,
  LoginInput,
  Me,
  OneTimeLink,
  SignupInput,
  TokenParams,
} from '../../shared/api/auth.ts'
import { errorResponses, NoContent } from '../../shared/api/common.ts'
import {
  consumeInvite,
  findCouncil,
  findOpenInvite,
  findUserByEmail,
  insertCouncil,
  insertInvite,
  insertUser,
  listCouncilMembers,
  lockSignups,
  storeIsEmpty,
} from '../accounts/repository.ts'
import {
  conflict,
  emailTaken,
  invalidCredentials,
  notFound,
  signupInviteOnly,
  unauthorized,
} from '../errors.ts'
import { accountRoutes, checkNewPassword } from './account-routes.ts'
import { type LoginFailures, loginAttempts } from './login-attempts.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { replySignedOut, requireAccount, setSessionCookie } from './session-plugin.ts'
import { createSession, invalidateSession } from './sessions.ts'
import { generateToken, hashToken } from './tokens.ts'

const INVITE_LIFETIME = 7 * 24 * 60 * 60 * 1000

// A hash to verify against when the e-mail is unknown, so both failures take the same time.
const decoyHash = hashPassword('kenlabour-decoy-password')

/** GET /api/auth/me's answer for an account (also what sign-up and log-in answer): with its council's name. */
async function accountMe(
  app: FastifyInstance,
  account: { userId: string; email: string; displayName: string; councilId: string },
) {
  const council = await findCouncil(app.store.db, account.councilId)
  return {
    kind: 'account' as const,
    userId: account.userId,
    email: account.email,
    displayName: account.displayName,
    councilId: account.councilId,
    councilName: council?.name,
  }
}

/** Ends the session the request came with, if any, and closes its sockets on every instance. */
async function endRequestSession(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  if (!request.actor) return
  await invalidateSession(app.store.db, request.actor.sessionId)
  app.access.revoke({ sessionIds: [request.actor.sessionId] })
}

export interface AuthRateLimits {
  login: number
  signup: number
}

/** Sign-up, log-in, log-out, the current session and council invitations. */
export async function authRoutes(
  app: FastifyInstance,
  options: { rateLimits: AuthRateLimits; attempts: LoginFailures },
) {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } })

  api.post(
    '/api/auth/signup',
    {
      config: perMinute(options.rateLimits.signup),
      schema: {
        tags: ['auth'],
        summary: 'Create an account (and its council, unless joining one by invitation) and sign in',
        description:
          'With KENLABOUR_SIGNUP=invite (the default) only the instance’s first account signs up without ' +
          '`inviteToken` (it creates the first council and administers it); any other sign-up without a ' +
          'valid invitation answers 403 signup_invite_only, before and whatever the address. With `open`, ' +
          'anyone signs up and each new account administers the council it creates. A taken address ' +
          'answers 409 email_taken after the same work as a new one (the password is hashed either way).',
        body: SignupInput,
        response: { 201: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { email, password, displayName, councilName, inviteToken } = request.body
      const invite = inviteToken ? await findOpenInvite(app.store.db, hashToken(inviteToken)) : undefined
      if (inviteToken && !invite) throw notFound('Invitation')
      // Invite mode: refused before the address is even looked at, so the answer tells nothing about it.
      const inviteOnly = app.config.signup === 'invite' && !invite
      if (inviteOnly && !(await storeIsEmpty(app.store.db))) throw signupInviteOnly()
      checkNewPassword(password, [email, displayName])
      // Hashed before the address is looked up: a taken address costs the same time as a new one.
      const passwordHash = await hashPassword(password)
      if (await findUserByEmail(app.store.db, email)) throw emailTaken()
      const { userId, councilId } = await app.store.db
        .transaction()
        .execute(async (tx) => {
          // Whether this is the instance's first account is decided under a lock (two at once: one is).
          await lockSignups(tx)
          if (inviteOnly && !(await storeIsEmpty(tx))) throw signupInviteOnly()
          const councilId = invite
            ? invite.council_id
            : await insertCouncil(tx, councilName?.trim() || `Conseil de ${displayName.trim()}`)
          const userId = await insertUser(tx, {
            councilId,
            email,
            displayName: displayName.trim(),
            passwordHash,
            // Whoever creates a council administers it; an invited colleague is a member.
            role: invite ? 'member' : 'admin',
          })
          if (invite && !(await consumeInvite(tx, invite.id, userId)))
            throw conflict('Invitation déjà utilisée.', 'invite_used')
          return { userId, councilId }
        })
        .catch((error) => {
          // Two sign-ups with one e-mail at once: the unique index decides.
          if (String(error?.message ?? error).includes('users_email_key')) throw emailTaken()
          throw error
        })
      if (request.actor) await invalidateSession(app.store.db, request.actor.sessionId)
      const session = await createSession(app.store.db, { userId })
      setSessionCookie(request, reply, session.token, session.expiresAt)
      reply.status(201)
      return accountMe(app, {
        userId,
        email: email.toLowerCase(),
        displayName: displayName.trim(),
        councilId,
      })
    },
  )

  api.post(
    '/api/auth/login',
    {
      config: perMinute(options.rateLimits.login),
      schema: {
        tags: ['auth'],
        summary: 'Sign in; a new session token replaces any previous one',
        body: LoginInput,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      // Failures are counted per address and per account, whether the address exists or not (the
      // answers never tell); over either limit every attempt is refused until the window passes.
      const email = request.body.email.trim().toLowerCase()
      // Over either limit, an account that already signed in from this address still may (a colleague
      // guessing in the same office, or someone hammering this account, does not lock its owner out).
      const known = `${request.ip}|${email}`
      const attempts = loginAttempts(options.attempts, request.ip, email)
      await attempts.assertAllowed(known)
      const user = await findUserByEmail(app.store.db, request.body.email)
      const ok = await verifyPassword(user?.password_hash ?? (await decoyHash), request.body.password)
      if (!user || !ok) {
        await attempts.recordFailure()
        throw invalidCredentials()
      }
      await attempts.recordSuccess(known)
      // Session fixation: whatever session the browser held ends here, and a fresh token is issued.
      await endRequestSession(app, request)
      const session = await createSession(app.store.db, { userId: user.id })
      setSessionCookie(request, reply, session.token, session.expiresAt)
      return accountMe(app, {
        userId: user.id,
        email: user.email,
        displayName: user.display_name,
        councilId: user.council_id,
      })
    },
  )

  api.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await endRequestSession(app, request)
      replySignedOut(request, reply)
    },
  )

  api.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: Me, ...errorResponses } } },
    async (request) => {
      const actor = request.actor
      if (!actor) throw unauthorized()
      if (actor.kind === 'guest') {
        return {
          kind: 'guest' as const,
          displayName: actor.displayName,
          guestId: actor.guestId,
          workshopId: actor.workshopId,
          role: actor.role,
        }
      }
      return accountMe(app, actor)
    },
  )

  api.get(
    '/api/council',
    {
      schema: {
        tags: ['council'],
        summary: "The signed-in account's council and its members",
        response: {
          200: CouncilView,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = requireAccount(request)
      const council = await findCouncil(app.store.db, actor.councilId)
      if (!council) throw notFound('Conseil')
      const members = await listCouncilMembers(app.store.db, actor.councilId)
      return {
        id: council.id,
        name: council.name,
        slug: council.slug ?? '',
        members: members.map((m) => ({
          id: m.id,
          email: m.email,
          displayName: m.display_name,
          role: m.role,
        })),
      }
    },
  )

  api.post(
    '/api/council/invites',
    {
      schema: {
        tags: ['council'],
        summary: 'Create a single-use invitation link for a colleague (valid 7 days)',
        response: {
          201: OneTimeLink,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const actor = requireAccount(request)
      const token = generateToken()
      const expiresAt = new Date(Date.now() + INVITE_LIFETIME)
      await insertInvite(app.store.db, {
        id: hashToken(token),
        councilId: actor.councilId,
        createdBy: actor.userId,
        expiresAt,
      })
      reply.status(201)
      return { token, path: `/inscription?invitation=${token}`, expiresAt: expiresAt.toISOString() }
    },
  )

  api.get(
    '/api/invites/:token',
    {
      schema: {
        tags: ['council'],
        summary: 'Which council an invitation link leads to',
        params: TokenParams,
        response: { 200: InviteView, ...errorResponses },
      },
    },
    async (request) => {
      const invite = await findOpenInvite(app.store.db, hashToken(request.params.token))
      if (!invite) throw notFound('Invitation')
      return { councilName: invite.council_name }
    },
  )

  // Password change, log out everywhere, members' removal and reset links (DESIGN.md, "Accounts").
  await accountRoutes(app)
}
