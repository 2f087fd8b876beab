import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { BoardParams, IdeasByZone, Snapshot } from '../../shared/api/boards.ts'
import { errorResponses } from '../../shared/api/common.ts'
import { readLiveState } from '../../shared/board/document.ts'
import { computeMembership } from '../../shared/board/membership.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import type { ClusterShape, IdeaShape, ZoneShape } from '../../shared/board/shapes.ts'
import { listBallot } from '../votes/repository.ts'
import { boardAccess, liveOr503 } from './route-helpers.ts'

/**
 * Board REST routes for reading: snapshots and ideas as text (phones, screen readers). Ideas are posted,
 * changed and deleted in idea-routes.ts.
 */
export async function boardRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()

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
      const who = await boardAccess(app, request, boardId)
      const board = await liveOr503(app, () =>
        app.liveBoards.read(boardId, (doc) => ({
          records: [...boardRecords(doc).values()],
          workshop: readLiveState(doc),
        })),
      )
      // The secret ballot: who gave which dot reaches facilitators only, even after the reveal.
      const votes: Record<string, Record<string, number>> = {}
      for (const row of await listBallot(app.store.db, boardId)) {
        if (who.role !== 'facilitator' && row.actorId !== who.actorId) continue
        votes[row.actorId] ??= {}
        votes[row.actorId]![row.targetId] = row.dots
      }
      return { ...board, votes }
    },
  )

  api.get(
    '/api/boards/:boardId/ideas',
    {
      schema: {
        tags: ['boards'],
        summary: 'The ideas of the live board as text, grouped by zone (phones, screen readers)',
        description:
          'Zones in board order; ideas in reading order (top to bottom, left to right). During silent ' +
          'writing, your private ideas are listed too (`private: true`; every one for facilitators).',
        params: BoardParams,
        response: { 200: IdeasByZone, ...errorResponses, 503: errorResponses[400] },
      },
    },
    async (request) => {
      const { boardId } = request.params
      const who = await boardAccess(app, request, boardId)
      return liveOr503(app, () =>
        app.liveBoards.withRoom(boardId, (room) => {
          const privateIdeas =
            who.role === 'facilitator'
              ? room.context.allPrivateIdeas().map((stored) => stored.idea)
              : room.context.privateIdeasOf(who.actorId)
          const mine = (idea: IdeaShape) => {
            const author = room.context.authorOf(idea.id)
            return author ? author.actorId === who.actorId : idea.props.authorId === who.actorId
          }
          return ideasByZone([...boardRecords(room.doc).values()], {
            mine,
            privateIds: new Set(privateIdeas.map((idea) => idea.id)),
            extra: privateIdeas,
          })
        }),
      )
    },
  )
}

/** What the list says of each idea for its reader. */
export interface IdeaListing {
  /** Did the reader write it? */
  mine(idea: IdeaShape): boolean
  /** Ids of `extra` ideas that are private (silent writing). */
  privateIds: ReadonlySet<string>
  /** Ideas outside the shared document that the reader may see (their private ideas). */
  extra: readonly unknown[]
}

/** Ideas grouped by the zone holding them (DESIGN.md, "Board format": geometric membership). */
export function ideasByZone(
  documentRecords: unknown[],
  listing: IdeaListing = { mine: () => false, privateIds: new Set(), extra: [] },
) {
  const records = [...documentRecords, ...listing.extra]
  const membership = computeMembership(records)
  const clusterTitles = new Map<string, string>()
  for (const record of records as ClusterShape[])
    if (record.typeName === 'shape' && record.type === 'cluster')
      clusterTitles.set(record.id, record.props.title)
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
  const text = (idea: IdeaShape) => {
    const clusterId = membership.clusterOfIdea.get(idea.id)
    return {
      id: idea.id,
      text: idea.props.text,
      authorName: idea.props.authorName,
      cluster: clusterId ? (clusterTitles.get(clusterId) ?? null) : null,
      mine: listing.mine(idea),
      private: listing.privateIds.has(idea.id),
    }
  }
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
