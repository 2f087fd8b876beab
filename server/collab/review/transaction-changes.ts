import * as Y from 'yjs'
import { meta, VOTES } from '../../../shared/board/document.ts'
import {
  type BoardRecords,
  currentState,
  forEachInsertedItem,
  isEntry,
} from '../../../shared/board/record-index.ts'
import { messages, type RefusalCode } from './refusals.ts'

/** What one transaction did to one key of `records`: the entries it inserted (their Yjs ids). */
export interface RecordChange {
  inserted: Y.ID[]
}

/** Content to delete whole, and the refusal that goes with it. */
export interface StrayItem {
  code: RefusalCode
  message: string
}

/**
 * What a transaction changed in a board document, read from its own structs and delete set (never from
 * the whole board): the record keys it touched, the `meta` keys it wrote, and content that has no place
 * in board format v2 (other roots, v1's `votes`, nested types, malformed entries).
 */
export class TransactionChanges {
  /** Record keys whose entries the transaction inserted, or whose current entry it deleted. */
  readonly records = new Map<string, RecordChange>()
  readonly metaKeys = new Set<string>()
  /** Items to delete whole: outside the format, or a nested type where plain JSON belongs. */
  readonly stray = new Map<Y.Item, StrayItem>()
  /** Single entries of `records` that are not `{key, val}` objects. */
  readonly strayEntries: Y.ID[] = []
  /** "Did this transaction delete that item?" (see DeleteLookup). */
  readonly deleted: DeleteLookup

  constructor(transaction: Y.Transaction, index: BoardRecords) {
    const doc = transaction.doc
    const array = index.array as Y.AbstractType<any>
    const metaType = meta(doc) as Y.AbstractType<any>
    // v1's root; undefined on a board nobody ever wrote it in. Not created here (getMap would).
    const votesType = doc.share.get(VOTES)
    forEachInsertedItem(transaction, currentState(doc), (item) =>
      this.#classifyInserted(transaction, item, array, metaType, votesType),
    )
    this.deleted = new DeleteLookup(transaction.deleteSet)
    Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
      if (struct instanceof Y.Item && !createdIn(transaction, struct))
        this.#classifyDeleted(struct, index, array, metaType)
    })
  }

  #classifyInserted(
    transaction: Y.Transaction,
    item: Y.Item,
    array: Y.AbstractType<any>,
    metaType: Y.AbstractType<any>,
    votesType: Y.AbstractType<any> | undefined,
  ): void {
    // Already deleted (content a client garbage-collected before sending, or inserted and deleted in
    // the same update): it shows nothing and its content is collected here too. What its arrival
    // deleted, if anything, is in the delete set and reviewed there.
    if (item.deleted) return
    // Climb to the item directly under a root type, remembering the highest one this transaction
    // created: stray content is deleted from there, never above (an older item is not this update's).
    let top = item
    let highestNew = item
    while ((top.parent as Y.AbstractType<any>)._item !== null) {
      top = (top.parent as Y.AbstractType<any>)._item as Y.Item
      if (createdIn(transaction, top)) highestNew = top
    }
    const root = top.parent as Y.AbstractType<any>
    if (root === array) {
      if (top !== item) {
        // Inside a nested type in records: the nested type goes as a whole.
        this.#strayItem(highestNew, 'invalid_entry', messages.strayRecords)
        return
      }
      if (item.parentSub !== null || !(item.content instanceof Y.ContentAny)) {
        this.#strayItem(item, 'invalid_entry', messages.strayRecords)
        return
      }
      const entries = item.content.arr
      for (let offset = 0; offset < entries.length; offset++) {
        const entry = entries[offset]
        const id = Y.createID(item.id.client, item.id.clock + offset)
        if (!isEntry(entry)) {
          this.strayEntries.push(id)
          continue
        }
        this.#recordChange(entry.key).inserted.push(id)
      }
      return
    }
    if (root === metaType) {
      if (top.parentSub === null) this.#strayItem(highestNew, 'invalid_entry', messages.strayMeta)
      else this.metaKeys.add(top.parentSub)
      return
    }
    if (votesType !== undefined && root === votesType) {
      // Board format v2: the ballot is kept by the server; anything written here would reach every
      // browser, which is exactly what the secret ballot forbids.
      this.#strayItem(highestNew, 'votes_over_http', messages.votesOverHttp)
      return
    }
    this.#strayItem(highestNew, 'invalid_entry', messages.strayRoot)
  }

  #classifyDeleted(
    item: Y.Item,
    index: BoardRecords,
    array: Y.AbstractType<any>,
    metaType: Y.AbstractType<any>,
  ): void {
    const parent = item.parent as Y.AbstractType<any>
    if (parent === array) {
      if (!(item.content instanceof Y.ContentAny)) return
      const entries = item.content.arr
      for (let offset = 0; offset < entries.length; offset++) {
        const entry = entries[offset]
        if (!isEntry(entry)) continue
        const current = index.currentEntryId(entry.key)
        if (current && current.client === item.id.client && current.clock === item.id.clock + offset)
          this.#recordChange(entry.key)
      }
    } else if (parent === metaType) {
      if (item.parentSub !== null) this.metaKeys.add(item.parentSub)
    }
    // Deletions elsewhere (v1's emptied `votes`, stray roots) remove nothing the board needs.
  }

  #recordChange(key: string): RecordChange {
    let change = this.records.get(key)
    if (!change) {
      change = { inserted: [] }
      this.records.set(key, change)
    }
    return change
  }

  #strayItem(item: Y.Item, code: RefusalCode, message: string): void {
    if (!this.stray.has(item)) this.stray.set(item, { code, message })
  }
}

/** True for structs `transaction` created (they were not in the document before it). */
export function createdIn(transaction: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)
}

/**
 * "Did this transaction delete that item?" A transaction's delete set is unsorted while it runs, so a
 * sorted copy per client is made once the update is applied; then each question is a binary search.
 */
export class DeleteLookup {
  readonly #byClient = new Map<number, { clock: number; len: number }[]>()

  constructor(deleteSet: Y.Transaction['deleteSet']) {
    for (const [client, ranges] of deleteSet.clients)
      this.#byClient.set(
        client,
        ranges
          .map((r: { clock: number; len: number }) => ({ clock: r.clock, len: r.len }))
          .sort((a: { clock: number }, b: { clock: number }) => a.clock - b.clock),
      )
  }

  has(id: Y.ID): boolean {
    const ranges = this.#byClient.get(id.client)
    if (!ranges) return false
    let low = 0
    let high = ranges.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const range = ranges[mid]
      if (id.clock < range.clock) high = mid - 1
      else if (id.clock >= range.clock + range.len) low = mid + 1
      else return true
    }
    return false
  }
}
