import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database, Phase } from '../db/schema.ts'

/**
 * The ballot (board_votes): each person's dots per target, kept by the server outside the shared
 * document (DESIGN.md, "Secret ballot"). Only these functions read or write it.
 */

type Db = Kysely<Database> | Transaction<Database>

/** One person's dots on one target. */
export interface BallotRow {
  actorId: string
  targetId: string
  dots: number
}

/**
 * What a vote is checked against, read from the workshop row under a SHARE lock: a facilitator's PATCH
 * (which takes the row FOR UPDATE) then waits for votes in flight, and votes wait for a PATCH in flight,
 * so a dot never lands after the phase left voting, nor under an allowance already lowered.
 */
export interface VoteSettingsRow {
  phase: Phase
  locked: boolean
  state: Record<string, unknown>
}

/** The board's workshop row (phase, lock, live state): a query the callers lock or not. */
function voteSettings(db: Db, boardId: string) {
  return db
    .selectFrom('workshops')
    .innerJoin('boards', 'boards.workshop_id', 'workshops.id')
    .select(['workshops.phase', 'workshops.locked', 'workshops.state'])
    .where('boards.id', '=', boardId)
}

/** The board's workshop row (phase, lock, live state), locked FOR SHARE until the transaction ends. */
export async function lockVoteSettings(tx: Transaction<Database>, boardId: string) {
  return voteSettings(tx, boardId).forShare('workshops').executeTakeFirst() as Promise<
    VoteSettingsRow | undefined
  >
}

/** The board's workshop row (phase, lock, live state), without a lock: for reads. */
export async function readVoteSettings(db: Db, boardId: string) {
  return voteSettings(db, boardId).executeTakeFirst() as Promise<VoteSettingsRow | undefined>
}

/**
 * Serialises one person's ballot changes on one board until the transaction ends: a transaction-scoped
 * advisory lock keyed by (board, person). Why a lock and not a single statement: "sum my other dots,
 * then write mine if the total fits" reads rows that a concurrent statement of the same person may be
 * writing, and under READ COMMITTED both would see the old sum and both fit; there is no row that
 * stands for "this person's ballot" to lock FOR UPDATE (the person may have no row yet). A hash
 * collision only makes two people wait for each other for a few milliseconds.
 */
export async function lockBallot(tx: Transaction<Database>, boardId: string, actorId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ballot:${boardId}:${actorId}`}, 0))`.execute(tx)
}

/** One person's dots on a board, by target (targets that left the board included). */
export async function listOwnDots(db: Db, boardId: string, actorId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('board_votes')
    .select(['target_id', 'dots'])
    .where('board_id', '=', boardId)
    .where('actor_id', '=', actorId)
    .orderBy('target_id')
    .execute()
  return Object.fromEntries(rows.map((row) => [row.target_id, row.dots]))
}

/** Sets one person's dots on one target: 0 deletes the row. */
export async function writeDots(db: Db, boardId: string, actorId: string, targetId: string, dots: number) {
  if (dots <= 0) {
    await db
      .deleteFrom('board_votes')
      .where('board_id', '=', boardId)
      .where('actor_id', '=', actorId)
      .where('target_id', '=', targetId)
      .execute()
    return
  }
  await db
    .insertInto('board_votes')
    .values({ board_id: boardId, actor_id: actorId, target_id: targetId, dots })
    .onConflict((oc) =>
      oc.columns(['board_id', 'actor_id', 'target_id']).doUpdateSet({ dots, updated_at: sql`now()` }),
    )
    .execute()
}

/** Total dots per target over every voter (no voter in the answer). */
export async function totalsByTarget(db: Db, boardId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('board_votes')
    .select(['target_id', (eb) => eb.fn.sum<string | number>('dots').as('total')])
    .where('board_id', '=', boardId)
    .groupBy('target_id')
    .orderBy('target_id')
    .execute()
  return Object.fromEntries(rows.map((row) => [row.target_id, Number(row.total)]))
}

/** The whole ballot of a board, voter by voter (facilitators' `byVoter`, conversion). */
export async function listBallot(db: Db, boardId: string): Promise<BallotRow[]> {
  const rows = await db
    .selectFrom('board_votes')
    .select(['actor_id', 'target_id', 'dots'])
    .where('board_id', '=', boardId)
    .orderBy('actor_id')
    .orderBy('target_id')
    .execute()
  return rows.map((row) => ({ actorId: row.actor_id, targetId: row.target_id, dots: row.dots }))
}

/**
 * Display names of voters: guests by guest id, accounts by user id (an actor id is one or the other).
 * A voter who is neither any more (erased, or a v1 board's voter id) has no name here.
 */
export async function voterNames(db: Db, actorIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  if (actorIds.length === 0) return names
  for (const table of ['guests', 'users'] as const) {
    const people = await db
      .selectFrom(table)
      .select(['id', 'display_name'])
      .where('id', 'in', actorIds)
      .execute()
    for (const person of people) names.set(person.id, person.display_name)
  }
  return names
}

/**
 * Copies dots found in a v1 document into the ballot (board format v2 migration). Idempotent: a row
 * already in the ballot wins (it can only be newer than the document's copy), so running the migration
 * twice, or on two instances at once, changes nothing the second time.
 */
export async function insertMigratedDots(db: Kysely<Database>, boardId: string, rows: BallotRow[]) {
  if (rows.length === 0) return
  // Chunks keep each statement's parameter count far below Postgres's 65,535.
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('board_votes')
      .values(
        rows.slice(i, i + 1000).map((row) => ({
          board_id: boardId,
          actor_id: row.actorId,
          target_id: row.targetId,
          dots: row.dots,
        })),
      )
      .onConflict((oc) => oc.columns(['board_id', 'actor_id', 'target_id']).doNothing())
      .execute()
  }
}
