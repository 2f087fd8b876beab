import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../db/schema.ts'
import { dropVoteTombstones, migrateBoardFormat } from './board-format.ts'
import { type BoardSeed, readBoardSeed, readStoredBoard, storeInitialSnapshot } from './board-store.ts'
import { LOG_ORIGIN } from './origins.ts'
import { assertSaneUpdate } from './update-guard.ts'

/** The board does not exist (deleted, or never did). */
export class BoardNotFoundError extends Error {}

/** A stored row of the board cannot be decoded: the board answers an error, nothing is written. */
export class CorruptBoardError extends Error {}

/** A loaded board: its document and where in the log it stands. */
export interface LoadedBoard {
  doc: Y.Doc
  /** The largest log id folded into `doc` (the snapshot's, or the last row read). */
  logId: number
  /** Log rows above the snapshot: compaction is due when they pile up. */
  rowsAboveSnapshot: number
}

/**
 * Loads a board: snapshot + the log above it. A board with neither is new: its first document is
 * built by `buildInitial` from the workshop's start zones and stored as its snapshot (at most once,
 * whichever instance gets there first), then read back, so every instance starts from the same bytes.
 *
 * A board still in format v1 is migrated here, before any client sees it (board-format.ts): its dots go
 * to the ballot and its `votes` root is emptied by a change appended to the log.
 *
 * Why it never yields an empty board for a real one: every failure (database down, a row that does
 * not decode) throws, and the caller keeps clients waiting or closes them with an error; nothing here
 * writes unless the board has no content at all, checked under a row lock.
 */
export async function loadBoard(
  db: Kysely<Database>,
  boardId: string,
  buildInitial: (seed: BoardSeed) => Y.Doc,
): Promise<LoadedBoard> {
  let stored = await readStoredBoard(db, boardId)
  if (!stored) throw new BoardNotFoundError(`board ${boardId} not found`)
  if (!stored.snapshot && stored.updates.length === 0) {
    const seed = await readBoardSeed(db, boardId)
    if (!seed) throw new BoardNotFoundError(`board ${boardId} not found`)
    await storeInitialSnapshot(db, boardId, () => Y.encodeStateAsUpdate(buildInitial(seed)))
    stored = await readStoredBoard(db, boardId)
    if (!stored) throw new BoardNotFoundError(`board ${boardId} not found`)
    if (!stored.snapshot && stored.updates.length === 0) throw new Error(`board ${boardId} is still empty`)
  }
  const doc = new Y.Doc()
  let logId = stored.snapshotUpdateId
  try {
    if (stored.snapshot) applyStored(doc, stored.snapshot)
    for (const row of stored.updates) {
      applyStored(doc, row.data)
      logId = row.id
    }
  } catch (error) {
    doc.destroy()
    throw new CorruptBoardError(
      `board ${boardId}: a stored update does not decode (${(error as Error).message})`,
      {
        cause: error,
      },
    )
  }
  let rowsAboveSnapshot = stored.updates.length
  try {
    // `logId` stays at the last row read: the migration's own row may have an id above rows of other
    // instances that were not yet visible, and catch-up must still read those (reading ours again is
    // harmless).
    if (await migrateBoardFormat(db, boardId, doc)) rowsAboveSnapshot += 1
  } catch (error) {
    doc.destroy()
    throw error
  }
  return { doc, logId, rowsAboveSnapshot }
}

/** Applies stored bytes after the same bounded check as client input: storage can rot too. */
export function applyStored(doc: Y.Doc, update: Uint8Array): void {
  assertSaneUpdate(update)
  Y.applyUpdate(doc, update, LOG_ORIGIN)
}

/**
 * Folds a snapshot and log rows into one new snapshot (garbage-collected), for compaction. The voter
 * ids of a migrated v1 board's emptied `votes` root are dropped on the way (board-format.ts), so once
 * compacted, storage no longer holds them either.
 */
export function mergeForSnapshot(snapshot: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc()
  try {
    if (snapshot) applyStored(doc, snapshot)
    for (const update of updates) applyStored(doc, update)
    dropVoteTombstones(doc)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
