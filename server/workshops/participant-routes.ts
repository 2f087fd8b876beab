import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { IdParams } from '../../shared/api/common.ts'
import { ParticipantList } from '../../shared/api/workshops.ts'
import { requireAccount } from '../auth/session-plugin.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { notFound } from '../errors.ts'
import { asDownload, csvFileSchema, mediaTypes } from '../http/download.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { facilitatedWorkshop } from './commands.ts'
import { listParticipants, removeParticipant } from './participant-repository.ts'
import { type ParticipantEntry, participantsToCsv } from './participants-csv.ts'

/**
 * The people of a workshop for its facilitators (DESIGN.md, "Access"): who joined, who is online now,
 * as JSON or as CSV for a spreadsheet, and the removal of a guest, whose sockets close on every instance.
 */
export async function participantRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const route = signedInRoutes(app, 'workshops')
  const db = () => app.store.db

  /** The workshop's guests not removed, each online when connected to its board on any instance. */
  async function participants(actor: AccountActor, workshopId: string): Promise<ParticipantEntry[]> {
    const workshop = await facilitatedWorkshop(db(), actor, workshopId)
    const rows = await listParticipants(db(), workshopId)
    const online = await app.onlinePeople(workshop.board_id)
    return rows.map((row) => ({
      guestId: row.id,
      displayName: row.display_name,
      role: row.role,
      joinedAt: new Date(row.created_at).toISOString(),
      online: online.has(row.id),
    }))
  }

  route.get(
    '/api/workshops/:id/participants',
    {
      summary:
        "The workshop's guests (participants and observers) in the order they joined, for its facilitators",
      description:
        '`online`: connected to the board now, on any instance. Removed guests are not listed. 404 outside the council, 403 for other members and for guests.',
      params: IdParams,
      response: { 200: ParticipantList },
    },
    async (actor, request) => participants(actor, request.params.id),
  )

  api.get(
    '/api/workshops/:id/participants.csv',
    {
      schema: {
        tags: ['workshops'],
        summary: 'The participants list as CSV for a French spreadsheet',
        description:
          'UTF-8 with BOM, `;` separators, CRLF; columns Nom;Rôle;Arrivée;En ligne, arrival in Paris local time (dd/mm/yyyy hh:mm); names a spreadsheet would run as formulas are prefixed with an apostrophe.',
        params: IdParams,
        ...csvFileSchema,
      },
    },
    async (request, reply) => {
      const list = await participants(requireAccount(request), request.params.id)
      asDownload(reply, 'participants-atelier.csv', mediaTypes.csv)
      return participantsToCsv(list)
    },
  )

  route.delete(
    '/api/workshops/:id/participants/:guestId',
    {
      summary:
        'Remove a guest: their session ends and their connections to the board close on every instance',
      description:
        'Their ideas stay on the board. Removing a removed guest again changes nothing (204). 404 for a guest of another workshop.',
      params: Type.Object({
        id: Type.String({ format: 'uuid' }),
        guestId: Type.String({ format: 'uuid' }),
      }),
      response: { 204: Type.Null() },
    },
    async (actor, request, reply) => {
      const { id, guestId } = request.params
      await facilitatedWorkshop(db(), actor, id)
      const removed = await removeParticipant(db(), id, guestId)
      if (!removed) throw notFound('Participant ou participante')
      // By guest id, not by session: the close code says access was removed (4403), not a logout.
      app.access.revoke({ guestIds: [guestId] })
      reply.status(204)
    },
  )
}
