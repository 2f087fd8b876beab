import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'

/**
 * The edits a bench writer makes: it posts idea cards and moves its own cards, as a participant's
 * tldraw client would, in the board format (DESIGN.md, "Board format": tldraw records in a YKeyValue over
 * `doc.getArray('records')`). Records are complete and valid (tldraw's common shape fields plus the
 * `idea` props), so a validating server accepts them unchanged.
 *
 * Each edit carries a sequence number in the record's `meta` (a free JSON object in tldraw's schema):
 * `meta.bench = "<writer>:<seq>"`. Probes read it to match what they apply with what was sent, and
 * gaps in it reveal dropped edits.
 *
 * A writer keeps only its own records in its document and never applies the others' updates: its
 * updates still integrate on every other replica (each new entry's left origin is the writer's own
 * previous entry), and that keeps the load generator cheap.
 */
export interface BoardWriterOptions {
  /** Unique among the run's writers; part of record ids and of `meta.bench`. */
  name: string
  /** The page the cards go on (the board's page record id). */
  pageId: string
  authorId: string
  authorName: string
  /** Called with each Yjs update this writer produces, to be sent (not needed with `doc`). */
  send?: (update: Uint8Array) => void
  /** Write into this document (a provider's, which sends and receives by itself) instead of a private one. */
  doc?: Y.Doc
  /** Where its first card goes (page coordinates; default 100, 100); the next ones go on a grid from there. */
  origin?: { x: number; y: number }
  /** Its cards go above this index (default: at the bottom of the page, under the zones). */
  indexAbove?: string
}

export interface IdeaRecord {
  id: string
  typeName: 'shape'
  type: 'idea'
  x: number
  y: number
  rotation: number
  index: string
  parentId: string
  isLocked: boolean
  opacity: number
  meta: { bench?: string }
  props: { w: number; h: number; text: string; color: string; authorId: string; authorName: string }
}

/** One writer's document and its cards. */
export class BoardWriter {
  readonly doc: Y.Doc
  private readonly records: YKeyValue<IdeaRecord>
  private readonly own: IdeaRecord[] = []
  private lastIndex: IndexKey | undefined
  private seq = 0
  private readonly options: BoardWriterOptions
  /** The record the last edit changed. */
  lastRecordId = ''

  constructor(options: BoardWriterOptions) {
    this.options = options
    this.doc = options.doc ?? new Y.Doc()
    this.records = new YKeyValue(this.doc.getArray('records'))
    this.lastIndex = options.indexAbove as IndexKey | undefined
    const send = options.send
    if (send) this.doc.on('update', (update: Uint8Array, origin: unknown) => origin === this && send(update))
  }

  /** Ids of the cards this writer posted, with the key of the last edit of each. */
  lastEdits(): Map<string, string> {
    return new Map(this.own.map((r) => [r.id, r.meta.bench ?? '']))
  }

  /**
   * Posts a new idea card; returns the edit's key (`meta.bench`), which ends with `stamp` when given
   * (its scheduled time, read at every receiver: stamps.ts).
   */
  postIdea(stamp = ''): string {
    const key = this.nextKey(stamp)
    this.lastIndex = getIndexAbove(this.lastIndex)
    const n = this.own.length
    const record: IdeaRecord = {
      id: `shape:bench-${this.options.name}-${n}`,
      typeName: 'shape',
      type: 'idea',
      x: (this.options.origin?.x ?? 100) + (n % 20) * 220,
      y: (this.options.origin?.y ?? 100) + Math.floor(n / 20) * 140,
      rotation: 0,
      index: this.lastIndex,
      parentId: this.options.pageId,
      isLocked: false,
      opacity: 1,
      meta: { bench: key },
      props: {
        w: 200,
        h: 120,
        text: `Idée ${n} de ${this.options.authorName} : une navette solidaire vers le marché`,
        color: 'yellow',
        authorId: this.options.authorId,
        authorName: this.options.authorName,
      },
    }
    this.own.push(record)
    this.lastRecordId = record.id
    this.doc.transact(() => this.records.set(record.id, record), this)
    return key
  }

  /** Moves one of its cards (posting one first if it has none); returns the edit's key. */
  moveCard(stamp = ''): string {
    if (this.own.length === 0) return this.postIdea(stamp)
    const key = this.nextKey(stamp)
    const i = this.seq % this.own.length
    const moved: IdeaRecord = {
      ...this.own[i],
      x: this.own[i].x + ((this.seq * 37) % 80) - 40,
      y: this.own[i].y + ((this.seq * 53) % 60) - 30,
      meta: { bench: key },
    }
    this.own[i] = moved
    this.lastRecordId = moved.id
    this.doc.transact(() => this.records.set(moved.id, moved), this)
    return key
  }

  /** Posts `count` ideas in one transaction (to build large boards). */
  postMany(count: number): void {
    this.doc.transact(() => {
      for (let i = 0; i < count; i++) this.postIdea()
    }, this)
  }

  private nextKey(stamp: string): string {
    this.seq++
    return `${this.options.name}:${this.seq}${stamp}`
  }
}

/**
 * Reads the bench keys of the records an update inserts, without a document: decodes the update's
 * structs and looks at YKeyValue entries (`{ key, val }`) inside them. Used on rows read back from
 * board_updates.
 */
export function benchKeysInUpdate(update: Uint8Array): string[] {
  const keys: string[] = []
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item)) continue
    if (!(struct.content instanceof Y.ContentAny)) continue
    for (const entry of struct.content.arr as { val?: { meta?: { bench?: unknown } } }[]) {
      const key = entry?.val?.meta?.bench
      if (typeof key === 'string') keys.push(key)
    }
  }
  return keys
}
