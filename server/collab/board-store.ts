import { type Kysely, sql, type Transaction } from 'kysely'
import type { ContractPriority, Database, StartZone, Workshop } from '../db/schema.ts'

/**
 * The live board's storage: a snapshot per board and an append-only log of Yjs updates
 * (board_updates). Only these functions touch those tables for live boards.
 *
 * The one rule that keeps the log and the snapshot consistent: every append takes a SHARE lock on its
 * board row before its id is drawn from the identity sequence, and compaction takes an UPDATE lock on
 * the same row. So while compaction runs, no append is half done: every row it can fold is committed and
 * visible, rows drawn later have larger ids, and "fold and delete the rows up to the largest id read"
 * loses nothing. A loader then reads exactly the rows above `snapshot_update_id`.
 */

type Db = Kysely<Database> | Transaction<Database>

/** What a board's document is made of in storage. */
export interface StoredBoard {
  snapshot: Uint8Array | null
  snapshotUpdateId: number
  /** Log rows above the snapshot, in id order. */
  updates: { id: number; data: Uint8Array }[]
}

/**
 * Reads a board's snapshot and the log above it; undefined when the board does not exist.
 *
 * One statement, so the snapshot and the rows come from the same point in time even under READ
 * COMMITTED: read in two statements, a compaction committing in between could fold rows into a snapshot
 * we did not see and delete them. (A transaction would do too, but postgres.js 3.4.9 can crash the
 * process when a transaction's connection dies, and loads also happen while Postgres restarts.)
 */
export async function readStoredBoard(db: Db, boardId: string): Promise<StoredBoard | undefined> {
  const result = await sql<{ kind: number; id: string | number; data: Uint8Array | null }>`
    select 0 as kind, snapshot_update_id as id, snapshot as data from boards where id = ${boardId}
    union all
    select 1 as kind, u.id, u.data
      from board_updates u join boards b on b.id = u.board_id
      where u.board_id = ${boardId} and u.id > b.snapshot_update_id
    order by kind, id`.execute(db)
  const [board, ...rows] = result.rows
  if (!board || Number(board.kind) !== 0) return undefined
  return {
    snapshot: board.data ? toBytes(board.data) : null,
    snapshotUpdateId: Number(board.id),
    updates: rows.map((row) => ({ id: Number(row.id), data: toBytes(row.data!) })),
  }
}

/** Log rows of a board with id > `afterId`, in id order. */
export async function readUpdatesAfter(
  db: Db,
  boardId: string,
  afterId: number,
): Promise<{ id: number; data: Uint8Array }[]> {
  const rows = await db
    .selectFrom('board_updates')
    .select(['id', 'data'])
    .where('board_id', '=', boardId)
    .where(sql<boolean>`id > ${afterId}`)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({ id: Number(row.id), data: toBytes(row.data) }))
}

/** The id up to which a board's log is folded into its snapshot. */
export async function readSnapshotUpdateId(
  db: Kysely<Database>,
  boardId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('boards')
    .select('snapshot_update_id')
    .where('id', '=', boardId)
    .executeTakeFirst()
  return row ? Number(row.snapshot_update_id) : undefined
}

/**
 * Appends one update (the merged batch of a flush) to a board's log; returns its id, or null when the
 * board no longer exists (its updates have nowhere to go).
 *
 * One statement: the CTE takes the SHARE lock on the board row before the insert draws its id, which is
 * what makes compaction safe (see the top of this file). It is deliberately not an explicit transaction:
 * this write is retried while Postgres is down, and postgres.js 3.4.9 crashes the process when a
 * reserved (transaction) connection's socket closes under it (porsager/postgres#1208); a single
 * statement runs on a pooled connection and fails cleanly instead.
 */
export async function appendBoardUpdate(
  db: Kysely<Database>,
  boardId: string,
  data: Uint8Array,
): Promise<number | null> {
  const result = await sql<{ id: string | number }>`
    with board as (select id from boards where id = ${boardId} for share)
    insert into board_updates (board_id, data) select id, ${data} from board
    returning id`.execute(db)
  const row = result.rows[0]
  return row ? Number(row.id) : null
}

/** The seed of a new board's document: the workshop's start zones and its contract's priorities. */
export interface BoardSeed {
  workshopId: string
  startZones: StartZone[]
  priorities: ContractPriority[]
  /** The workshop row's live-state columns, for meta.workshop. */
  workshop: Pick<Workshop, 'phase' | 'locked' | 'state'>
}

/** Reads what a board's first document is built from; undefined when the board does not exist. */
export async function readBoardSeed(db: Kysely<Database>, boardId: string): Promise<BoardSeed | undefined> {
  const row = await db
    .selectFrom('boards')
    .innerJoin('workshops', 'workshops.id', 'boards.workshop_id')
    .innerJoin('contracts', 'contracts.id', 'workshops.contract_id')
    .select([
      'workshops.id as workshop_id',
      'workshops.start_zones',
      'workshops.phase',
      'workshops.locked',
      'workshops.state',
      'contracts.priorities',
    ])
    .where('boards.id', '=', boardId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    workshopId: row.workshop_id,
    startZones: row.start_zones,
    priorities: row.priorities,
    workshop: { phase: row.phase, locked: row.locked, state: row.state },
  }
}

/**
 * Stores a new board's first snapshot, built by `build`, unless the board already has content.
 * Two instances may load a fresh board at the same moment: the UPDATE lock on the board row makes the
 * second wait, and it then sees the first one's snapshot and writes nothing, so a board never has two
 * different initial documents (their Yjs client ids would differ and both zones would appear twice).
 * Returns true when this call stored the snapshot.
 */
export async function storeInitialSnapshot(
  db: Kysely<Database>,
  boardId: string,
  build: () => Uint8Array,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const board = await trx
      .selectFrom('boards')
      .select(['snapshot'])
      .where('id', '=', boardId)
      .forUpdate()
      .executeTakeFirst()
    if (!board || board.snapshot) return false
    const logged = await trx
      .selectFrom('board_updates')
      .select('id')
      .where('board_id', '=', boardId)
      .limit(1)
      .execute()
    if (logged.length > 0) return false
    await trx
      .updateTable('boards')
      .set({ snapshot: build(), updated_at: new Date() })
      .where('id', '=', boardId)
      .execute()
    return true
  })
}

/**
 * Folds a board's log into its snapshot in one transaction: reads the snapshot and the rows above it,
 * merges them with `merge`, stores the result as the snapshot up to the largest id read, and deletes
 * exactly the rows up to that id. Rows appended meanwhile wait for the lock (see the top of this file)
 * and get larger ids, so they stay in the log. Returns the number of rows folded.
 */
export async function compactBoard(
  db: Kysely<Database>,
  boardId: string,
  merge: (snapshot: Uint8Array | null, updates: Uint8Array[]) => Uint8Array,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const board = await trx
      .selectFrom('boards')
      .select(['snapshot', 'snapshot_update_id'])
      .where('id', '=', boardId)
      .forUpdate()
      .executeTakeFirst()
    if (!board) return 0
    const rows = await readUpdatesAfter(trx, boardId, Number(board.snapshot_update_id))
    if (rows.length === 0) return 0
    const maxId = rows[rows.length - 1]!.id
    const snapshot = merge(
      board.snapshot ? toBytes(board.snapshot) : null,
      rows.map((row) => row.data),
    )
    await trx
      .updateTable('boards')
      .set({ snapshot, snapshot_update_id: maxId, updated_at: new Date() })
      .where('id', '=', boardId)
      .execute()
    await trx
      .deleteFrom('board_updates')
      .where('board_id', '=', boardId)
      .where(sql<boolean>`id <= ${maxId}`)
      .execute()
    return rows.length
  })
}

/** postgres.js gives Buffer, PGlite Uint8Array: both are Uint8Array, but Yjs wants a plain view. */
function toBytes(value: Uint8Array): Uint8Array {
  return value instanceof Buffer ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value
}
