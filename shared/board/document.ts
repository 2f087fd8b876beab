import type { SerializedSchema } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import type { WorkshopLiveState } from '../workshop/live-state.ts'
import { defaultLiveState } from '../workshop/live-state.ts'

/**
 * Board format v1 (DESIGN.md section 3): the named parts of a board's Y.Doc. Everything that reads or
 * writes a board goes through these names, so the format lives in one place.
 */
export const BOARD_FORMAT_VERSION = 1

/** Root names of the document. Nothing else belongs at the root. */
export const RECORDS = 'records'
export const META = 'meta'
export const VOTES = 'votes'
export const boardRoots: readonly string[] = [RECORDS, META, VOTES]

/** Keys of `meta`; both are written by the server only. */
export const META_SCHEMA = 'schema'
export const META_WORKSHOP = 'workshop'
export const metaKeys: readonly string[] = [META_SCHEMA, META_WORKSHOP]

/** One entry of the `records` array, as YKeyValue stores it. */
export interface RecordEntry {
  key: string
  val: TLRecord
}

/** The Y.Array behind the records (key = record id, value = the record as plain JSON). */
export function recordsArray(doc: Y.Doc): Y.Array<RecordEntry> {
  return doc.getArray<RecordEntry>(RECORDS)
}

const keyValues = new WeakMap<Y.Doc, YKeyValue<TLRecord>>()

/**
 * The records as a YKeyValue (y-utility), as the tldraw client uses them. One instance per document,
 * because each instance cleans up duplicate entries on every change. Its observer walks the whole array
 * on each transaction: the server's rooms use `boardRecords` (record-index.ts) instead.
 */
export function records(doc: Y.Doc): YKeyValue<TLRecord> {
  let kv = keyValues.get(doc)
  if (!kv) {
    kv = new YKeyValue<TLRecord>(recordsArray(doc))
    keyValues.set(doc, kv)
  }
  return kv
}

/** `meta`: `schema` (tldraw's serialized schema) and `workshop` (the live state). */
export function meta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META)
}

/** `votes`: actor id → Y.Map of target shape id → dots given. */
export function votes(doc: Y.Doc): Y.Map<Y.Map<number>> {
  return doc.getMap<Y.Map<number>>(VOTES)
}

/** The workshop's live state from meta.workshop, completed with defaults for missing fields. */
export function readLiveState(doc: Y.Doc): WorkshopLiveState {
  const stored = meta(doc).get(META_WORKSHOP)
  if (typeof stored !== 'object' || stored === null) return defaultLiveState
  return { ...defaultLiveState, ...(stored as Partial<WorkshopLiveState>) }
}

/** The schema the document's records were written with. */
export function readSchema(doc: Y.Doc): SerializedSchema | undefined {
  return meta(doc).get(META_SCHEMA) as SerializedSchema | undefined
}

/** Every actor's votes as plain JSON: actor id → target id → dots. */
export function readVotes(doc: Y.Doc): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {}
  votes(doc).forEach((value, actorId) => {
    if (!(value instanceof Y.Map)) return
    const dots: Record<string, number> = {}
    value.forEach((n, target) => {
      if (typeof n === 'number') dots[target] = n
    })
    result[actorId] = dots
  })
  return result
}
