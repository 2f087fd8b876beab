import { createHash } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import * as Y from 'yjs'
import { withDeadline } from '../db/deadline.ts'
import type { ContractPriority, Database, StartZone, Workshop } from '../db/schema.ts'

/**
 * The live board's storage: a snapshot per board and an append-only log of Yjs updates
 * (board_updates). Only these functions touch those tables for live boards.
 *
 * The rule that keeps the log and the snapshot consistent: compaction stores the merged snapshot and
 * deletes exactly the rows it merged in one statement, so every row still in the log is one the snapshot
 * lacks (or a harmless duplicate: Yjs applies an update twice as once). A loader reads the snapshot and
 * every row left in the log. Appends take a SHARE lock on the board row, so compaction's UPDATE waits
 * for appends in flight rather than racing them.
 */

type Db = Kysely<Database> | Transaction<Database>

/** What a board's document is made of in storage. */
export interface StoredBoard {
  snapshot: Uint8Array | null
  snapshotUpdateId: number
  /** Every log row not yet folded into the snapshot, in id order (compaction deletes what it folds). */
  updates: { id: number; data: Uint8Array }[]
}

/**
 * How long a live room's background read of its stored board may take (catch-up, relay adoption): past
 * it (a dead connection, see db/deadline.ts) the read counts as failed and the next round tries again.
 */
const BACKGROUND_READ_DEADLINE_MS = 10_000

/** `read`, rejected with "reading <what> timed out" when it has not answered within 10 s. */
export function readInTime<T>(read: Promise<T>, what: string): Promise<T> {
  return withDeadline(read, BACKGROUND_READ_DEADLINE_MS, `reading ${what} timed out`)
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
      from board_updates u
      where u.board_id = ${boardId}
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
 * board no longer exists (its updates have nowhere to go). Bytes the log already holds give the id of
 * the row that holds them.
 *
 * Once per batch: the row carries the SHA-256 of its bytes, unique per board. A write that timed out is
 * retried, and the first attempt can still land seconds later (its connection was reconnecting through
 * a Postgres that was starting up): both hold the same bytes, and the later one inserts nothing. The
 * same holds for identical bytes stored by two instances. Storing them twice would change nothing in
 * the document (Yjs ignores what it already has), but it would double the log and its replays.
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
  const digest = createHash('sha256').update(data).digest()
  const result = await sql<{ id: string | number }>`
    with board as (select id from boards where id = ${boardId} for share)
    insert into board_updates (board_id, data, digest) select id, ${data}, ${digest} from board
    on conflict (board_id, digest) do nothing
    returning id`.execute(db)
  const row =
    result.rows[0] ??
    (await db
      .selectFrom('board_updates')
      .select('id')
      .where('board_id', '=', boardId)
      .where('digest', '=', digest)
      .executeTakeFirst())
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
 * Two instances may load a fresh board at the same moment: the conditional UPDATE locks the board row,
 * so the second waits, re-checks `snapshot is null` on the row the first one wrote, and changes nothing;
 * a board never has two different initial documents (their Yjs client ids would differ and both zones
 * would appear twice). One statement rather than a transaction: see appendBoardUpdate for why.
 * Returns true when this call stored the snapshot.
 */
export async function storeInitialSnapshot(
  db: Kysely<Database>,
  boardId: string,
  build: () => Uint8Array,
): Promise<boolean> {
  const result = await sql<{ id: string }>`
    update boards set snapshot = ${build()}, updated_at = now()
    where id = ${boardId} and snapshot is null
      and not exists (select 1 from board_updates where board_id = ${boardId})
    returning id`.execute(db)
  return result.rows.length === 1
}

/**
 * Folds a board's log into its snapshot: reads the snapshot and the log (one statement), merges them
 * with `merge`, then in ONE statement stores the merged snapshot and deletes exactly the rows it folded,
 * guarded by the snapshot_update_id it read so that a concurrent compaction makes this one a no-op.
 *
 * Why exactly the rows read, not "every row up to the largest id read": an append draws its id before it
 * commits, so a row with a smaller id may still be uncommitted (invisible to the read) when a larger one
 * is visible. The UPDATE waits for such appends (they hold a SHARE lock on the board row), and their rows
 * then stay in the log; loaders read every row left in the log, whatever its id. Not an explicit
 * transaction: postgres.js 3.4.9 can crash the process when a transaction's connection dies under it
 * (porsager/postgres#1208), and compaction runs while Postgres may be restarting. Returns rows folded.
 */
export async function compactBoard(
  db: Kysely<Database>,
  boardId: string,
  merge: (snapshot: Uint8Array | null, updates: Uint8Array[]) => Uint8Array,
): Promise<number> {
  const stored = await readStoredBoard(db, boardId)
  if (!stored || stored.updates.length === 0) return 0
  const snapshot = merge(
    stored.snapshot,
    stored.updates.map((row) => row.data),
  )
  const ids = stored.updates.map((row) => row.id)
  const maxId = Math.max(stored.snapshotUpdateId, ...ids)
  const result = await sql<{ id: string | number }>`
    with folded as (
      update boards set snapshot = ${snapshot}, snapshot_update_id = ${maxId}, updated_at = now()
      where id = ${boardId} and snapshot_update_id = ${stored.snapshotUpdateId}
      returning id
    )
    delete from board_updates
    where board_id = ${boardId} and exists (select 1 from folded)
      and id in (select value::int8 from jsonb_array_elements_text(cast(${JSON.stringify(ids)} as text)::jsonb))
    returning id`.execute(db)
  return result.rows.length
}

/** An empty Yjs update (what an emptied log row holds; see rewriteBoardHistory). */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())

/**
 * Rewrites a board's whole stored history into one snapshot, for an erasure (server/erasure/): what the
 * log and the snapshot held that `rewrite` leaves out is then stored nowhere. In ONE transaction: the
 * board row is locked FOR UPDATE (appends hold a SHARE lock on it, so this waits for those in flight and
 * holds new ones back until it commits), the snapshot and every log row are read, `rewrite` turns them
 * into the new snapshot, and the rows read are emptied. `rewrite` returns null when there is nothing to
 * take out: then nothing is written. Returns whether the board was rewritten.
 *
 * Why a transaction here when the other writes of this file avoid them: the rewrite must replace every
 * row at once, and a partial one (the snapshot without its rows, or the reverse) is exactly what it must
 * never leave behind; an erasure is a rare request that can simply be made again if Postgres dies
 * under it (postgres.js is patched against the crash that made the live paths avoid transactions).
 *
 * Why rows are emptied, not deleted: each keeps its digest (the unique per-board SHA-256 of its bytes,
 * see appendBoardUpdate), so a write of the same bytes that timed out and lands late, or its retry,
 * inserts nothing instead of bringing back what the rewrite took out. An emptied row is an empty Yjs
 * update, harmless to load; the next compaction deletes it.
 */
export async function rewriteBoardHistory(
  db: Kysely<Database>,
  boardId: string,
  rewrite: (snapshot: Uint8Array | null, updates: Uint8Array[]) => Uint8Array | null,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const locked = await tx
      .selectFrom('boards')
      .select('id')
      .where('id', '=', boardId)
      .forUpdate()
      .executeTakeFirst()
    if (!locked) return false
    const stored = await readStoredBoard(tx, boardId)
    if (!stored) return false
    const snapshot = rewrite(
      stored.snapshot,
      stored.updates.map((row) => row.data),
    )
    if (!snapshot) return false
    const ids = stored.updates.map((row) => row.id)
    await tx
      .updateTable('boards')
      .set({
        snapshot,
        snapshot_update_id: Math.max(stored.snapshotUpdateId, ...ids),
        updated_at: new Date(),
      })
      .where('id', '=', boardId)
      .execute()
    if (ids.length > 0)
      await sql`
        update board_updates set data = ${EMPTY_UPDATE}
        where board_id = ${boardId}
          and id in (select value::int8 from jsonb_array_elements_text(cast(${JSON.stringify(ids)} as text)::jsonb))`.execute(
        tx,
      )
    return true
  })
}

/** postgres.js gives Buffer, PGlite Uint8Array: both are Uint8Array, but Yjs wants a plain view. */
function toBytes(value: Uint8Array): Uint8Array {
  return value instanceof Buffer ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value
}
