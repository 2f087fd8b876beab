import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import { BOARD_FORMAT_VERSION, META_FORMAT, meta, VOTES } from '../../shared/board/document.ts'
import type { Database } from '../db/schema.ts'
import { type BallotRow, insertMigratedDots } from '../votes/repository.ts'
import { appendBoardUpdate } from './board-store.ts'

/**
 * Board format v2 at load (DESIGN.md, "Board format v2"): a v1 board's dots move from its `votes` root
 * (voter id → target id → dots, which reached every browser) into the server's ballot, and the root is
 * emptied by a server change stored in the log, so a reload never brings them back.
 *
 * Emptying the root is not enough on its own: Yjs keeps a deleted map entry as a tombstone that still
 * carries its key, and here the key is the voter's id. `dropVoteTombstones` turns those tombstones into
 * bare GC ranges (what Yjs itself does to the children of a deleted type), so the state the server
 * sends to a new client, and the snapshot compaction writes, hold no voter id at all.
 */

/**
 * The Yjs client id the migration writes under. Why a fixed one: two instances loading the same v1
 * board at once then write byte-identical changes (the one struct it creates, meta.format = 2 at this
 * client's clock 0, and the same deletions), so their documents are equal whichever row each applied.
 * It creates at most that one struct per board, ever (the format is never unset again), so it never
 * writes two different structs under one id. A browser drawing this id at random is a 1 in 2^32 event.
 */
const MIGRATION_CLIENT_ID = 0x4b4c0002

/** Dots of a v1 document's `votes` root, as ballot rows (whole positive counts only). */
export function readV1Dots(doc: Y.Doc): BallotRow[] {
  const rows: BallotRow[] = []
  if (!doc.share.has(VOTES)) return rows
  doc.getMap<unknown>(VOTES).forEach((given, actorId) => {
    if (!(given instanceof Y.Map)) return
    given.forEach((dots, targetId) => {
      // Only whole positive counts are dots; anything else a client might have written is ignored.
      if (typeof dots === 'number' && Number.isInteger(dots) && dots > 0)
        rows.push({ actorId, targetId, dots })
    })
  })
  return rows
}

/**
 * True when the document still needs the v2 migration (format unset, or votes left in the root).
 * Throws for a board of a newer format than this server knows: it must not be served, let alone written.
 */
export function needsFormatMigration(doc: Y.Doc): boolean {
  const format = meta(doc).get(META_FORMAT)
  if (typeof format === 'number' && format > BOARD_FORMAT_VERSION)
    throw new Error(`board written in format ${format}, newer than this server's ${BOARD_FORMAT_VERSION}`)
  return format !== BOARD_FORMAT_VERSION || (doc.share.has(VOTES) && doc.getMap(VOTES).size > 0)
}

/**
 * Migrates a loaded board to format v2: its dots into board_votes (idempotent), then one change that
 * empties `votes` and sets meta.format = 2, appended to the board's log. Returns whether a change was
 * stored. Runs before the room exists (no client sees the document yet), hence the direct append
 * rather than a room change. Two instances loading the same v1 board at once both do it: the ballot
 * insert keeps one row per (voter, target), and both changes delete the same entries (Yjs deletions
 * are idempotent) and set the same format.
 */
export async function migrateBoardFormat(
  db: Kysely<Database>,
  boardId: string,
  doc: Y.Doc,
): Promise<boolean> {
  if (!needsFormatMigration(doc)) {
    dropVoteTombstones(doc)
    return false
  }
  // The ballot first: if the process dies between the two writes, the document still holds the dots
  // and the next load copies them again (no row is duplicated).
  await insertMigratedDots(db, boardId, readV1Dots(doc))
  const before = Y.encodeStateVector(doc)
  const ownClientId = doc.clientID
  doc.clientID = MIGRATION_CLIENT_ID
  try {
    doc.transact(() => {
      if (doc.share.has(VOTES)) {
        const votes = doc.getMap(VOTES)
        for (const key of [...votes.keys()]) votes.delete(key)
      }
      if (meta(doc).get(META_FORMAT) !== BOARD_FORMAT_VERSION)
        meta(doc).set(META_FORMAT, BOARD_FORMAT_VERSION)
    })
  } finally {
    doc.clientID = ownClientId
  }
  const change = Y.encodeStateAsUpdate(doc, before)
  // Deletions live in the update's delete set, which encodeStateAsUpdate writes in full: storing it
  // again later (another instance, a reload) is harmless.
  await appendBoardUpdate(db, boardId, change)
  dropVoteTombstones(doc)
  return true
}

/**
 * Replaces every deleted entry of the `votes` root (and every older value of its keys) by a GC range:
 * the structs keep their ids, so state vectors and later updates are unaffected, but the voter ids
 * they were keyed by are gone from what the document encodes. A client still holding the old entries
 * that writes to one of those keys again has its write turned into GC here too (its origin is GC).
 * Only deleted entries are touched; a live entry (none after the migration) is left alone.
 */
export function dropVoteTombstones(doc: Y.Doc): void {
  if (!doc.share.has(VOTES)) return
  const votes = doc.getMap(VOTES)
  for (const [key, latest] of [...votes._map.entries()]) {
    if (!latest.deleted) continue
    for (let item: Y.Item | null = latest; item !== null; item = item.left as Y.Item | null) {
      if (item.deleted && item instanceof Y.Item) item.gc(doc.store, true)
    }
    votes._map.delete(key)
  }
}
