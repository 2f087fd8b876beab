import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { Actor } from '../auth/sessions.ts'
import type { Database } from '../db/schema.ts'
import { forbidden, notFound } from '../errors.ts'
import type { BoardSeed } from './board-store.ts'
import type { ClientUpdateApplier } from './room.ts'

/*
 * INTERIM, replaced when the board-schema work lands (shared/board/*, server/collab/validation.ts,
 * server/boards/access.ts): the smallest versions of the three functions the collaboration server
 * calls, so its transport, rooms and persistence can be built and tested meanwhile.
 */

/** A board's first document: a page and one zone record per start zone. */
export function createBoardDocumentInterim(seed: BoardSeed): Y.Doc {
  const doc = new Y.Doc()
  const records = doc.getArray<{ key: string; val: unknown }>('records')
  doc.transact(() => {
    records.push([
      { key: 'page:page', val: { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } },
    ])
    seed.startZones.forEach((zone, i) => {
      const priority = seed.priorities.find((p) => p.code === zone.priorityCode)
      const id = `shape:zone-${zone.priorityCode}-${zone.actionCode || 'all'}`
      records.push([
        {
          key: id,
          val: {
            id,
            typeName: 'shape',
            type: 'zone',
            parentId: 'page:page',
            x: i * 700,
            y: 0,
            props: { w: 640, h: 480, title: `${zone.priorityCode} ${priority?.title ?? ''}`.trim() },
          },
        },
      ])
    })
  })
  return doc
}

/** Applies the update as is (no validation yet). */
export const applyClientUpdateInterim: ClientUpdateApplier = (doc, update, sender) => {
  Y.applyUpdate(doc, update, sender)
  return { refusals: [] }
}

/** Who may open a board: its workshop's guests (their role) and its facilitators. */
export async function resolveBoardAccessInterim(
  db: Kysely<Database>,
  actor: Actor,
  boardId: string,
): Promise<{ workshopId: string; role: 'facilitator' | 'participant' | 'observer' }> {
  const board = await db
    .selectFrom('boards')
    .innerJoin('workshops', 'workshops.id', 'boards.workshop_id')
    .select(['workshops.id as workshop_id', 'workshops.created_by'])
    .where('boards.id', '=', boardId)
    .executeTakeFirst()
  if (!board) throw notFound('Tableau')
  if (actor.kind === 'guest') {
    if (actor.workshopId !== board.workshop_id) throw forbidden()
    return { workshopId: board.workshop_id, role: actor.role }
  }
  const facilitator = await db
    .selectFrom('workshop_facilitators')
    .select('user_id')
    .where('workshop_id', '=', board.workshop_id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst()
  if (!facilitator && board.created_by !== actor.userId) throw forbidden()
  return { workshopId: board.workshop_id, role: 'facilitator' }
}
