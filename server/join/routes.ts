import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { errorResponses } from '../../shared/api/common.ts'
import { CodeParams, JoinInput, JoinPreview, JoinResult } from '../../shared/api/join.ts'
import { parseCode } from '../../shared/workshop/join-code.ts'
import { setSessionCookie } from '../auth/session-plugin.ts'
import { createSession, invalidateSession } from '../auth/sessions.ts'
import { conflict, unknownCode } from '../errors.ts'
import type { AttemptLimiters } from '../http/rate-limits.ts'
import { findWorkshopByCode } from '../workshops/repository.ts'
import { insertGuest } from './repository.ts'

/** Guests joining a workshop with a join code (participant) or an observer code (observer). */
export async function joinRoutes(
  app: FastifyInstance,
  options: { rateLimits: { join: number }; attempts: Pick<AttemptLimiters, 'join'> },
) {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  // One ceiling and one failure count per address for both routes: each is a way to test a code, so a
  // guesser must not get twice the attempts by alternating them (see workshops/codes.ts for the numbers).
  // The ceiling is generous (a hall behind one address joins at once); wrong codes are what is counted.
  const joinRequests = app.rateLimit({ max: options.rateLimits.join, timeWindow: 60_000 })
  const failures = options.attempts.join

  const lookUp = async (input: string, address: string) => {
    const code = parseCode(input)
    // Over the limit, only a code that already worked from this address passes (a hall keeps joining).
    const known = code ? `${address}|${code}` : undefined
    await failures.assertAllowed([address], known)
    const found = code ? await findWorkshopByCode(app.store.db, code) : undefined
    if (!code || !found || !known) {
      await failures.record([address])
      throw unknownCode()
    }
    await failures.recordSuccess(known)
    return { code, ...found }
  }

  api.post(
    '/api/join',
    {
      onRequest: joinRequests,
      schema: {
        tags: ['join'],
        summary:
          'Join a workshop as a guest: a participant with the join code, an observer with the observer code',
        description:
          'Codes are accepted in any case, with or without spaces and dash. Any session this browser held ends. A closed workshop refuses its join code (409 `workshop_closed`) and still admits observers. Wrong codes are limited per address (429 `too_many_failures`), requests too, generously (429 `rate_limited`).',
        body: JoinInput,
        response: {
          201: JoinResult,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { code, workshop, role } = await lookUp(request.body.code, request.ip)
      // A closed workshop takes no new participants; observers may still read its board (DESIGN.md, "Access").
      if (role === 'participant' && workshop.phase === 'closed')
        throw conflict("Cet atelier est terminé : il n'accueille plus de participants.", 'workshop_closed')
      const displayName = request.body.displayName.trim()
      // A browser holds one session: whatever it had (an account, a guest seat elsewhere) ends here.
      if (request.actor) {
        await invalidateSession(app.store.db, request.actor.sessionId)
        app.access.revoke({ sessionIds: [request.actor.sessionId] })
      }
      const { guestId, session } = await app.store.db.transaction().execute(async (tx) => {
        const guestId = await insertGuest(tx, { workshopId: workshop.id, displayName, role, code })
        return { guestId, session: await createSession(tx, { guestId }) }
      })
      setSessionCookie(request, reply, session.token, session.expiresAt)
      reply.status(201)
      return {
        workshopId: workshop.id,
        boardId: workshop.board_id,
        role,
        title: workshop.title,
        guestId,
        displayName,
      }
    },
  )

  api.get(
    '/api/join/:code',
    {
      onRequest: joinRequests,
      schema: {
        tags: ['join'],
        summary: 'What a code opens, for the join page (rate-limited with POST /api/join)',
        params: CodeParams,
        response: { 200: JoinPreview, ...errorResponses },
      },
    },
    async (request) => {
      const { workshop, role } = await lookUp(request.params.code, request.ip)
      return { title: workshop.title, role }
    },
  )
}
