import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { readLiveState, readVotes } from '../../shared/board/document.ts'
import { computeMembership } from '../../shared/board/membership.ts'
import { findZone, placeIdea, ZoneNotFoundError } from '../../shared/board/place-idea.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { AUTHOR_NAME_MAX, IDEA_TEXT_MAX, type IdeaShape, type ZoneShape } from '../../shared/board/shapes.ts'
import { participantsMayPostIdeas } from '../../shared/workshop/live-state.ts'
import { requireActor } from '../auth/session-plugin.ts'
import { badRequest, forbidden, HttpError, notFound, unavailable } from '../errors.ts'
import { errorResponses } from '../http/schemas.ts'
import { type BoardAccess, resolveBoardAccess } from './access.ts'

const BoardParams = Type.Object({ boardId: Type.String({ minLength: 1, maxLength: 100 }) })

const PostIdeaInput = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: IDEA_TEXT_MAX }),
    priorityCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    actionCode: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
)

const PostedIdea = Type.Object({
  id: Type.String({ description: 'tldraw record id of the new card (shape:…)' }),
  text: Type.String(),
  priorityCode: Type.Union([Type.String(), Type.Null()], { description: 'null: loose area, outside zones' }),
  actionCode: Type.Union([Type.String(), Type.Null()]),
  authorName: Type.String(),
  x: Type.Number(),
  y: Type.Number(),
})

const Snapshot = Type.Object({
  records: Type.Array(Type.Unknown(), { description: 'tldraw records (board format v1)' }),
  workshop: Type.Unknown({ description: 'meta.workshop: phase, lock, timer, vote settings' }),
  votes: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number()), {
    description: 'actor id → target shape id → dots (only your own until the results are revealed)',
  }),
})

const IdeaText = Type.Object({ id: Type.String(), text: Type.String(), authorName: Type.String() })
const IdeasByZone = Type.Object({
  zones: Type.Array(
    Type.Object({
      id: Type.String(),
      priorityCode: Type.String(),
      actionCode: Type.String(),
      title: Type.String(),
      ideas: Type.Array(IdeaText),
    }),
  ),
  loose: Type.Array(IdeaText),
})

/** Board REST routes: ideas posted over HTTP (phones, screen readers), snapshots and ideas as text. */
export async function boardRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()

  /** The requester's access to the board, or the matching 401/403/404. */
  async function access(request: FastifyRequest, boardId: string): Promise<BoardAccess> {
    const actor = requireActor(request)
    const result = await resolveBoardAccess(app.store.db, actor, boardId)
    if (result === 'not_found') throw notFound('Tableau')
    if (result === 'forbidden') throw forbidden('Vous ne participez pas à cet atelier.')
    return result
  }

  /** Live boards fail to load only when the store is down or the board is corrupt: 503, not 500. */
  async function live<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof HttpError) throw error
      app.log.error({ err: error }, 'live board unavailable')
      throw unavailable('Tableau momentanément indisponible : réessayez dans un instant.')
    }
  }

  api.post(
    '/api/boards/:boardId/ideas',
    {
      config: {
        // Per person, not per address: a whole workshop room often shares one address.
        rateLimit: {
          max: 120,
          timeWindow: 60_000,
          keyGenerator: (request: FastifyRequest) => request.actor?.sessionId ?? request.ip,
        },
      },
      schema: {
        tags: ['boards'],
        summary: 'Post an idea card to the live board (inside the zone of a priority when given)',
        description:
          'Placed by the server in free space (no overlap) and visible to every connected client at once. ' +
          'Participants may post during ideation and clustering while the board is not locked.',
        params: BoardParams,
        body: PostIdeaInput,
        response: { 201: PostedIdea, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { boardId } = request.params
      const who = await access(request, boardId)
      if (who.role === 'observer') throw forbidden('Les observateurs ne peuvent pas ajouter d’idée.')
      const text = request.body.text.trim()
      if (!text) throw badRequest('body.text est vide.', 'invalid_input')
      const { priorityCode, actionCode } = request.body
      if (actionCode && !priorityCode) throw badRequest('actionCode demande priorityCode.', 'invalid_input')
      const authorName = request.actor!.displayName.slice(0, AUTHOR_NAME_MAX)
      const card = await live(() =>
        app.liveBoards.change(boardId, (doc) => {
          // Checked in the change itself: the live state read here is the one the card lands in.
          if (who.role !== 'facilitator' && !participantsMayPostIdeas(readLiveState(doc)))
            throw new HttpError(409, 'ideas_closed', 'Le dépôt d’idées est fermé pour le moment.')
          try {
            const placed = placeIdea(doc, {
              text,
              priorityCode,
              actionCode,
              authorId: who.actorId,
              authorName,
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
      return reply.status(201).send(presentPosted(card.placed, card.zone))
    },
  )

  api.get(
    '/api/boards/:boardId/snapshot',
    {
      schema: {
        tags: ['boards'],
        summary: 'The live board as JSON: its records, the workshop state and the votes',
        params: BoardParams,
        response: { 200: Snapshot, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request) => {
      const { boardId } = request.params
      const who = await access(request, boardId)
      return live(() =>
        app.liveBoards.read(boardId, (doc) => {
          const workshop = readLiveState(doc)
          const votes = readVotes(doc)
          const visibleVotes =
            who.role === 'facilitator' || workshop.vote.revealed
              ? votes
              : who.actorId in votes
                ? { [who.actorId]: votes[who.actorId] }
                : {}
          return { records: [...boardRecords(doc).values()], workshop, votes: visibleVotes }
        }),
      )
    },
  )

  api.get(
    '/api/boards/:boardId/ideas',
    {
      schema: {
        tags: ['boards'],
        summary: 'The ideas of the live board as text, grouped by zone (phones, screen readers)',
        description: 'Zones in board order; ideas in reading order (top to bottom, left to right).',
        params: BoardParams,
        response: { 200: IdeasByZone, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request) => {
      const { boardId } = request.params
      await access(request, boardId)
      return live(() => app.liveBoards.read(boardId, (doc) => ideasByZone([...boardRecords(doc).values()])))
    },
  )
}

function presentPosted(card: IdeaShape, zone: ZoneShape | undefined) {
  return {
    id: card.id,
    text: card.props.text,
    priorityCode: zone?.props.priorityCode ?? null,
    actionCode: zone ? zone.props.actionCode : null,
    authorName: card.props.authorName,
    x: card.x,
    y: card.y,
  }
}

/** Ideas grouped by the zone holding them (DESIGN.md section 3: geometric membership). */
export function ideasByZone(records: unknown[]) {
  const membership = computeMembership(records)
  const zones: ZoneShape[] = []
  const ideas: IdeaShape[] = []
  for (const record of records as { typeName?: string; type?: string }[]) {
    if (record.typeName !== 'shape') continue
    if (record.type === 'zone') zones.push(record as ZoneShape)
    else if (record.type === 'idea') ideas.push(record as IdeaShape)
  }
  const readingOrder = (a: IdeaShape, b: IdeaShape) => {
    const pa = membership.placed.get(a.id)?.bounds ?? a
    const pb = membership.placed.get(b.id)?.bounds ?? b
    return pa.y - pb.y || pa.x - pb.x
  }
  ideas.sort(readingOrder)
  zones.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : a.id < b.id ? -1 : 1))
  const text = (idea: IdeaShape) => ({
    id: idea.id,
    text: idea.props.text,
    authorName: idea.props.authorName,
  })
  const byZone = new Map<string, ReturnType<typeof text>[]>(zones.map((z) => [z.id, []]))
  const loose: ReturnType<typeof text>[] = []
  for (const idea of ideas) {
    const zoneId = membership.zoneOfIdea.get(idea.id)
    const list = zoneId ? byZone.get(zoneId) : undefined
    if (list) list.push(text(idea))
    else loose.push(text(idea))
  }
  return {
    zones: zones.map((zone) => ({
      id: zone.id,
      priorityCode: zone.props.priorityCode,
      actionCode: zone.props.actionCode,
      title: zone.props.title,
      ideas: byZone.get(zone.id)!,
    })),
    loose,
  }
}
