import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { type RecordEntry, recordsArray } from './document.ts'
import { perDocument } from './per-document.ts'

/**
 * The records of a board, read and written without YKeyValue's cost. YKeyValue (what the tldraw client
 * uses) walks the whole `records` array on every transaction; a room with a thousand participants
 * applies thousands of transactions a second, so the server keeps this index instead: record id → the
 * Yjs id of its current entry, updated from each transaction's own inserted and deleted items.
 *
 * It follows YKeyValue's rules exactly, so server and clients always agree on a record's value: the
 * current entry of a key is its rightmost live entry in the array.
 *
 * Entries are addressed by Yjs id (client, clock), never by Item object: Yjs merges consecutive items
 * of one client into one Item and splits them again on deletion, but an entry's id never changes.
 */
export class BoardRecords {
  readonly doc: Y.Doc
  readonly array: Y.Array<RecordEntry>
  readonly #current = new Map<string, { id: Y.ID; entry: RecordEntry }>()

  constructor(doc: Y.Doc) {
    this.doc = doc
    this.array = recordsArray(doc)
    // Left to right, so the rightmost entry of a key wins, as in YKeyValue.
    for (let item = this.array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const entries = item.content.arr
      for (let offset = 0; offset < entries.length; offset++) {
        const entry = entries[offset]
        if (isEntry(entry))
          this.#current.set(entry.key, { id: Y.createID(item.id.client, item.id.clock + offset), entry })
      }
    }
    // Runs before the 'update' event of the same transaction: listeners of 'update' read fresh values.
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.changed.has(this.array as Y.AbstractType<any>)) this.#follow(transaction)
    })
  }

  /** The current record stored under `id`. */
  get(id: string): TLRecord | undefined {
    return this.#current.get(id)?.entry.val
  }

  has(id: string): boolean {
    return this.#current.has(id)
  }

  get size(): number {
    return this.#current.size
  }

  /** Every current record, in no particular order. */
  *values(): IterableIterator<TLRecord> {
    for (const { entry } of this.#current.values()) yield entry.val
  }

  /** The Yjs id of the current entry of `key` (validation compares it with a transaction's items). */
  currentEntryId(key: string): Y.ID | undefined {
    return this.#current.get(key)?.id
  }

  /** The current entry object of `key` (the same object as in the array's content). */
  currentEntry(key: string): RecordEntry | undefined {
    return this.#current.get(key)?.entry
  }

  /** Stores `record` under its id, replacing its previous version, in the caller's transaction if any. */
  set(record: TLRecord): void {
    this.doc.transact((transaction) => {
      const previous = this.#current.get(record.id)
      if (previous) deleteEntry(transaction, previous.id)
      this.array.push([{ key: record.id, val: record }])
    })
  }

  /** Removes the record stored under `id`, if any. */
  delete(id: string): void {
    const previous = this.#current.get(id)
    if (!previous) return
    this.doc.transact((transaction) => deleteEntry(transaction, previous.id))
  }

  /** Brings the index up to date with what `transaction` inserted and deleted in the array. */
  #follow(transaction: Y.Transaction): void {
    const touched = new Map<string, Y.ID[]>()
    forEachInsertedItem(transaction, transaction.afterState, (item) => {
      if (item.parent !== this.array || item.deleted || !(item.content instanceof Y.ContentAny)) return
      const entries = item.content.arr
      for (let offset = 0; offset < entries.length; offset++) {
        const entry = entries[offset]
        if (!isEntry(entry)) continue
        const ids = touched.get(entry.key) ?? []
        ids.push(Y.createID(item.id.client, item.id.clock + offset))
        touched.set(entry.key, ids)
      }
    })
    forEachDeletedEntry(transaction, this.array, (entry) => {
      if (isEntry(entry) && !touched.has(entry.key)) touched.set(entry.key, [])
    })
    for (const [key, inserted] of touched) {
      const candidates = [...inserted]
      const current = this.#current.get(key)
      if (current && !isDeletedEntry(this.doc, current.id)) candidates.push(current.id)
      const winner = rightmostEntry(this.doc, candidates)
      if (winner) this.#current.set(key, { id: winner, entry: entryAt(this.doc, winner) })
      else this.#current.delete(key)
    }
  }
}

/** The index of `doc`'s records (one per document, created on first use). */
export const boardRecords: (doc: Y.Doc) => BoardRecords = perDocument((doc) => new BoardRecords(doc))

/** True for a `{ key: string, val }` entry as YKeyValue writes them. */
export function isEntry(value: unknown): value is RecordEntry {
  return typeof value === 'object' && value !== null && typeof (value as RecordEntry).key === 'string'
}

/** The entry stored at `id` (which must be an entry of the records array). */
export function entryAt(doc: Y.Doc, id: Y.ID): RecordEntry {
  const item = Y.getItem(doc.store, id) as Y.Item
  return (item.content as Y.ContentAny).arr[id.clock - item.id.clock] as RecordEntry
}

export function isDeletedEntry(doc: Y.Doc, id: Y.ID): boolean {
  return (Y.getItem(doc.store, id) as Y.Item).deleted
}

/**
 * Calls `visit` with every struct created by the transaction so far: those between the state before
 * it and `stateNow`. Costs the number of new structs plus a binary search per writing client.
 */
export function forEachInsertedItem(
  transaction: Y.Transaction,
  stateNow: Map<number, number>,
  visit: (item: Y.Item) => void,
): void {
  const store = transaction.doc.store
  for (const [client, clockNow] of stateNow) {
    const clockBefore = transaction.beforeState.get(client) ?? 0
    if (clockNow <= clockBefore) continue
    const structs = store.clients.get(client)
    if (!structs) continue
    for (let i = Y.findIndexSS(structs, clockBefore); i < structs.length; i++) {
      const struct = structs[i]
      if (struct.id.clock >= clockNow) break
      if (struct instanceof Y.Item) visit(struct)
    }
  }
}

/** The state vector of the document now (what `transaction.afterState` will be). */
export function currentState(doc: Y.Doc): Map<number, number> {
  const state = new Map<number, number>()
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1]
    state.set(client, last.id.clock + last.length)
  }
  return state
}

/** Calls `visit` with every entry of `array` that the transaction deleted. */
export function forEachDeletedEntry(
  transaction: Y.Transaction,
  array: Y.Array<RecordEntry>,
  visit: (entry: unknown, id: Y.ID) => void,
): void {
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || struct.parent !== array) return
    if (!(struct.content instanceof Y.ContentAny)) return
    const entries = struct.content.arr
    for (let offset = 0; offset < entries.length; offset++)
      visit(entries[offset], Y.createID(struct.id.client, struct.id.clock + offset))
  })
}

/**
 * Deletes the single entry at `id`, splitting its Item when Yjs merged it with neighbours. Direct Item
 * deletion does not update Y.Array's cached index markers, so they are dropped: a later index-based
 * operation then searches from the start instead of trusting a stale position.
 */
export function deleteEntry(transaction: Y.Transaction, id: Y.ID): void {
  const item = Y.getItemCleanStart(transaction, id)
  if (item.deleted) return
  if (item.length > 1) Y.getItemCleanStart(transaction, Y.createID(id.client, id.clock + 1))
  item.delete(transaction)
  const parent = item.parent as Y.AbstractType<any>
  if (parent._searchMarker) parent._searchMarker.length = 0
}

/**
 * Inserts `entry` into `array` immediately to the left of the entry at `rightId`. Used to restore a
 * record: placed there, any edit the sender makes after its refused one (always pushed to the right of
 * it) still wins over the restored value.
 */
export function insertEntryBefore(
  transaction: Y.Transaction,
  array: Y.Array<RecordEntry>,
  rightId: Y.ID,
  entry: RecordEntry,
): void {
  const right = Y.getItemCleanStart(transaction, rightId)
  const left = right.left
  const doc = transaction.doc
  const item = new Y.Item(
    Y.createID(doc.clientID, Y.getState(doc.store, doc.clientID)),
    left,
    left?.lastId ?? null,
    right,
    right.id,
    array as Y.AbstractType<any>,
    null,
    new Y.ContentAny([entry]),
  )
  item.integrate(transaction, 0)
  if (array._searchMarker) array._searchMarker.length = 0
}

/** How many items a rightmost search may walk before it numbers the whole array once instead. */
const WALK_BUDGET = 2_000

/**
 * The rightmost of `ids` (entries of one array) in document order, or undefined for none. Walks right
 * from one candidate: every candidate not met on the way to the end lies to its left. Entries pushed by
 * clients sit at the end, so the walk is short; a long one (entries inserted far left) falls back to one
 * numbering pass over the array.
 */
export function rightmostEntry(doc: Y.Doc, ids: Y.ID[]): Y.ID | undefined {
  if (ids.length <= 1) return ids[0]
  const byItem = new Map<Y.Item, Y.ID>()
  for (const id of ids) {
    const item = Y.getItem(doc.store, id) as Y.Item
    const known = byItem.get(item)
    if (!known || known.clock < id.clock) byItem.set(item, id)
  }
  const start = byItem.keys().next().value as Y.Item
  let best = byItem.get(start)
  let steps = 0
  for (let item = start.right; item !== null; item = item.right) {
    const found = byItem.get(item)
    if (found) best = found
    if (++steps > WALK_BUDGET) return rightmostByNumbering(start.parent as Y.AbstractType<any>, byItem)
  }
  return best
}

function rightmostByNumbering(array: Y.AbstractType<any>, byItem: Map<Y.Item, Y.ID>): Y.ID | undefined {
  let best: Y.ID | undefined
  for (let item = array._start; item !== null; item = item.right) {
    const found = byItem.get(item)
    if (found) best = found
  }
  return best
}
