import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import {
  META_VOTE_TOTALS,
  META_WORKSHOP,
  meta,
  readLiveState,
  recordsArray,
  VOTES,
} from '../../shared/board/document.ts'
import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import { boardRecords, deleteEntry, isEntry } from '../../shared/board/record-index.ts'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import type { ShapeAuthor } from './board-context.ts'
import { dropVoteTombstones } from './board-format.ts'
import { applyStored } from './board-loader.ts'
import { SERVER_ORIGIN } from './origins.ts'
import { isIdeaLike } from './review/authorship.ts'
import type { Room } from './room.ts'

/**
 * Erasure on a board (server/erasure/ decides who and where): a person's ideas stay, credited to nobody
 * ("Participant·e anonyme"), or leave the board when the person asked it; nothing the document holds
 * names them any more. The same change runs on a live room (stored and broadcast like any server change,
 * its private side erased on every instance) and on a board's stored history, rebuilt without what the
 * change took out (board-store.ts rewriteBoardHistory).
 *
 * Yjs keeps nothing of what is deleted here: the records live in a Y.Array, whose deleted items lose
 * their content when the transaction ends (Yjs garbage collection, on in every document of the server),
 * so neither the updates a room stores and sends nor the rebuilt snapshot carry the old values.
 */

/** Who is erased from one board. */
export interface BoardErasure {
  /** Their actor ids (guest or user ids: what ideas' `authorId`, votes and presence use). */
  actorIds: ReadonlySet<string>
  /**
   * Shapes they created as the server recorded them (shape_authors, the live context): ideas of an
   * anonymous workshop carry no author in the document, and clusters never do.
   */
  authoredShapes: ReadonlySet<string>
  /** Take their ideas off the board rather than crediting them to nobody. */
  removeIdeas: boolean
}

/** What an erasure changed in one document. */
export interface DocumentErasure {
  /** Records rewritten or deleted, and meta keys changed. */
  changes: number
  /** Ideas taken off the board (removeIdeas). */
  removedIdeas: string[]
}

/** The author fields an erased person's ideas carry: none in an anonymous workshop, else the label. */
export function erasedIdeaFields(live: Pick<WorkshopLiveState, 'anonymous'>): {
  authorId: string
  authorName: string
} {
  return { authorId: '', authorName: live.anonymous ? '' : ERASED_AUTHOR_NAME }
}

/** What the server's authorship records say of an erased person's shapes. */
export const ERASED_AUTHOR: ShapeAuthor = { actorId: '', displayName: ERASED_AUTHOR_NAME }

/**
 * Erases `erasure`'s people from `doc` in one transaction (the caller's, when it runs in one). Every live
 * entry of a record of theirs counts, not only the current one: a key written concurrently can have
 * another live entry to the left of the winner, holding the old value, until a client cleans it up.
 * Idempotent: a second call finds nothing and changes nothing.
 */
export function eraseFromDocument(doc: Y.Doc, erasure: BoardErasure): DocumentErasure {
  const result: DocumentErasure = { changes: 0, removedIdeas: [] }
  doc.transact((transaction) => {
    const index = boardRecords(doc)
    const live = readLiveState(doc)
    const fields = erasedIdeaFields(live)
    const theirs = (value: unknown, key: string) =>
      isIdeaLike(value) &&
      (erasure.actorIds.has(String(value.props.authorId)) || erasure.authoredShapes.has(key))

    // Keys with an entry of theirs, and every live entry that is not its key's current one: a stale
    // entry of such a key goes, whoever the current one credits.
    const keys = new Set<string>()
    const stale: { key: string; id: Y.ID }[] = []
    const array = recordsArray(doc)
    for (let item = array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const entries = item.content.arr
      for (let offset = 0; offset < entries.length; offset++) {
        const entry = entries[offset]
        if (!isEntry(entry)) continue
        const id = Y.createID(item.id.client, item.id.clock + offset)
        if (theirs(entry.val, entry.key)) keys.add(entry.key)
        const current = index.currentEntryId(entry.key)
        if (!current || current.client !== id.client || current.clock !== id.clock)
          stale.push({ key: entry.key, id })
      }
    }
    for (const { key, id } of stale) {
      if (!keys.has(key)) continue
      deleteEntry(transaction, id)
      result.changes += 1
    }
    for (const key of keys) {
      const record = index.get(key)
      if (!isIdeaLike(record) || !theirs(record, key)) continue
      if (erasure.removeIdeas) {
        index.delete(key)
        result.removedIdeas.push(key)
        result.changes += 1
      } else if (record.props.authorId !== fields.authorId || record.props.authorName !== fields.authorName) {
        index.set({ ...record, props: { ...record.props, ...fields } } as unknown as TLRecord)
        result.changes += 1
      }
    }

    if (result.removedIdeas.length > 0) {
      const removed = new Set(result.removedIdeas)
      // Arrows bound to a removed idea would point at nothing.
      for (const record of [...index.values()]) {
        const binding = record as { typeName?: string; fromId?: string; toId?: string }
        if (
          binding.typeName === 'binding' &&
          (removed.has(String(binding.fromId)) || removed.has(String(binding.toId)))
        ) {
          index.delete(record.id)
          result.changes += 1
        }
      }
      const totals = meta(doc).get(META_VOTE_TOTALS)
      if (
        typeof totals === 'object' &&
        totals !== null &&
        Object.keys(totals).some((id) => removed.has(id))
      ) {
        meta(doc).set(
          META_VOTE_TOTALS,
          Object.fromEntries(Object.entries(totals).filter(([id]) => !removed.has(id))),
        )
        result.changes += 1
      }
    }

    // Follow-me names its presenter (a facilitator) in the live state.
    if (live.followMe && erasure.actorIds.has(live.followMe.presenterId)) {
      meta(doc).set(META_WORKSHOP, { ...live, followMe: null })
      result.changes += 1
    }

    // A v1 board's `votes` root, keyed by voter (emptied at load; its tombstones go in dropVoteTombstones).
    if (doc.share.has(VOTES)) {
      const votes = doc.getMap(VOTES)
      for (const actorId of erasure.actorIds)
        if (votes.has(actorId)) {
          votes.delete(actorId)
          result.changes += 1
        }
    }
  })
  return result
}

/**
 * The new snapshot of a board's stored history with `erasure` applied, or null when the history holds
 * nothing of them: the stored bytes contain none of `needles` (their ids and names, as UTF-8: Yjs writes
 * strings as UTF-8, so a name in a record is in the bytes) and the rebuilt document has nothing to erase.
 * The document is rebuilt from every stored row (garbage-collected: what was deleted keeps no content),
 * the erasure applied to it, and its whole state encoded as one update.
 */
export function rewriteStoredHistory(
  snapshot: Uint8Array | null,
  updates: Uint8Array[],
  erasure: BoardErasure,
  needles: readonly Uint8Array[],
): Uint8Array | null {
  const doc = new Y.Doc()
  try {
    if (snapshot) applyStored(doc, snapshot)
    for (const update of updates) applyStored(doc, update)
    dropVoteTombstones(doc)
    const erased = eraseFromDocument(doc, erasure)
    dropVoteTombstones(doc)
    const stored = snapshot ? [snapshot, ...updates] : updates
    if (erased.changes === 0 && !stored.some((bytes) => containsAny(bytes, needles))) return null
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

/** True when `bytes` contain one of `needles` (non-empty byte strings). */
export function containsAny(bytes: Uint8Array, needles: readonly Uint8Array[]): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return needles.some((needle) => needle.length > 0 && buffer.indexOf(needle) !== -1)
}

/** What erasing people from a live room changed. */
export interface RoomErasure extends DocumentErasure {
  /** Authorship records and private ideas changed in the room's private side. */
  contextChanges: number
}

/** How long the erasure waits for a live room to store its change (as liveBoards.change does). */
const STORE_DEADLINE_MS = 10_000

/**
 * Erases people from a live room: the document (one server change, stored and broadcast to every
 * client on every instance), its private side here (authorship, private ideas) and, through the
 * fan-out, on the other instances holding the board. Resolves once both are stored.
 */
export async function eraseFromRoom(room: Room, erasure: BoardErasure): Promise<RoomErasure> {
  // What the room recorded beyond the database (shapes created since the last write behind).
  const authored = new Set(erasure.authoredShapes)
  for (const actorId of erasure.actorIds) for (const id of room.context.ownShapes(actorId)) authored.add(id)
  if (erasure.removeIdeas)
    for (const { idea, author } of room.context.allPrivateIdeas())
      if (erasure.actorIds.has(author.actorId)) authored.add(idea.id)
  let erased!: DocumentErasure
  room.doc.transact(() => {
    erased = eraseFromDocument(room.doc, { ...erasure, authoredShapes: authored })
  }, SERVER_ORIGIN)
  const contextChanges = room.eraseActors([...erasure.actorIds], erasure.removeIdeas)
  const deadline = performance.now() + STORE_DEADLINE_MS
  await room.persistence.flush(deadline)
  await room.context.flush(deadline)
  return { ...erased, contextChanges }
}
