import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { TLRecord } from '@tldraw/tlschema'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type * as Y from 'yjs'
import {
  BoardParams,
  ChangedIdea,
  IdeaChangeInput,
  IdeaParams,
  PostedIdea,
  PostIdeaInput,
} from '../../shared/api/boards.ts'
import { errorResponses, NoContent } from '../../shared/api/common.ts'
import { computeMembership } from '../../shared/board/membership.ts'
import { findZone, placeIdea, spotForMove, ZoneNotFoundError } from '../../shared/board/place-idea.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import {
  AUTHOR_NAME_MAX,
  type ClusterShape,
  type IdeaShape,
  type ZoneShape,
} from '../../shared/board/shapes.ts'
import { notices } from '../collab/review/refusals.ts'
import type { ApplyAsSenderResult } from '../collab/validation.ts'
import { badRequest, forbidden, notFound } from '../errors.ts'
import { refusalError } from './refusal-answer.ts'
import { boardAccess, liveOr503, senderOf } from './route-helpers.ts'

/**
 * Ideas over HTTP (the phone and list page, screen readers, scripts): post, change and delete a card.
 * Each change is made in the person's name through `app.liveBoards.changeAs`, so the live review
 * applies the very rules of the live channel (shared/board/rights.ts: phase, lock, own ideas, limits,
 * silent writing, anonymity) and this file only turns its refusals into answers (refusal-answer.ts).
 */

export async function ideaRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const perPerson = {
    // Per person, not per address: a whole workshop room often shares one address.
    max: 120,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => request.actor?.sessionId ?? request.ip,
  }

  /** Throws the answer to the review's refusal of `recordId`, if it refused it (notices pass). */
  function expectKept(outcome: ApplyAsSenderResult<unknown>, recordId: string): void {
    const refused = outcome.refusals.find((r) => r.recordId === recordId && !notices.has(r.code))
    if (refused) throw refusalError(refused)
    // A refusal of the whole change (read-only board…) names no record.
    const whole = outcome.refusals.find((r) => r.recordId === undefined && !notices.has(r.code))
    if (whole) throw refusalError(whole)
  }

  api.post(
    '/api/boards/:boardId/ideas',
    {
      config: { rateLimit: perPerson },
      schema: {
        tags: ['boards'],
        summary: 'Post an idea card to the live board (inside the zone of a priority when given)',
        description:
          'Placed by the server in free space (no overlap) and visible to every connected client at once, ' +
          'under the rights of the live board (shared/board/rights.ts): participants post during ideation ' +
          '(and clustering when allowed), 30 a minute; 409 `ideas_closed`, 429 `too_many_ideas`, 409 ' +
          '`board_full`. During silent writing the idea is kept private (`private: true`).',
        params: BoardParams,
        body: PostIdeaInput,
        response: { 201: PostedIdea, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { boardId } = request.params
      const who = await boardAccess(app, request, boardId)
      if (who.role === 'observer') throw forbidden('Les observateurs ne peuvent pas ajouter d’idée.')
      const text = request.body.text.trim()
      if (!text) throw badRequest('body.text est vide.', 'invalid_input')
      const { priorityCode, actionCode } = request.body
      if (actionCode && !priorityCode) throw badRequest('actionCode demande priorityCode.', 'invalid_input')
      const sender = senderOf(request, who)
      const outcome = await liveOr503(app, () =>
        app.liveBoards.changeAs(boardId, sender, (doc) => {
          try {
            const placed = placeIdea(doc, {
              text,
              priorityCode,
              actionCode,
              authorId: sender.actorId,
              authorName: sender.displayName.slice(0, AUTHOR_NAME_MAX),
            })
            const zone = priorityCode ? findZone(doc, priorityCode, actionCode ?? '') : undefined
            return { placed, zone }
          } catch (error) {
            if (error instanceof ZoneNotFoundError)
              throw badRequest('Aucune zone de ce tableau ne correspond à cette priorité.', 'unknown_zone')
            throw error
          }
        }),
      )
      const { placed, zone } = outcome.result
      expectKept(outcome, placed.id)
      const kept = outcome.refusals.some((r) => r.recordId === placed.id && r.code === 'kept_private')
      // What the board holds now (author fields as the server set them), or the private idea as posted.
      const card = kept
        ? placed
        : (((await app.liveBoards.read(boardId, (doc) => boardRecords(doc).get(placed.id))) as
            | IdeaShape
            | undefined) ?? placed)
      return reply.status(201).send({
        id: card.id,
        text: card.props.text,
        priorityCode: zone?.props.priorityCode ?? null,
        actionCode: zone ? zone.props.actionCode : null,
        authorName: card.props.authorName,
        x: card.x,
        y: card.y,
        private: kept,
      })
    },
  )

  api.patch(
    '/api/boards/:boardId/ideas/:ideaId',
    {
      config: { rateLimit: perPerson },
      schema: {
        tags: ['boards'],
        summary: 'Change an idea: its text or colour (its author), or where it is (into a zone or a cluster)',
        description:
          'Under the rights of the live board: participants change the text and colour of their own ideas ' +
          '(403 `not_author`), move any idea in ideation and clustering (409 `not_allowed_now`); nothing ' +
          'on a locked or closed board (409). A move finds free space in the zone or the cluster.',
        params: IdeaParams,
        body: IdeaChangeInput,
        response: { 200: ChangedIdea, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request) => {
      const { boardId, ideaId } = request.params
      const who = await boardAccess(app, request, boardId)
      if (who.role === 'observer') throw forbidden('Les observateurs ne peuvent pas modifier le tableau.')
      const change = request.body
      if (change.actionCode && !change.priorityCode)
        throw badRequest('actionCode demande priorityCode.', 'invalid_input')
      const text = change.text?.trim()
      if (change.text !== undefined && !text) throw badRequest('body.text est vide.', 'invalid_input')
      const outcome = await liveOr503(app, () =>
        app.liveBoards.changeAs(boardId, senderOf(request, who), (doc) => {
          const card = ideaOn(doc, ideaId)
          const next: IdeaShape = {
            ...card,
            props: {
              ...card.props,
              ...(text !== undefined ? { text } : {}),
              ...(change.color !== undefined ? { color: change.color as IdeaShape['props']['color'] } : {}),
            },
          }
          if (change.clusterId !== undefined || change.priorityCode !== undefined) {
            const { x, y, changes } = spotForMove(doc, card, destination(doc, card, change))
            for (const moved of changes) boardRecords(doc).set(moved)
            next.x = x
            next.y = y
          }
          boardRecords(doc).set(next as unknown as TLRecord)
          return next
        }),
      )
      expectKept(outcome, ideaId)
      const card = outcome.result
      return { id: card.id, text: card.props.text, color: card.props.color, x: card.x, y: card.y }
    },
  )

  api.delete(
    '/api/boards/:boardId/ideas/:ideaId',
    {
      config: { rateLimit: perPerson },
      schema: {
        tags: ['boards'],
        summary: 'Delete an idea (its author, in ideation and clustering; a facilitator, always)',
        params: IdeaParams,
        response: { 204: NoContent, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { boardId, ideaId } = request.params
      const who = await boardAccess(app, request, boardId)
      if (who.role === 'observer') throw forbidden('Les observateurs ne peuvent pas modifier le tableau.')
      const outcome = await liveOr503(app, () =>
        app.liveBoards.changeAs(boardId, senderOf(request, who), (doc) => {
          ideaOn(doc, ideaId)
          boardRecords(doc).delete(ideaId)
        }),
      )
      expectKept(outcome, ideaId)
      return reply.status(204).send(null)
    },
  )
}

/** The idea card `id` on the board, or 404. */
function ideaOn(doc: Y.Doc, id: string): IdeaShape {
  const record = boardRecords(doc).get(id)
  if (record?.typeName !== 'shape' || record.type !== 'idea') throw notFound('Idée')
  return record as unknown as IdeaShape
}

/** Where a PATCH moves a card: the named zone, the named cluster, or (out of a cluster) its own zone. */
function destination(
  doc: Y.Doc,
  card: IdeaShape,
  change: { priorityCode?: string; actionCode?: string; clusterId?: string | null },
): { zone?: ZoneShape; cluster?: ClusterShape } {
  if (change.clusterId) {
    const cluster = boardRecords(doc).get(change.clusterId)
    if (cluster?.typeName !== 'shape' || cluster.type !== 'cluster') throw notFound('Groupe')
    return { cluster: cluster as unknown as ClusterShape }
  }
  if (change.priorityCode) {
    const zone = findZone(doc, change.priorityCode, change.actionCode ?? '')
    if (!zone) throw badRequest('Aucune zone de ce tableau ne correspond à cette priorité.', 'unknown_zone')
    return { zone }
  }
  // Out of its cluster: into the zone it lies in (or the loose area).
  const membership = computeMembership([...boardRecords(doc).values()])
  const zoneId = membership.zoneOfIdea.get(card.id)
  const zone = zoneId ? boardRecords(doc).get(zoneId) : undefined
  return zone ? { zone: zone as unknown as ZoneShape } : {}
}
