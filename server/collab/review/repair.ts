import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import type { RecordEntry } from '../../../shared/board/document.ts'
import {
  type BoardRecords,
  currentState,
  deleteEntry,
  forEachInsertedItem,
  insertEntryBefore,
  isDeletedEntry,
  isEntry,
} from '../../../shared/board/record-index.ts'
import { createdIn, type DeleteLookup, type RecordChange } from './transaction-changes.ts'

/**
 * The server's repairs, made inside the transaction that brought the refused change, so the document's
 * one 'update' event carries only the net result (see validation.ts for why an update is repaired and
 * never dropped). Every repair is a plain Yjs operation under the server's own client id: deleting what
 * the change inserted, writing back what it deleted, or putting a corrected copy in place of an entry.
 */

/**
 * Undoes a transaction's effect on record `key`: deletes every entry it inserted and, when it deleted
 * the current entry, writes the previous value back just left of it (see insertEntryBefore). Returns
 * the record as it stands again (undefined when the key did not exist before).
 */
export function revertRecord(
  transaction: Y.Transaction,
  index: BoardRecords,
  key: string,
  change: RecordChange | undefined,
): TLRecord | undefined {
  const doc = transaction.doc
  deleteEntries(
    transaction,
    (change?.inserted ?? []).filter((id) => !isDeletedEntry(doc, id)),
  )
  // The index follows the document after the transaction: until then it names the entry that was
  // current before this transaction.
  const current = index.currentEntryId(key)
  const entry = index.currentEntry(key)
  if (current && entry && isDeletedEntry(doc, current)) {
    const restored: RecordEntry = { key, val: entry.val }
    insertEntryBefore(transaction, index.array, current, restored)
  }
  return entry?.val
}

/**
 * Deletes the entries at `ids` (entries of one array). Consecutive entries of one client are deleted as
 * one range: an update of 5,000 cards arrives as one Item of 5,000 entries, and splitting it once per
 * entry would copy the rest of its content each time (quadratic).
 */
export function deleteEntries(transaction: Y.Transaction, ids: readonly Y.ID[]): void {
  if (ids.length === 0) return
  const sorted = [...ids].sort((a, b) => a.client - b.client || a.clock - b.clock)
  let start = sorted[0]
  let length = 1
  const flush = () => deleteRange(transaction, start, length)
  for (let i = 1; i < sorted.length; i++) {
    const id = sorted[i]
    if (id.client === start.client && id.clock === start.clock + length) length++
    else if (id.client === start.client && id.clock < start.clock + length) continue
    else {
      flush()
      start = id
      length = 1
    }
  }
  flush()
}

/** Deletes `length` consecutive entries of one client from `start`, splitting items at the edges only. */
function deleteRange(transaction: Y.Transaction, start: Y.ID, length: number): void {
  if (length === 1) {
    deleteEntry(transaction, start)
    return
  }
  const store = transaction.doc.store
  const endClock = start.clock + length - 1
  const first = Y.getItemCleanStart(transaction, start)
  Y.getItemCleanEnd(transaction, store, Y.createID(start.client, endClock))
  // After the two splits, the client's structs from `start` to the end clock are whole items.
  const structs = store.clients.get(start.client)!
  for (let i = Y.findIndexSS(structs, start.clock); i < structs.length; i++) {
    const struct = structs[i]
    if (struct.id.clock > endClock) break
    if (struct instanceof Y.Item && !struct.deleted) struct.delete(transaction)
  }
  clearSearchMarkers(first.parent as Y.AbstractType<any>)
}

/**
 * Puts `entry` in place of the entry at `id`: the corrected copy is inserted by the server, then the
 * entry at `id` is deleted. `where`:
 * - 'before': immediately left of the replaced entry, so that any later edit of the same client (always
 *   pushed to the right of its earlier entries) still wins over the corrected copy;
 * - 'start': at the very start of the array. Used to re-issue a participant's write in an anonymous
 *   workshop: a Yjs item records the ids of its neighbours at insertion (its origins), so a copy placed
 *   next to the participant's entry would name that entry's client id, which awareness maps to a
 *   person. At the start, its left origin is null and its right origin the array's first item, which
 *   is the board's own first record or an earlier server copy (clients append at the end). Any later
 *   edit, appended at the end, still wins.
 */
export function replaceEntry(
  transaction: Y.Transaction,
  array: Y.Array<RecordEntry>,
  id: Y.ID,
  entry: RecordEntry,
  where: 'before' | 'start',
): void {
  if (where === 'before') insertEntryBefore(transaction, array, id, entry)
  else insertEntryAtStart(transaction, array, entry)
  deleteEntry(transaction, id)
}

/** Inserts `entry` at the start of `array`, as the document's own client. */
export function insertEntryAtStart(
  transaction: Y.Transaction,
  array: Y.Array<RecordEntry>,
  entry: RecordEntry,
): void {
  const doc = transaction.doc
  const type = array as unknown as Y.AbstractType<any>
  const right = type._start
  const item = new Y.Item(
    Y.createID(doc.clientID, Y.getState(doc.store, doc.clientID)),
    null,
    null,
    right,
    right?.id ?? null,
    type,
    null,
    new Y.ContentAny([entry]),
  )
  item.integrate(transaction, 0)
  clearSearchMarkers(type)
}

/**
 * The item that held `map[key]` before this transaction: the rightmost item of the key that the
 * transaction did not create (the items of one key form a linked list, newest on the right).
 */
function previousMapItem(transaction: Y.Transaction, map: Y.Map<unknown>, key: string): Y.Item | null {
  let item: Y.Item | null = (map as unknown as Y.AbstractType<any>)._map.get(key) ?? null
  while (item !== null && createdIn(transaction, item)) item = item.left
  return item
}

/** The value an item held before this transaction, if it existed and was live then. */
function liveBeforeValue(transaction: Y.Transaction, deleted: DeleteLookup, item: Y.Item): unknown {
  if (createdIn(transaction, item)) return undefined
  if (item.deleted && !deleted.has(item.id)) return undefined
  const content = item.content
  if (content instanceof Y.ContentAny) return content.arr[content.arr.length - 1]
  if (content instanceof Y.ContentType && content.type instanceof Y.Map) {
    const copy: Record<string, unknown> = {}
    for (const key of (content.type as Y.AbstractType<any>)._map.keys()) {
      const previous = previousMapItem(transaction, content.type as Y.Map<unknown>, key)
      const value = previous ? liveBeforeValue(transaction, deleted, previous) : undefined
      if (value !== undefined) copy[key] = value
    }
    return copy
  }
  return undefined
}

/** Undoes the transaction's writes to `map[key]`: deletes what it set, restores what it removed. */
export function revertMapKey(
  transaction: Y.Transaction,
  deleted: DeleteLookup,
  map: Y.Map<unknown>,
  key: string,
): void {
  let item: Y.Item | null = (map as unknown as Y.AbstractType<any>)._map.get(key) ?? null
  while (item !== null && createdIn(transaction, item)) {
    if (!item.deleted) item.delete(transaction)
    item = item.left
  }
  if (item === null || !item.deleted || !deleted.has(item.id)) return
  const value = liveBeforeValue(transaction, deleted, item)
  if (value === undefined) return
  if (item.content instanceof Y.ContentType) {
    // A nested map cannot be undeleted: an equal new one takes its place.
    const copy = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) copy.set(k, v)
    map.set(key, copy)
  } else {
    map.set(key, value)
  }
}

/**
 * The fallback when the review fails: deletes everything the transaction inserted and writes back the
 * records whose current entry it deleted. Coarse (a deleted meta value stays deleted), but it never
 * leaves unreviewed content in the board.
 */
export function undoTransaction(transaction: Y.Transaction, index: BoardRecords): void {
  const doc = transaction.doc
  const restore: { key: string; val: TLRecord; id: Y.ID }[] = []
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || struct.parent !== (index.array as unknown)) return
    if (!(struct.content instanceof Y.ContentAny)) return
    struct.content.arr.forEach((entry: unknown, offset: number) => {
      if (!isEntry(entry)) return
      const current = index.currentEntryId(entry.key)
      const id = Y.createID(struct.id.client, struct.id.clock + offset)
      if (current && sameId(current, id)) restore.push({ key: entry.key, val: entry.val, id })
    })
  })
  forEachInsertedItem(transaction, currentState(doc), (item) => {
    if (!item.deleted) item.delete(transaction)
  })
  for (const { key, val, id } of restore) insertEntryBefore(transaction, index.array, id, { key, val })
  clearSearchMarkers(index.array as unknown as Y.AbstractType<any>)
}

export function sameId(a: Y.ID, b: Y.ID): boolean {
  return a.client === b.client && a.clock === b.clock
}

/**
 * Direct Item operations do not keep Y.Array's cached index markers up to date: they are dropped, so a
 * later index-based operation searches from the start instead of trusting a stale position.
 */
export function clearSearchMarkers(type: Y.AbstractType<any>): void {
  if (type._searchMarker) type._searchMarker.length = 0
}
