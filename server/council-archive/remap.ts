import * as Y from 'yjs'
import { META, RECORDS, VOTES } from '../../shared/board/document.ts'

/**
 * Ids that an import must change (they would collide with rows of the target store), and the rewrite
 * of every place they appear: columns, JSON values (provenance, board records, votes keyed by voter),
 * text (an image's `src` holds its board's and its own id) and board documents.
 *
 * Why rewriting text is safe: every id Kenlabour makes is a random UUID (36 characters), which no word,
 * code or other id contains by chance; an id that is not a UUID (hand-made data) is replaced only where
 * it is a whole string, never inside one.
 */
export class IdMap {
  readonly #map = new Map<string, string>()

  /** Gives `oldId` a new id (a fresh UUID unless given) everywhere it appears. */
  set(oldId: string, newId: string = crypto.randomUUID()): string {
    this.#map.set(oldId, newId)
    return newId
  }

  get size(): number {
    return this.#map.size
  }

  /** The new id of `id`, or `id` itself when it keeps its id. */
  id(id: string): string {
    return this.#map.get(id) ?? id
  }

  /** Old id → new id, for reports and tests. */
  entries(): [string, string][] {
    return [...this.#map]
  }

  /** `text` with every remapped id replaced (whole strings, and UUIDs inside longer strings). */
  text(text: string): string {
    if (this.#map.size === 0) return text
    const whole = this.#map.get(text)
    if (whole !== undefined) return whole
    if (text.length <= 36) return text
    return text.replace(UUID, (found) => this.#map.get(found) ?? found)
  }

  /** A JSON-like value with `text` applied to every string and every object key; bytes left as they are. */
  value<T>(value: T): T {
    if (this.#map.size === 0) return value
    return this.#walk(value) as T
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value)
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value
    if (Array.isArray(value)) return value.map((item) => this.#walk(item))
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[this.text(key)] = this.#walk(item)
    return out
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

/**
 * A board document (one Yjs update) with remapped ids replaced: record values and keys in `records`,
 * values of `meta` (the live state names a presenter), and voter keys of a v1 `votes` root. Returns
 * the same bytes when nothing in it changes.
 *
 * The change is made as an edit of the document (delete the old entry, insert the new one in its place),
 * so the rest keeps its Yjs identity; the document is then encoded whole, with the replaced values
 * garbage-collected, so the old ids are not kept as deleted content either.
 */
export function remapBoardState(state: Uint8Array, ids: IdMap): Uint8Array {
  if (ids.size === 0) return state
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    let changed = false
    doc.transact(() => {
      const records = doc.getArray<{ key: string; val: unknown }>(RECORDS)
      const entries = records.toArray()
      // From the end, so the indexes of entries not yet visited stay valid.
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const entry = entries[index]
        if (!entry || typeof entry !== 'object') continue
        const next = ids.value(entry)
        if (JSON.stringify(next) === JSON.stringify(entry)) continue
        records.delete(index, 1)
        records.insert(index, [next])
        changed = true
      }
      const meta = doc.getMap<unknown>(META)
      for (const [key, value] of [...meta.entries()]) {
        if (value instanceof Y.AbstractType) continue
        const next = ids.value(value)
        if (JSON.stringify(next) === JSON.stringify(value)) continue
        meta.set(key, next)
        changed = true
      }
      // Board format v1 kept dots in the document, by voter: the loader moves them to the ballot.
      const votes = doc.getMap<unknown>(VOTES)
      for (const [voter, given] of [...votes.entries()]) {
        if (!(given instanceof Y.Map)) continue
        const dots = Object.fromEntries(given.entries()) as Record<string, unknown>
        const nextVoter = ids.text(voter)
        const nextDots = ids.value(dots)
        if (nextVoter === voter && JSON.stringify(nextDots) === JSON.stringify(dots)) continue
        votes.delete(voter)
        const map = new Y.Map<unknown>()
        votes.set(nextVoter, map)
        for (const [target, n] of Object.entries(nextDots)) map.set(target, n)
        changed = true
      }
    })
    return changed ? Y.encodeStateAsUpdate(doc) : state
  } finally {
    doc.destroy()
  }
}
