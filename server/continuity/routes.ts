import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { BoardParams } from '../../shared/api/boards.ts'
import { errorResponses, IdParams, NoContent } from '../../shared/api/common.ts'
import {
  CarryInput,
  CarryResult,
  IdeaLink,
  IdeaLinks,
  LinkInput,
  LinkParams,
  SimilarIdeas,
  SimilarQuery,
  WaitingIdeas,
} from '../../shared/api/continuity.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { boardAccess, liveOr503 } from '../boards/route-helpers.ts'
import { badRequest, HttpError, notFound } from '../errors.ts'
import { councilContract } from '../http/council-lookups.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { facilitatedWorkshop } from '../workshops/commands.ts'
import { findWorkshop } from '../workshops/repository.ts'
import { carryOntoBoard } from './carry.ts'
import {
  deleteLink,
  findEarlier,
  findSimilar,
  listLinks,
  listWaiting,
  type Scope,
  saveLink,
} from './repository.ts'
import { groupWaiting } from './waiting.ts'

/**
 * Continuity across workshops (DESIGN.md "Continuity"): suggestions from the council's earlier
 * workshops on the same contract while someone writes, links from a card to one of them, and the
 * waiting ideas of a contract brought onto a new board. Every route finds its scope (council,
 * contract, the asking workshop) from the session's access, never from the request.
 */
export async function continuityRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const route = signedInRoutes(app, 'continuity')

  /** The requester's access to the board and the scope its suggestions come from. */
  async function boardScope(request: FastifyRequest, boardId: string) {
    const who = await boardAccess(app, request, boardId)
    const workshop = await findWorkshop(app.store.db, who.workshopId)
    if (!workshop) throw notFound('Atelier')
    const scope: Scope = {
      councilId: workshop.council_id,
      contractId: workshop.contract_id,
      workshopId: workshop.id,
    }
    return { who, scope }
  }

  api.get(
    '/api/boards/:boardId/similar',
    {
      config: {
        // Per person, not per address: a hall shares one address, and each pause in typing asks once.
        rateLimit: {
          max: 240,
          timeWindow: 60_000,
          keyGenerator: (request: FastifyRequest) => request.actor?.sessionId ?? request.ip,
        },
      },
      schema: {
        tags: ['continuity'],
        summary: 'Ideas of the council’s earlier workshops on this contract that resemble `text`',
        description:
          'Any member of the board. Trigram similarity (pg_trgm, above 0.3), best first, at most 5; ' +
          'the board’s own workshop is never included.',
        params: BoardParams,
        querystring: SimilarQuery,
        response: { 200: SimilarIdeas, ...errorResponses },
      },
    },
    async (request) => {
      // The query parser keeps a value it cannot decode (a lone surrogate, bytes that are not UTF-8) as
      // its raw %-text instead of refusing it as the router refuses such a path: refused here alike.
      if (!decodesAsText(request.raw.url ?? ''))
        throw badRequest('Adresse invalide : elle ne se lit pas comme du texte.', 'bad_request')
      const { scope } = await boardScope(request, request.params.boardId)
      return findSimilar(app.store.db, scope, request.query.text.trim())
    },
  )

  api.put(
    '/api/boards/:boardId/ideas/:ideaId/link',
    {
      schema: {
        tags: ['continuity'],
        summary: 'Link a card to an idea of an earlier workshop (its author, or a facilitator)',
        description:
          'The earlier idea must come from the council’s earlier workshops on this contract (404 ' +
          'otherwise); a card has at most one link, replaced by a new one.',
        params: LinkParams,
        body: LinkInput,
        response: { 200: IdeaLink, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request) => {
      const { boardId, ideaId } = request.params
      const { who, scope } = await boardScope(request, boardId)
      await expectOwnCard(app, who, boardId, ideaId)
      const earlier = await findEarlier(app.store.db, scope, request.body.earlierIdeaId)
      if (!earlier) throw notFound('Idée d’un atelier précédent')
      await saveLink(app.store.db, { boardId, ideaId, earlierIdeaId: earlier.id, linkedBy: who.actorId })
      return { ideaId, earlier }
    },
  )

  api.delete(
    '/api/boards/:boardId/ideas/:ideaId/link',
    {
      schema: {
        tags: ['continuity'],
        summary: 'Remove a card’s link to an earlier idea (its author, or a facilitator)',
        params: LinkParams,
        response: { 204: NoContent, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { boardId, ideaId } = request.params
      const { who } = await boardScope(request, boardId)
      await expectOwnCard(app, who, boardId, ideaId)
      if (!(await deleteLink(app.store.db, boardId, ideaId))) throw notFound('Lien')
      return reply.status(204).send(null)
    },
  )

  api.get(
    '/api/boards/:boardId/links',
    {
      schema: {
        tags: ['continuity'],
        summary: 'The board’s cards linked to earlier ideas (facilitators)',
        params: BoardParams,
        response: { 200: IdeaLinks, ...errorResponses },
      },
    },
    async (request) => {
      const { boardId } = request.params
      const { who, scope } = await boardScope(request, boardId)
      if (who.role !== 'facilitator') throw new HttpError(403, 'facilitators_only', 'Réservé à l’animation.')
      return listLinks(app.store.db, scope, boardId)
    },
  )

  route.get(
    '/api/contracts/:id/waiting-ideas',
    {
      summary: 'Ideas left outside clusters at conversion, per priority of the contract (idées en attente)',
      description: 'Council members. Ideas already brought onto a later board are not listed.',
      params: IdParams,
      response: { 200: WaitingIdeas },
    },
    async (actor, request) => {
      const contract = await councilContract(app.store.db, actor.councilId, request.params.id)
      return groupWaiting(contract, await listWaiting(app.store.db, actor.councilId, contract.id))
    },
  )

  route.post(
    '/api/workshops/:id/waiting-ideas',
    {
      summary: 'Bring waiting ideas of the contract onto this workshop’s board (facilitators)',
      description:
        'Each becomes a card in the zone of its priority (and action, when the board has one), or ' +
        'outside zones when the board has no zone for it; the card is linked to the idea it came from. ' +
        '404 when an id is not a waiting idea of this contract.',
      params: IdParams,
      body: CarryInput,
      response: { 201: CarryResult, ...errorResponses, 503: errorResponses[400] },
    },
    async (actor, request, reply) => {
      const workshop = await facilitatedWorkshop(app.store.db, actor, request.params.id)
      const placed = await liveOr503(app, () =>
        carryOntoBoard(app, actor, workshop, [...new Set(request.body.ideaIds)]),
      )
      return reply.status(201).send({ placed })
    },
  )
}

/** True when the URL's query string decodes to text. */
function decodesAsText(url: string): boolean {
  const query = url.split('?')[1] ?? ''
  try {
    decodeURIComponent(query.replaceAll('+', ' '))
    return true
  } catch {
    return false
  }
}

/** A participant may link only their own card; a facilitator any card of the board. */
async function expectOwnCard(
  app: FastifyInstance,
  who: { role: string; actorId: string },
  boardId: string,
  ideaId: string,
): Promise<void> {
  if (who.role === 'observer') throw new HttpError(403, 'forbidden', 'Les observateurs ne modifient rien.')
  const card = await liveOr503(app, () =>
    app.liveBoards.withRoom(boardId, (room) => ({
      author: room.context.authorOf(ideaId),
      onBoard: (boardRecords(room.doc).get(ideaId) as { type?: string } | undefined)?.type === 'idea',
    })),
  )
  if (!card.onBoard && !card.author) throw notFound('Idée')
  if (who.role === 'facilitator') return
  if (card.author?.actorId !== who.actorId)
    throw new HttpError(403, 'not_author', 'Seule la personne qui a écrit cette idée peut la relier.')
}
