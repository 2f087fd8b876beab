/**
 * Which cluster and which zone each idea belongs to, and which zone each cluster belongs to, computed
 * from the board's records as DESIGN.md ("Board format") says: geometrically (the innermost container whose
 * page bounds contain the shape's centre), with `parentId` taken as the answer when it names a cluster
 * or a zone. Pure and free of Yjs, tldraw and React, so the converter (server) and the board UI (client)
 * share one definition and can never disagree about what a cluster holds.
 */

/** The part of a tldraw shape record that membership reads. Other fields are ignored. */
export interface ShapeLike {
  id: string
  typeName?: string
  type: string
  x: number
  y: number
  /** Radians, clockwise, about the shape's top-left corner (tldraw's convention). */
  rotation?: number
  /** `page:…` or the id of the parent shape (a frame, a group, a zone or a cluster). */
  parentId: string
  /** Fractional index: the z-order among siblings. */
  index?: string
  props: { w?: number; h?: number; [key: string]: unknown }
}

/** A shape placed on the page: its transform, size and centre in page coordinates. */
export interface PlacedShape {
  shape: ShapeLike
  /** Page coordinates of the shape's centre. */
  center: { x: number; y: number }
  /** Axis-aligned page bounds (exact when the shape and its ancestors are not rotated). */
  bounds: { x: number; y: number; w: number; h: number }
  /** Page transform, as [a, b, c, d, e, f]: page = (a·x + c·y + e, b·x + d·y + f). */
  transform: Matrix
}

export interface Membership {
  /** Idea id → cluster id, or null when the idea lies in no cluster. */
  clusterOfIdea: Map<string, string | null>
  /** Idea id → zone id, or null when the idea lies in no zone. */
  zoneOfIdea: Map<string, string | null>
  /** Cluster id → zone id, or null when the cluster lies in no zone. */
  zoneOfCluster: Map<string, string | null>
  /** Every idea, zone and cluster with its page geometry, by id. */
  placed: Map<string, PlacedShape>
}

type Matrix = readonly [number, number, number, number, number, number]

const identity: Matrix = [1, 0, 0, 1, 0, 0]

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ]
}

function localTransform(shape: ShapeLike): Matrix {
  const r = finite(shape.rotation)
  const cos = Math.cos(r)
  const sin = Math.sin(r)
  return [cos, sin, -sin, cos, finite(shape.x), finite(shape.y)]
}

function apply(m: Matrix, x: number, y: number) {
  return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] }
}

function invertApply(m: Matrix, px: number, py: number) {
  const det = m[0] * m[3] - m[1] * m[2]
  if (det === 0) return { x: Number.NaN, y: Number.NaN }
  const x = px - m[4]
  const y = py - m[5]
  return { x: (m[3] * x - m[2] * y) / det, y: (-m[1] * x + m[0] * y) / det }
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

function size(shape: ShapeLike) {
  return { w: Math.max(0, finite(shape.props.w)), h: Math.max(0, finite(shape.props.h)) }
}

/** True for the three shape types that membership is about. */
export function isBoardShape(record: unknown): record is ShapeLike {
  if (!record || typeof record !== 'object') return false
  const r = record as Partial<ShapeLike>
  return (
    (r.typeName === undefined || r.typeName === 'shape') &&
    (r.type === 'idea' || r.type === 'zone' || r.type === 'cluster') &&
    typeof r.id === 'string' &&
    typeof r.parentId === 'string' &&
    typeof r.props === 'object' &&
    r.props !== null
  )
}

/**
 * Page transforms of every shape, composing parents (frames, groups, zones, clusters) up to the page.
 * A parent chain that loops or names a missing shape is cut there and treated as the page, so a
 * malformed board still converts instead of failing.
 */
export function pageTransforms(shapes: Iterable<ShapeLike>): Map<string, Matrix> {
  const byId = new Map<string, ShapeLike>()
  for (const shape of shapes) byId.set(shape.id, shape)
  const done = new Map<string, Matrix>()
  const resolve = (id: string, visiting: Set<string>): Matrix => {
    const known = done.get(id)
    if (known) return known
    const shape = byId.get(id)
    if (!shape) return identity
    visiting.add(id)
    const parent = byId.has(shape.parentId) && !visiting.has(shape.parentId) ? shape.parentId : null
    const base = parent ? resolve(parent, visiting) : identity
    const result = multiply(base, localTransform(shape))
    done.set(id, result)
    return result
  }
  for (const id of byId.keys()) resolve(id, new Set())
  return done
}

/** Places a shape on the page from its transform. */
export function placeShape(shape: ShapeLike, transform: Matrix): PlacedShape {
  const { w, h } = size(shape)
  const corners = [
    apply(transform, 0, 0),
    apply(transform, w, 0),
    apply(transform, 0, h),
    apply(transform, w, h),
  ]
  const xs = corners.map((c) => c.x)
  const ys = corners.map((c) => c.y)
  const minX = Math.min(...xs)
  const minY = Math.min(...ys)
  return {
    shape,
    center: apply(transform, w / 2, h / 2),
    bounds: { x: minX, y: minY, w: Math.max(...xs) - minX, h: Math.max(...ys) - minY },
    transform,
  }
}

/** Does the (possibly rotated) rectangle of `container` contain the page point? Edges count as inside. */
export function containsPoint(container: PlacedShape, point: { x: number; y: number }): boolean {
  const { w, h } = size(container.shape)
  const local = invertApply(container.transform, point.x, point.y)
  const epsilon = 1e-9
  return local.x >= -epsilon && local.y >= -epsilon && local.x <= w + epsilon && local.y <= h + epsilon
}

/**
 * The innermost container holding `point`: the smallest in area; on a tie, the one drawn on top
 * (higher index), then the greater id, so the answer never depends on the order records arrive in.
 */
function innermost(containers: PlacedShape[], point: { x: number; y: number }): PlacedShape | null {
  let best: PlacedShape | null = null
  let bestArea = Number.POSITIVE_INFINITY
  for (const candidate of containers) {
    if (!containsPoint(candidate, point)) continue
    const { w, h } = size(candidate.shape)
    const area = w * h
    if (
      best === null ||
      area < bestArea ||
      (area === bestArea && compareOrder(candidate.shape, best.shape) > 0)
    ) {
      best = candidate
      bestArea = area
    }
  }
  return best
}

function compareOrder(a: ShapeLike, b: ShapeLike): number {
  const ai = a.index ?? ''
  const bi = b.index ?? ''
  if (ai !== bi) return ai < bi ? -1 : 1
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1
}

/** The nearest ancestor (through parentId) of `shape` whose type is `type`, if any. */
function ancestorOfType(shape: ShapeLike, type: string, byId: Map<string, ShapeLike>): ShapeLike | null {
  const seen = new Set<string>([shape.id])
  let current = byId.get(shape.parentId)
  while (current && !seen.has(current.id)) {
    if (current.type === type) return current
    seen.add(current.id)
    current = byId.get(current.parentId)
  }
  return null
}

/**
 * Computes membership for every idea and cluster among `records` (any tldraw records; only idea, zone
 * and cluster shapes are read, but every shape is used to compose parent transforms).
 */
export function computeMembership(records: Iterable<unknown>): Membership {
  const shapes: ShapeLike[] = []
  for (const record of records) {
    if (!record || typeof record !== 'object') continue
    const r = record as ShapeLike
    if ((r.typeName === 'shape' || isBoardShape(r)) && typeof r.id === 'string') shapes.push(r)
  }
  const byId = new Map(shapes.map((s) => [s.id, s]))
  const transforms = pageTransforms(shapes)
  const placed = new Map<string, PlacedShape>()
  const zones: PlacedShape[] = []
  const clusters: PlacedShape[] = []
  const ideas: PlacedShape[] = []
  for (const shape of shapes) {
    if (!isBoardShape(shape)) continue
    const p = placeShape(shape, transforms.get(shape.id) ?? identity)
    placed.set(shape.id, p)
    if (shape.type === 'zone') zones.push(p)
    else if (shape.type === 'cluster') clusters.push(p)
    else ideas.push(p)
  }

  const zoneOf = (p: PlacedShape): string | null =>
    ancestorOfType(p.shape, 'zone', byId)?.id ?? innermost(zones, p.center)?.shape.id ?? null

  const zoneOfCluster = new Map<string, string | null>()
  for (const cluster of clusters) zoneOfCluster.set(cluster.shape.id, zoneOf(cluster))

  const clusterOfIdea = new Map<string, string | null>()
  const zoneOfIdea = new Map<string, string | null>()
  for (const idea of ideas) {
    const cluster =
      ancestorOfType(idea.shape, 'cluster', byId)?.id ?? innermost(clusters, idea.center)?.shape.id
    clusterOfIdea.set(idea.shape.id, cluster ?? null)
    // An idea in a cluster belongs to its cluster's zone, so a cluster's ideas never straddle two zones.
    zoneOfIdea.set(idea.shape.id, cluster ? (zoneOfCluster.get(cluster) ?? null) : zoneOf(idea))
  }
  return { clusterOfIdea, zoneOfIdea, zoneOfCluster, placed }
}
