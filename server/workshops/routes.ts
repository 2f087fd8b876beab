import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ErrorBody, errorResponses, IdParams } from '../../shared/api/common.ts'
import {
  CodeKind,
  CreateWorkshopInput,
  FacilitatorList,
  GuestWorkshopView,
  PatchWorkshopInput,
  WorkshopCodes,
  WorkshopView,
} from '../../shared/api/workshops.ts'
import { formatCode } from '../../shared/workshop/join-code.ts'
import { requireActor } from '../auth/session-plugin.ts'
import { notFound, unavailable } from '../errors.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { totalsToPublish, writeVoteTotals } from '../votes/totals.ts'
import {
  addCoFacilitator,
  councilWorkshop,
  createWorkshop,
  facilitatedWorkshop,
  presentGuestWorkshop,
  presentWorkshop,
  removeCoFacilitator,
  revokeCode,
  updateLiveState,
  workshopView,
} from './commands.ts'
import { createWorkshopFromTemplate } from './from-template.ts'
import { KeyedQueue } from './keyed-queue.ts'
import { findWorkshop, listFacilitators, listWorkshops } from './repository.ts'

/** Workshops of a council, their facilitator controls, facilitators and codes. */
export async function workshopRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const route = signedInRoutes(app, 'workshops')
  const db = () => app.store.db
  const liveChanges = new KeyedQueue()

  route.post(
    '/api/workshops',
    {
      summary: 'Create a workshop from a contract, with its board, join and observer codes',
      description:
        'Start zones: one per priority by default; `priorityCodes` picks priorities; `zones` adds zones for a priority or one of its actions. Unknown codes are refused (400, naming the code). With `templateId` (GET /api/templates), the board starts with the template’s zones mapped by code onto this contract, its annotations, agenda and settings; zones whose code the contract lacks become free-titled zones, and `template.missingCodes` lists those codes.',
      body: CreateWorkshopInput,
      response: { 201: WorkshopView },
    },
    async (actor, request, reply) => {
      const { templateId } = request.body
      if (templateId) {
        const { workshopId, report } = await createWorkshopFromTemplate(db(), actor, {
          ...request.body,
          templateId,
        })
        reply.status(201)
        return { ...(await workshopView(db(), workshopId, actor.userId)), template: report }
      }
      const workshopId = await createWorkshop(db(), actor, request.body)
      reply.status(201)
      return workshopView(db(), workshopId, actor.userId)
    },
  )

  route.get(
    '/api/workshops',
    {
      summary: "The account's council's workshops, newest first",
      response: { 200: Type.Array(WorkshopView) },
    },
    async (actor) => {
      const workshops = await listWorkshops(db(), actor.councilId)
      const facilitators = await listFacilitators(
        db(),
        workshops.map((w) => w.id),
      )
      return workshops.map((w) => presentWorkshop(w, facilitators, actor.userId, { withPriorities: false }))
    },
  )

  api.get(
    '/api/workshops/:id',
    {
      schema: {
        tags: ['workshops'],
        summary: 'One workshop: the full view for council members, a limited one for its guests',
        params: IdParams,
        response: { 200: Type.Union([WorkshopView, GuestWorkshopView]), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request)
      if (actor.kind === 'guest') {
        const workshop =
          actor.workshopId === request.params.id ? await findWorkshop(db(), actor.workshopId) : null
        if (!workshop) throw notFound('Atelier')
        return presentGuestWorkshop(workshop, actor.role)
      }
      await councilWorkshop(db(), actor, request.params.id)
      return workshopView(db(), request.params.id, actor.userId)
    },
  )

  route.patch(
    '/api/workshops/:id',
    {
      summary:
        'Facilitator controls: phase, lock, cursors, locked shapes, follow-me, timer, vote, silent writing, ideas in clustering',
      description:
        'Stored as the workshop live state and written into the live board (meta.workshop). Timers run on server time: `endsAt` is epoch ms. `timer.reset` stops the timer at its full length. `vote.revealed: true` writes the totals per target (no voter) into the board (meta.voteTotals) and keeps them current; `false` removes them. `privateIdeation: false` moves every private idea into the board at once. `anonymous` is fixed at creation.',
      params: IdParams,
      body: PatchWorkshopInput,
      response: { 200: WorkshopView, ...errorResponses, 503: ErrorBody },
    },
    async (actor, request) => {
      const { id } = request.params
      const workshop = await facilitatedWorkshop(db(), actor, id)
      const boardId = workshop.board_id
      let revealed = false
      await liveChanges.run(id, async () => {
        const state = await updateLiveState(db(), actor, id, request.body)
        revealed = state.vote.revealed
        try {
          // Read after the row is stored, so a vote committed meanwhile is either in these totals or
          // followed by its own publication.
          const totals = revealed ? await totalsToPublish(db(), boardId) : null
          await app.liveBoards.change(boardId, (doc) => {
            doc.getMap('meta').set('workshop', state)
            // Same transaction: no client sees the reveal without the totals, nor totals after hiding.
            writeVoteTotals(doc, totals)
          })
          // Idempotent, so a retried PATCH after a failure here still reveals what is left private.
          if (request.body.privateIdeation === false) await app.liveBoards.revealPrivateIdeas(boardId)
        } catch (error) {
          request.log.error({ err: error, boardId }, 'live board update failed')
          throw unavailable('Réglage enregistré, mais le tableau en direct est indisponible : réessayez.')
        }
      })
      // A vote committed between the totals read and the change above is published by this run.
      if (revealed) void app.voteTotals.schedule(boardId)
      return workshopView(db(), id, actor.userId)
    },
  )

  route.post(
    '/api/workshops/:id/facilitators',
    {
      summary: 'Add a member of the council as a co-facilitator (adding one twice changes nothing)',
      params: IdParams,
      body: Type.Object({ userId: Type.String({ format: 'uuid' }) }),
      response: { 200: FacilitatorList },
    },
    async (actor, request) => {
      const workshop = await facilitatedWorkshop(db(), actor, request.params.id)
      await addCoFacilitator(db(), workshop, request.body.userId)
      return facilitatorList(request.params.id)
    },
  )

  route.delete(
    '/api/workshops/:id/facilitators/:userId',
    {
      summary: 'Remove a facilitator (never the last one); their open connections to the board close',
      params: Type.Object({ id: Type.String({ format: 'uuid' }), userId: Type.String({ format: 'uuid' }) }),
      response: { 200: FacilitatorList },
    },
    async (actor, request) => {
      const { id, userId } = request.params
      await facilitatedWorkshop(db(), actor, id)
      await removeCoFacilitator(db(), id, userId)
      app.access.revoke({ userId, workshopId: id })
      return facilitatorList(id)
    },
  )

  route.post(
    '/api/workshops/:id/codes/revoke',
    {
      summary: 'Replace the join or observer code; guests who came in with the old one lose access',
      params: IdParams,
      body: Type.Object({ kind: CodeKind }),
      response: { 200: WorkshopCodes },
    },
    async (actor, request) => {
      await facilitatedWorkshop(db(), actor, request.params.id)
      const result = await revokeCode(db(), request.params.id, request.body.kind)
      if (result.sessionIds.length > 0 || result.guestIds.length > 0)
        app.access.revoke({ guestIds: result.guestIds, sessionIds: result.sessionIds })
      return {
        joinCode: formatCode(result.joinCode),
        observerCode: formatCode(result.observerCode),
        endedSessions: result.sessionIds.length,
      }
    },
  )

  async function facilitatorList(workshopId: string) {
    const facilitators = await listFacilitators(db(), [workshopId])
    return { facilitators: facilitators.map((f) => ({ userId: f.userId, displayName: f.displayName })) }
  }
}
