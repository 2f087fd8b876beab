import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Actor } from './sessions.ts'

export type BoardRole = 'facilitator' | 'participant' | 'observer'

export interface BoardAccess {
  workshopId: string
  boardId: string
  role: BoardRole
  /** The actor's id on the board (key of their `votes` entry, `authorId` of their ideas). */
  actorId: string
}

/** The id an actor has on boards: the user id of an account, the guest id of a guest. */
export function actorIdOf(actor: Actor): string {
  return actor.kind === 'account' ? actor.userId : actor.guestId
}

/**
 * Who `actor` is on a board, in one query (it runs on every websocket upgrade and board request):
 * - an account that facilitates the board's workshop (or created it): facilitator;
 * - another account of the workshop's council: participant;
 * - a guest of that workshop: the guest's role (participant or observer);
 * - anyone else: 'forbidden'. An unknown board: 'not_found'.
 */
export async function resolveBoardAccess(
  db: Kysely<Database>,
  actor: Actor,
  boardId: string,
): Promise<BoardAccess | 'not_found' | 'forbidden'> {
  const userId = actor.kind === 'account' ? actor.userId : null
  const row = await db
    .selectFrom('boards')
    .innerJoin('workshops', 'workshops.id', 'boards.workshop_id')
    .select((eb) => [
      'workshops.id as workshop_id',
      'workshops.council_id',
      'workshops.created_by',
      eb
        .exists(
          eb
            .selectFrom('workshop_facilitators')
            .select('workshop_facilitators.user_id')
            .whereRef('workshop_facilitators.workshop_id', '=', 'workshops.id')
            .where('workshop_facilitators.user_id', '=', userId ?? ''),
        )
        .as('is_facilitator'),
    ])
    .where('boards.id', '=', boardId)
    .executeTakeFirst()
  if (!row) return 'not_found'
  const base = { workshopId: row.workshop_id, boardId, actorId: actorIdOf(actor) }
  if (actor.kind === 'guest') {
    return actor.workshopId === row.workshop_id ? { ...base, role: actor.role } : 'forbidden'
  }
  const facilitates = row.is_facilitator === true || row.is_facilitator === 1
  if (facilitates || row.created_by === actor.userId) return { ...base, role: 'facilitator' }
  if (row.council_id === actor.councilId) return { ...base, role: 'participant' }
  return 'forbidden'
}
