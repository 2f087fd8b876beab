import type { SerializedSchema } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import type { WorkshopLiveState } from '../workshop/live-state.ts'
import { defaultLiveState } from '../workshop/live-state.ts'
import { perDocument } from './per-document.ts'

/**
 * Board format v2 (DESIGN.md, "Board format"): the named parts of a board's Y.Doc. Everything that reads
 * or writes a board goes through these names, so the format lives in one place.
 *
 * v2 differs from v1 in one way: dots are no longer in the document (v1's `votes` root, keyed by voter,
 * reached every participant's browser before the reveal). The server keeps the ballot; once the
 * facilitator reveals it, it writes the totals per target (no voter) into `meta.voteTotals`. A v1
 * board is migrated when it loads (its votes move to the server, its `votes` root is emptied) and gets
 * `meta.format = 2`.
 */
export const BOARD_FORMAT_VERSION = 2

/** Root names of the document. Nothing else belongs at the root. */
export const RECORDS = 'records'
export const META = 'meta'
/** v1 only: actor id → Y.Map of target id → dots. Emptied by the v2 migration; nothing may write it. */
export const VOTES = 'votes'
export const boardRoots: readonly string[] = [RECORDS, META]

/** Keys of `meta`; all are written by the server only. */
export const META_SCHEMA = 'schema'
export const META_WORKSHOP = 'workshop'
/** The board format version (absent on v1 boards). */
export const META_FORMAT = 'format'
/** Once the vote is revealed: target shape id → total dots (no voter). Absent before the reveal. */
export const META_VOTE_TOTALS = 'voteTotals'
export const metaKeys: readonly string[] = [META_SCHEMA, META_WORKSHOP, META_FORMAT, META_VOTE_TOTALS]

/** One entry of the `records` array, as YKeyValue stores it. */
export interface RecordEntry {
  key: string
  val: TLRecord
}

/** The Y.Array behind the records (key = record id, value = the record as plain JSON). */
export function recordsArray(doc: Y.Doc): Y.Array<RecordEntry> {
  return doc.getArray<RecordEntry>(RECORDS)
}

/**
 * The records as a YKeyValue (y-utility), as the tldraw client uses them. One instance per document,
 * because each instance cleans up duplicate entries on every change. Its observer walks the whole array
 * on each transaction: the server's rooms use `boardRecords` (record-index.ts) instead.
 */
export const records: (doc: Y.Doc) => YKeyValue<TLRecord> = perDocument(
  (doc) => new YKeyValue<TLRecord>(recordsArray(doc)),
)

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

/** The revealed totals (meta.voteTotals): target shape id → dots; empty before the reveal. */
export function readVoteTotals(doc: Y.Doc): Record<string, number> {
  const stored = meta(doc).get(META_VOTE_TOTALS)
  if (typeof stored !== 'object' || stored === null) return {}
  const totals: Record<string, number> = {}
  for (const [target, dots] of Object.entries(stored))
    if (typeof dots === 'number' && Number.isFinite(dots) && dots > 0) totals[target] = dots
  return totals
}
