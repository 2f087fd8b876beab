import * as Y from 'yjs'
import { perDocument } from '../../../shared/board/per-document.ts'
import {
  type BoardRecords,
  boardRecords,
  forEachDeletedEntry,
  forEachInsertedItem,
  isEntry,
} from '../../../shared/board/record-index.ts'

/**
 * How many idea cards a board's document holds, kept up to date transaction by transaction, for
 * MAX_IDEAS_PER_BOARD. Counting the board on each new idea would make every idea-creating update cost
 * O(board); here each transaction costs the record keys it touched, and an ordinary move (one key, still
 * an idea) costs one lookup. Built once per document (a pass over the records), on first use.
 *
 * It follows every transaction (client updates, server changes, other instances' updates, the log), so
 * the count is the document's own. During a transaction it is the count before it: the review adds the
 * ideas the update under review creates.
 */
export class IdeaCount {
  readonly #ideas = new Set<string>()
  readonly #index: BoardRecords

  constructor(doc: Y.Doc) {
    // The index's own listener must run first (it was registered first): this one reads its result.
    this.#index = boardRecords(doc)
    for (const record of this.#index.values()) if (isIdeaRecord(record)) this.#ideas.add(record.id)
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.changed.has(this.#index.array as unknown as Y.AbstractType<any>))
        this.#follow(transaction)
    })
  }

  /** Ideas in the document (as of the last completed transaction). */
  get size(): number {
    return this.#ideas.size
  }

  #follow(transaction: Y.Transaction): void {
    const touched = new Set<string>()
    forEachInsertedItem(transaction, transaction.afterState, (item) => {
      if (item.parent !== (this.#index.array as unknown) || !(item.content instanceof Y.ContentAny)) return
      for (const entry of item.content.arr) if (isEntry(entry)) touched.add(entry.key)
    })
    forEachDeletedEntry(transaction, this.#index.array, (entry) => {
      if (isEntry(entry)) touched.add(entry.key)
    })
    for (const key of touched) {
      if (isIdeaRecord(this.#index.get(key))) this.#ideas.add(key)
      else this.#ideas.delete(key)
    }
  }
}

/** The idea count of `doc` (created on first use, then kept up to date). */
export const ideaCount: (doc: Y.Doc) => IdeaCount = perDocument((doc) => new IdeaCount(doc))

function isIdeaRecord(record: unknown): boolean {
  const r = record as { typeName?: unknown; type?: unknown } | undefined
  return r?.typeName === 'shape' && r.type === 'idea'
}
