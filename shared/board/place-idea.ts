import {
  createShapeId,
  type TLDefaultColorStyle,
  type TLPageId,
  type TLRecord,
  type TLShape,
} from '@tldraw/tlschema'
import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import type * as Y from 'yjs'
import { BOARD_PAGE_ID, ZONE_LAYOUT } from './create-board.ts'
import { type PlacedShape, pageTransforms, placeShape, type ShapeLike } from './membership.ts'
import { boardRecords } from './record-index.ts'
import { boardSchema } from './schema.ts'
import { type ClusterShape, IDEA_SIZE, type IdeaShape, type ZoneShape } from './shapes.ts'

/** Space kept free around a placed card, in page units. */
export const IDEA_GAP = 20
/** Top band of a zone, where its title is drawn: no card goes there. */
export const ZONE_TITLE_BAND = 120
/** Inner margin of a zone. */
export const ZONE_PADDING = 40
/** A cluster's title band and inner margin: cards moved into it go below and inside them. */
const CLUSTER_TITLE_BAND = 60
const CLUSTER_PADDING = 20
/** The loose area (ideas posted without a zone) starts this many rows high, above the zones. */
const LOOSE_ROWS = 3
/** Bounds on how far a full zone or loose area grows for one card. */
const MAX_GROWTH_ROWS = 500

export interface NewIdea {
  text: string
  priorityCode?: string
  /** With priorityCode: the zone of that action; '' or absent: the zone of the whole priority. */
  actionCode?: string
  authorId: string
  authorName: string
  color?: TLDefaultColorStyle
}

/** The board has no zone for the requested priority (and action). */
export class ZoneNotFoundError extends Error {
  constructor(priorityCode: string, actionCode: string) {
    super(`no zone for ${priorityCode}${actionCode ? ` / ${actionCode}` : ''}`)
  }
}

interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/**
 * The zone of a priority (and action) on the board. Without an action code: the zone of the whole
 * priority, else the first zone of that priority. Undefined when there is none.
 */
export function findZone(doc: Y.Doc, priorityCode: string, actionCode = ''): ZoneShape | undefined {
  let fallback: ZoneShape | undefined
  for (const record of boardRecords(doc).values()) {
    if (record.typeName !== 'shape' || record.type !== 'zone') continue
    const zone = record as ZoneShape
    if (zone.props.priorityCode !== priorityCode) continue
    if (zone.props.actionCode === actionCode) return zone
    if (!actionCode && (!fallback || zone.index < fallback.index)) fallback = zone
  }
  return fallback
}

/**
 * Adds an idea card to the board in free space: inside the zone of the given priority (and action), or
 * in the loose area above the zones when no priority is given. The card overlaps no other shape. When
 * the zone is full it grows by one row of cards at a time, and the shapes right below it move down by
 * as much so that nothing overlaps; the loose area grows upwards. Everything happens in one transaction
 * (the caller's, if any). Returns the new record. Throws ZoneNotFoundError for an unknown zone.
 *
 * Cost: one pass over the board's shapes, as placing a card needs to know where the others are.
 */
export function placeIdea(doc: Y.Doc, idea: NewIdea): IdeaShape {
  const zone = idea.priorityCode ? findZone(doc, idea.priorityCode, idea.actionCode ?? '') : undefined
  if (idea.priorityCode && !zone) throw new ZoneNotFoundError(idea.priorityCode, idea.actionCode ?? '')
  const board = boardLayout(doc)
  const { index, shapes, pageId } = board
  const card = { w: IDEA_SIZE.w, h: IDEA_SIZE.h }
  const { spot, changes } = spotIn(board, zone, card)

  let topIndex: string | undefined
  for (const shape of shapes)
    if (shape.parentId === pageId && (!topIndex || shape.index > topIndex)) topIndex = shape.index
  const record: IdeaShape = {
    id: createShapeId(),
    typeName: 'shape',
    type: 'idea',
    x: spot.x,
    y: spot.y,
    rotation: 0,
    index: getIndexAbove(topIndex as IndexKey | undefined),
    parentId: pageId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: card.w,
      h: card.h,
      text: idea.text,
      color: idea.color ?? 'yellow',
      authorId: idea.authorId,
      authorName: idea.authorName,
    },
  }
  boardSchema.types.shape.validate(record)
  changes.push(record as TLRecord)
  doc.transact(() => {
    for (const change of changes) index.set(change)
  })
  return record
}

/** The board's shapes, page and page-space bounds, as placing a card needs them. */
interface BoardLayout {
  index: ReturnType<typeof boardRecords>
  shapes: TLShape[]
  pageId: TLPageId
  placed: Map<string, PlacedShape>
}

/** Reads the board once for placing cards; `ignoreId` (a card being moved) is no obstacle. */
function boardLayout(doc: Y.Doc, ignoreId?: string): BoardLayout {
  const index = boardRecords(doc)
  const shapes: TLShape[] = []
  let pageId: TLPageId | undefined
  let pageIndex = ''
  for (const record of index.values()) {
    if (record.typeName === 'shape') {
      if (record.id !== ignoreId) shapes.push(record)
    } else if (record.typeName === 'page' && (pageId === undefined || record.index < pageIndex)) {
      pageId = record.id
      pageIndex = record.index
    }
  }
  if (index.has(BOARD_PAGE_ID)) pageId = BOARD_PAGE_ID
  if (!pageId) throw new Error('the board has no page')
  const transforms = pageTransforms(shapes as unknown as ShapeLike[])
  const placed = new Map<string, PlacedShape>()
  for (const shape of shapes) {
    const transform = transforms.get(shape.id)
    if (transform) placed.set(shape.id, placeShape(shape as unknown as ShapeLike, transform))
  }
  return { index, shapes, pageId, placed }
}

/**
 * A free spot for a card: inside `zone` (growing it by rows when full, the shapes right below moving
 * down by as much: those moves are in `changes`), or in the loose area above the zones.
 */
function spotIn(
  board: BoardLayout,
  zone: ZoneShape | undefined,
  card: { w: number; h: number },
): { spot: { x: number; y: number }; changes: TLRecord[] } {
  const { shapes, pageId, placed } = board
  const step = { x: card.w + IDEA_GAP, y: card.h + IDEA_GAP }
  const changes: TLRecord[] = []
  let spot: { x: number; y: number } | undefined
  if (zone) {
    const bounds = placed.get(zone.id)!.bounds
    const region = {
      x: bounds.x + ZONE_PADDING,
      y: bounds.y + ZONE_TITLE_BAND,
      w: bounds.w - 2 * ZONE_PADDING,
      h: bounds.h - ZONE_TITLE_BAND - ZONE_PADDING,
    }
    const obstacles = [...placed.values()].filter((p) => p.shape.id !== zone.id).map((p) => p.bounds)
    spot = freeSpot(region, card, step, obstacles)
    let grownBy = 0
    const moved = new Map<TLShape, number>()
    while (!spot && grownBy < MAX_GROWTH_ROWS * step.y) {
      // Full: the zone grows by a row; what lies right below it moves down by as much.
      const oldBottom = bounds.y + bounds.h + grownBy
      grownBy += step.y
      for (const shape of shapes) {
        if (shape.parentId !== pageId || shape.id === zone.id) continue
        const b = placed.get(shape.id)!.bounds
        if (b.y < oldBottom || b.x >= bounds.x + bounds.w || b.x + b.w <= bounds.x) continue
        b.y += step.y
        moved.set(shape, (moved.get(shape) ?? 0) + step.y)
      }
      // Rows above were full and nothing moved in them: only the new row is searched.
      const searched = Math.floor((region.h - card.h) / step.y + 1e-9) + 1
      region.h += step.y
      spot = freeSpot(region, card, step, obstacles, Math.max(0, searched))
    }
    if (!spot) throw new Error('no free space for the idea')
    if (grownBy > 0) {
      changes.push({ ...zone, props: { ...zone.props, h: zone.props.h + grownBy } } as TLRecord)
      for (const [shape, by] of moved) changes.push({ ...shape, y: shape.y + by } as TLRecord)
    }
  } else {
    // The loose area: a band as wide as the zones, right above them.
    const zones = [...placed.values()].filter((p) => p.shape.type === 'zone').map((p) => p.bounds)
    const top = zones.length ? Math.min(...zones.map((b) => b.y)) : 0
    const left = zones.length ? Math.min(...zones.map((b) => b.x)) : 0
    const right = zones.length ? Math.max(...zones.map((b) => b.x + b.w)) : 0
    const width = Math.max(right - left, ZONE_LAYOUT.w)
    const bottom = top - ZONE_LAYOUT.gap / 2
    const obstacles = [...placed.values()].map((p) => p.bounds)
    for (let rows = LOOSE_ROWS; !spot && rows < LOOSE_ROWS + MAX_GROWTH_ROWS; rows++) {
      const region = { x: left, y: bottom - rows * step.y, w: width, h: step.y }
      spot = freeSpot(region, card, step, obstacles)
    }
    if (!spot) throw new Error('no free space for the idea')
  }

  return { spot, changes }
}

/**
 * Where an existing card goes when moved into `zone` or into `cluster` (a free spot inside it, below its
 * title), or into the loose area (neither): its new x and y, and the zone growth the move needs. The card
 * itself is no obstacle. A full cluster takes the card over its last row rather than growing.
 */
export function spotForMove(
  doc: Y.Doc,
  card: IdeaShape,
  where: { zone?: ZoneShape; cluster?: ClusterShape },
): { x: number; y: number; changes: TLRecord[] } {
  const board = boardLayout(doc, card.id)
  const size = { w: card.props.w, h: card.props.h }
  if (!where.cluster) {
    const { spot, changes } = spotIn(board, where.zone, size)
    return { ...spot, changes }
  }
  const cluster = where.cluster
  const bounds = board.placed.get(cluster.id)?.bounds ?? { x: cluster.x, y: cluster.y, ...cluster.props }
  const region = {
    x: bounds.x + CLUSTER_PADDING,
    y: bounds.y + CLUSTER_TITLE_BAND,
    w: Math.max(size.w, bounds.w - 2 * CLUSTER_PADDING),
    h: Math.max(size.h, bounds.h - CLUSTER_TITLE_BAND - CLUSTER_PADDING),
  }
  const step = { x: size.w + IDEA_GAP, y: size.h + IDEA_GAP }
  const obstacles = [...board.placed.values()]
    .filter((p) => p.shape.id !== cluster.id && p.shape.type !== 'zone')
    .map((p) => p.bounds)
  const spot = freeSpot(region, size, step, obstacles) ?? {
    x: region.x,
    y: region.y + Math.max(0, region.h - size.h),
  }
  return { ...spot, changes: [] }
}

/**
 * The first free slot, row by row from row `firstRow`, of a grid of `step` cells laid in `region`, where
 * a card of `card` size (with IDEA_GAP around it) overlaps none of `obstacles`. Obstacles are bucketed
 * by grid cell first, so each slot is checked against the few shapes near it, not against the zone's
 * hundreds of cards.
 */
function freeSpot(
  region: Rect,
  card: { w: number; h: number },
  step: { x: number; y: number },
  obstacles: Rect[],
  firstRow = 0,
): { x: number; y: number } | undefined {
  const margin = IDEA_GAP / 2
  const columns = Math.floor((region.w - card.w) / step.x + 1e-9) + 1
  const rows = Math.floor((region.h - card.h) / step.y + 1e-9) + 1
  if (columns <= 0 || rows <= firstRow) return undefined
  const cells = new Map<number, Rect[]>()
  const cellOf = (column: number, row: number) => row * columns + column
  for (const o of obstacles) {
    const c0 = Math.max(0, Math.floor((o.x - margin - region.x) / step.x))
    const c1 = Math.min(columns - 1, Math.floor((o.x + o.w + margin - region.x) / step.x))
    const r0 = Math.max(firstRow, Math.floor((o.y - margin - region.y) / step.y))
    const r1 = Math.min(rows - 1, Math.floor((o.y + o.h + margin - region.y) / step.y))
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        const key = cellOf(c, r)
        const list = cells.get(key)
        if (list) list.push(o)
        else cells.set(key, [o])
      }
  }
  for (let row = firstRow; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const slot = { x: region.x + column * step.x, y: region.y + row * step.y, w: card.w, h: card.h }
      const near = cells.get(cellOf(column, row))
      if (!near?.some((o) => overlaps(o, slot, margin))) return { x: slot.x, y: slot.y }
    }
  }
  return undefined
}

/** Do `a` and `b` overlap once `b` is grown by `margin` on every side? */
export function overlaps(a: Rect, b: Rect, margin = 0): boolean {
  return (
    a.x < b.x + b.w + margin &&
    a.x + a.w > b.x - margin &&
    a.y < b.y + b.h + margin &&
    a.y + a.h > b.y - margin
  )
}
