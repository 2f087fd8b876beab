import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { findUser } from '../accounts/repository.ts'
import { councilAdminOnly, forbidden, foreignOrigin, unauthorized } from '../errors.ts'
import { type AccountActor, type Actor, type GuestActor, validateSessionToken } from './sessions.ts'

export const SESSION_COOKIE = 'kenlabour_session'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request, from the session cookie; null when nobody is signed in. */
    actor: Actor | null
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Reads the session cookie on every request and refuses state-changing requests from a foreign Origin.
 * A request without Origin is let through: browsers send it on every POST, PATCH and DELETE, so its
 * absence means a non-browser client, which a forged cross-site request cannot be.
 */
export const sessionPlugin = fp(async (app: FastifyInstance, options: { publicOrigins: string[] }) => {
  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (request, reply) => {
    if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request, options.publicOrigins))
      throw foreignOrigin()
    const token = request.cookies[SESSION_COOKIE]
    if (!token) return
    const session = await validateSessionToken(app.store.db, token)
    if (!session) {
      clearSessionCookie(request, reply)
      return
    }
    request.actor = session.actor
    if (session.refreshed) setSessionCookie(request, reply, token, session.expiresAt)
  })
})

/** True when the request has no Origin or one that is this server's (its Host, or a configured URL). */
export function isSameOrigin(request: FastifyRequest, publicOrigins: string[]): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  if (publicOrigins.includes(origin)) return true
  const host = request.headers.host
  if (!host) return false
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' }
}

/** Sends the session cookie; Secure when the request came over HTTPS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), expires: expiresAt })
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request))
}

/** Answers 204 with the session cookie cleared: this browser is signed out. */
export function replySignedOut(request: FastifyRequest, reply: FastifyReply): void {
  clearSessionCookie(request, reply)
  reply.status(204).send(null)
}

/** The signed-in account, or a 401 (403 for a guest, who has no account). */
export function requireAccount(request: FastifyRequest): AccountActor {
  const actor = request.actor
  if (!actor) throw unauthorized()
  if (actor.kind !== 'account') throw forbidden('Réservé aux comptes.')
  return actor
}

/** The signed-in account when it administers its council; else as `requireAccount`, or 403 council_admin_only. */
export async function requireCouncilAdmin(request: FastifyRequest): Promise<AccountActor> {
  const actor = requireAccount(request)
  const me = await findUser(request.server.store.db, actor.userId)
  if (me?.role !== 'admin') throw councilAdminOnly()
  return actor
}

/** Any signed-in actor (account or guest), or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized()
  return request.actor
}

export type { AccountActor, GuestActor }
