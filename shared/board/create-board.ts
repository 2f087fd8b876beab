import type { SerializedSchema } from '@tldraw/store'
import {
  DocumentRecordType,
  PageRecordType,
  type TLDefaultColorStyle,
  TLDOCUMENT_ID,
  type TLPageId,
  type TLRecord,
  type TLShapeId,
} from '@tldraw/tlschema'
import { getIndexAbove, getIndicesAbove } from '@tldraw/utils'
import * as Y from 'yjs'
import { defaultLiveState, type WorkshopLiveState } from '../workshop/live-state.ts'
import {
  BOARD_FORMAT_VERSION,
  META_FORMAT,
  META_SCHEMA,
  META_WORKSHOP,
  meta,
  readSchema,
} from './document.ts'
import { boardRecords } from './record-index.ts'
import { boardSchema } from './schema.ts'
import { priorityColors, type ZoneShape } from './shapes.ts'

/** The page every board starts with (tldraw's default page id). */
export const BOARD_PAGE_ID = 'page:page' as TLPageId

/** Zone geometry of a new board, in page units. */
export const ZONE_LAYOUT = { w: 1400, h: 1000, gap: 200 } as const

/** One zone a board starts with. */
export interface BoardZone {
  priorityCode: string
  /** An action of the priority, or '' for the whole priority. */
  actionCode: string
  /** The priority's (or action's) title; the zone is titled "code — title". */
  title: string
  color?: TLDefaultColorStyle
}

export interface NewBoard {
  zones: BoardZone[]
  /** meta.workshop; defaults to `defaultLiveState`. */
  liveState?: WorkshopLiveState
}

/**
 * The id of the zone of a priority (and action): stable, so two servers that build the same board at
 * once end with the same records (YKeyValue keeps one value per key), not with two sets of zones.
 */
export function zoneShapeId(priorityCode: string, actionCode: string): TLShapeId {
  const part = (code: string) => code.replace(/[^A-Za-z0-9._-]/g, '_')
  return `shape:zone-${part(priorityCode)}${actionCode ? `-${part(actionCode)}` : ''}` as TLShapeId
}

/**
 * Builds a new board's document (board format v2): tldraw's document and page records, one zone per
 * entry laid out in a grid (row by row, as square as possible), titled "P1 — title" and coloured per
 * priority, and meta.schema / meta.workshop / meta.format set (no `votes` root: the server keeps the
 * ballot). Records go through the board schema's validators, so
 * a bad input (a title too long) throws here rather than producing a board clients reject.
 */
export function createBoardDocument(board: NewBoard): Y.Doc {
  const doc = new Y.Doc()
  const records: TLRecord[] = [
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: BOARD_PAGE_ID, name: 'Page 1', index: getIndexAbove() }),
  ]
  const columns = Math.max(1, Math.ceil(Math.sqrt(board.zones.length)))
  const colorOf = new Map<string, TLDefaultColorStyle>()
  const indices = getIndicesAbove(null, board.zones.length)
  const used = new Set<string>()
  board.zones.forEach((zone, i) => {
    if (!colorOf.has(zone.priorityCode))
      colorOf.set(zone.priorityCode, priorityColors[colorOf.size % priorityColors.length])
    let id = zoneShapeId(zone.priorityCode, zone.actionCode)
    for (let n = 2; used.has(id); n++)
      id = `${zoneShapeId(zone.priorityCode, zone.actionCode)}-${n}` as TLShapeId
    used.add(id)
    const code = zone.actionCode || zone.priorityCode
    const shape: ZoneShape = {
      id,
      typeName: 'shape',
      type: 'zone',
      x: (i % columns) * (ZONE_LAYOUT.w + ZONE_LAYOUT.gap),
      y: Math.floor(i / columns) * (ZONE_LAYOUT.h + ZONE_LAYOUT.gap),
      rotation: 0,
      index: indices[i] as any,
      parentId: BOARD_PAGE_ID,
      // Zones are the background of the workshop: locked in the editor so that dragging a card never
      // drags its zone (facilitators unlock one to move or resize it).
      isLocked: true,
      opacity: 1,
      meta: {},
      props: {
        w: ZONE_LAYOUT.w,
        h: ZONE_LAYOUT.h,
        title: `${code} — ${zone.title}`.slice(0, 200),
        priorityCode: zone.priorityCode,
        actionCode: zone.actionCode,
        color: zone.color ?? colorOf.get(zone.priorityCode)!,
      },
    }
    records.push(shape as TLRecord)
  })
  for (const record of records) boardSchema.types[record.typeName].validate(record)
  const index = boardRecords(doc)
  doc.transact(() => {
    meta(doc).set(META_SCHEMA, boardSchema.serialize())
    meta(doc).set(META_WORKSHOP, board.liveState ?? defaultLiveState)
    meta(doc).set(META_FORMAT, BOARD_FORMAT_VERSION)
    for (const record of records) index.set(record)
  })
  return doc
}

/** A contract priority as stored (server/db/schema.ts ContractPriority), as far as zones need it. */
export interface PriorityLike {
  code: string
  title: string
  actions: { code: string; title: string }[]
}

/**
 * The zones of a new board from the workshop's start zones and its contract: the zone of a whole
 * priority takes the priority's title, the zone of an action the action's title.
 */
export function boardZonesFor(
  startZones: { priorityCode: string; actionCode: string }[],
  priorities: PriorityLike[],
): BoardZone[] {
  return startZones.map(({ priorityCode, actionCode }) => {
    const priority = priorities.find((p) => p.code === priorityCode)
    const action = actionCode ? priority?.actions.find((a) => a.code === actionCode) : undefined
    return { priorityCode, actionCode, title: (action ?? priority)?.title ?? '' }
  })
}

/**
 * Brings a stored board up to this server's schema: when meta.schema is older, every record is
 * migrated up and written back with the new schema, in one transaction (a server change, to be stored
 * and broadcast like any other). Returns how many records changed; throws when the board was written
 * by a newer schema than this server knows (it must not be loaded, let alone written).
 */
export function upgradeBoardDocument(doc: Y.Doc): number {
  const ours = boardSchema.serialize()
  const theirs: SerializedSchema | undefined = readSchema(doc)
  if (theirs && JSON.stringify(theirs) === JSON.stringify(ours)) return 0
  if (theirs && 'sequences' in theirs) {
    const known = (ours as { sequences: Record<string, number> }).sequences
    for (const [sequence, version] of Object.entries(theirs.sequences))
      if (known[sequence] === undefined || version > known[sequence])
        throw new Error(`board written by a newer schema (${sequence} at ${version})`)
  }
  const index = boardRecords(doc)
  const store: Record<string, TLRecord> = {}
  for (const record of index.values()) store[record.id] = record
  const result = boardSchema.migrateStoreSnapshot({ schema: theirs ?? ours, store } as any)
  if (result.type === 'error') throw new Error(`board schema cannot be migrated: ${result.reason}`)
  const migrated = result.value as Record<string, TLRecord>
  let changed = 0
  doc.transact(() => {
    for (const [id, record] of Object.entries(migrated)) {
      if (JSON.stringify(store[id]) === JSON.stringify(record)) continue
      index.set(record)
      changed++
    }
    for (const id of Object.keys(store)) {
      if (!(id in migrated)) {
        index.delete(id)
        changed++
      }
    }
    meta(doc).set(META_SCHEMA, ours)
  })
  return changed
}
