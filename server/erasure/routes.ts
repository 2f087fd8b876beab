import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ErasureInput, ErasureResult, PrivacyInfo } from '../../shared/api/privacy.ts'
import { requireCouncilAdmin } from '../auth/session-plugin.ts'
import { eraseFromRoom } from '../collab/board-erasure.ts'
import { badRequest, cannotEraseSelf, notFound } from '../errors.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { type ErasureDeps, erasePeople } from './erase-people.ts'

/**
 * With other instances (Redis), how long an erasure waits before its second pass: updates they accepted
 * just before hearing of it are stored within tens of milliseconds, a write retried after a slow answer
 * within a few hundred (persistence.ts).
 */
const SETTLE_WITH_OTHER_INSTANCES_MS = 1_000

/** What an erasure runs with inside the server: the live boards, the access events, the spill folder. */
export function appErasureDeps(app: FastifyInstance): ErasureDeps {
  return {
    db: app.store.db,
    log: app.log.child({ module: 'erasure' }),
    live: (boardId, erasure) => app.liveBoards.withRoom(boardId, (room) => eraseFromRoom(room, erasure)),
    revoke: (event) => app.access.revoke(event),
    spillDir: app.config.spillDir,
    settleMs: app.config.redisUrl ? SETTLE_WITH_OTHER_INSTANCES_MS : 0,
  }
}

/**
 * Erasure on request (DESIGN.md, "Data life"; GDPR article 17) and the instance's privacy
 * settings for the privacy page.
 */
export async function erasureRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const admin = signedInRoutes(app, 'council', requireCouncilAdmin)

  admin.post(
    '/api/council/erasure',
    {
      summary: 'Erase a guest or a member everywhere in the council (council administrators)',
      description:
        'Give `guestId` or `userId`, not both. The person’s sessions and live connections end at once on every ' +
        'instance; their name and every id linking to them leave every board (the live document and its ' +
        'stored history), the board snapshots, project records’ provenance and history, authorship, private ' +
        'ideas, the ballot (their dots stay, under an id that names nobody) and the attendance list. Their ' +
        'ideas stay, credited to “Participant·e anonyme”, or leave with `removeIdeas: true`. A member can no ' +
        'longer sign in; what must name an account (contracts, workshops, history) passes to an account ' +
        'standing for erased members; workshops they facilitated alone pass to the administrator. ' +
        '`boards` and `records` count what changed. An audit line records that an erasure happened, by ' +
        'whom and when, never whom it erased. 404 for a person outside the council, 409 ' +
        'cannot_erase_self for one’s own account.',
      body: ErasureInput,
      response: { 200: ErasureResult },
    },
    async (actor, request) => {
      const { guestId, userId, removeIdeas = false } = request.body
      if ((guestId === undefined) === (userId === undefined))
        throw badRequest('Indiquez une personne : guestId ou userId, pas les deux.')
      if (userId === actor.userId) throw cannotEraseSelf()
      const outcome = await erasePeople(appErasureDeps(app), {
        councilId: actor.councilId,
        kind: guestId ? 'guest' : 'member',
        actorIds: [guestId ?? userId!],
        removeIdeas,
        requestedBy: actor.userId,
        source: 'request',
        successorId: actor.userId,
      })
      if (!outcome) throw notFound(guestId ? 'Participant ou participante' : 'Membre')
      return { boards: outcome.boards, records: outcome.records }
    },
  )

  api.get(
    '/api/privacy',
    {
      schema: {
        tags: ['privacy'],
        summary: 'What the privacy page says of this instance: the retention period and whom to ask',
        description:
          '`retentionMonths`: guests are erased this many months after their workshop closed ' +
          '(KENLABOUR_RETENTION_MONTHS; 0: only on request). `contact`: KENLABOUR_PRIVACY_CONTACT, null when unset.',
        response: { 200: PrivacyInfo },
      },
    },
    async () => ({ retentionMonths: app.config.retentionMonths, contact: app.config.privacyContact ?? null }),
  )
}
