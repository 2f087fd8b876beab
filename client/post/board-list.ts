import { computeMembership, isBoardShape, type ShapeLike } from '../../shared/board/membership.ts'

/**
 * The board as the phone and list page reads it: zones in board order, each holding its clusters and
 * the ideas outside any cluster, ideas in reading order (top to bottom, then left to right). Built from
 * the board's records with the same membership rules as the canvas and the conversion
 * (shared/board/membership.ts), so the list never disagrees with what the canvas shows. Pure: no Yjs,
 * no React.
 */

/** One idea card as listed. */
export interface ListIdea {
  id: string
  text: string
  /** Empty in an anonymous workshop (and for ideas imported without author). */
  authorName: string
  /** tldraw colour name of the card. */
  color: string
  /** Written by the person reading the page (their rights on it differ). */
  mine: boolean
  /** A silent-writing idea, seen by its author and facilitators only until the reveal. */
  private: boolean
  /** Locked by the facilitator: participants may not change it. */
  locked: boolean
  zoneId: string | null
  clusterId: string | null
}

/** A named group of ideas inside a zone (or outside every zone). */
export interface ListCluster {
  id: string
  /** As the facilitator or a participant named it; may be empty. */
  title: string
  locked: boolean
  zoneId: string | null
  ideas: ListIdea[]
}

/** A zone of the board (a priority or an action), or the area outside every zone (`id` null). */
export interface ListZone {
  id: string | null
  title: string
  priorityCode: string
  actionCode: string
  clusters: ListCluster[]
  /** Ideas of the zone that are in no cluster. */
  ideas: ListIdea[]
}

export interface BoardList {
  zones: ListZone[]
  /** Every idea listed, by id. */
  ideas: Map<string, ListIdea>
  /** Every cluster listed, by id. */
  clusters: Map<string, ListCluster>
}

export interface BoardListInput {
  /** The board's records (any tldraw records; shapes are read). */
  records: Iterable<unknown>
  /** Private ideas this person may see (silent writing), as idea shape records. */
  privateIdeas?: Iterable<unknown>
  /**
   * Private ideas known only as text and zone (GET /ideas), listed at the end of their zone when the
   * records above do not hold them.
   */
  privateListed?: readonly { id: string; text: string; authorName: string; zoneId: string | null }[]
  /** The reader's actor id (user or guest id): ideas whose author it is are theirs. */
  actorId: string
  /** Ids of cards the server says are the reader's (anonymous workshops carry no author). */
  ownIds?: ReadonlySet<string>
  /** True for a participant: every private idea they receive is their own. */
  privateAreMine?: boolean
  /** Shapes the facilitator locked (meta.workshop.lockedShapeIds). */
  lockedShapeIds?: readonly string[]
}

type Shape = ShapeLike & { index?: string }

const prop = (shape: Shape, name: string): string => {
  const value = shape.props[name]
  return typeof value === 'string' ? value : ''
}

/** Builds the list (see the module comment). The area outside zones comes last, and only when used. */
export function buildBoardList(input: BoardListInput): BoardList {
  const shared: Shape[] = []
  const others: unknown[] = []
  for (const record of input.records) {
    if (isBoardShape(record)) shared.push(record)
    else others.push(record)
  }
  const sharedIds = new Set(shared.map((s) => s.id))
  const privateIds = new Set<string>()
  const privates: Shape[] = []
  for (const record of input.privateIdeas ?? []) {
    if (!isBoardShape(record) || record.type !== 'idea') continue
    // A private idea the reveal already moved into the board is shown once, as a shared idea.
    if (sharedIds.has(record.id)) continue
    privateIds.add(record.id)
    privates.push(record)
  }
  const all = [...shared, ...privates]
  const membership = computeMembership([...all, ...others])
  const locked = new Set(input.lockedShapeIds ?? [])
  const place = (shape: Shape) => membership.placed.get(shape.id)?.bounds ?? { x: shape.x, y: shape.y }
  const readingOrder = (a: Shape, b: Shape) => {
    const pa = place(a)
    const pb = place(b)
    return pa.y - pb.y || pa.x - pb.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  }

  const zoneShapes = all
    .filter((s) => s.type === 'zone')
    .sort((a, b) => {
      const ai = a.index ?? ''
      const bi = b.index ?? ''
      return ai < bi ? -1 : ai > bi ? 1 : a.id < b.id ? -1 : 1
    })
  const zones = new Map<string | null, ListZone>()
  for (const zone of zoneShapes)
    zones.set(zone.id, {
      id: zone.id,
      title: prop(zone, 'title'),
      priorityCode: prop(zone, 'priorityCode'),
      actionCode: prop(zone, 'actionCode'),
      clusters: [],
      ideas: [],
    })
  const outside: ListZone = { id: null, title: '', priorityCode: '', actionCode: '', clusters: [], ideas: [] }
  const zoneOf = (id: string | null | undefined) => (id ? (zones.get(id) ?? outside) : outside)

  const clusters = new Map<string, ListCluster>()
  for (const shape of all.filter((s) => s.type === 'cluster').sort(readingOrder)) {
    const zoneId = membership.zoneOfCluster.get(shape.id) ?? null
    const cluster: ListCluster = {
      id: shape.id,
      title: prop(shape, 'title'),
      locked: locked.has(shape.id),
      zoneId: zoneOf(zoneId).id,
      ideas: [],
    }
    clusters.set(shape.id, cluster)
    zoneOf(zoneId).clusters.push(cluster)
  }

  const ideas = new Map<string, ListIdea>()
  for (const shape of all.filter((s) => s.type === 'idea').sort(readingOrder)) {
    const isPrivate = privateIds.has(shape.id)
    const authorId = prop(shape, 'authorId')
    const clusterId = membership.clusterOfIdea.get(shape.id) ?? null
    const zone = zoneOf(membership.zoneOfIdea.get(shape.id))
    const idea: ListIdea = {
      id: shape.id,
      text: prop(shape, 'text'),
      authorName: prop(shape, 'authorName'),
      color: prop(shape, 'color') || 'yellow',
      mine:
        (authorId !== '' && authorId === input.actorId) ||
        (input.ownIds?.has(shape.id) ?? false) ||
        (isPrivate && input.privateAreMine === true),
      private: isPrivate,
      locked: locked.has(shape.id),
      zoneId: zone.id,
      clusterId: clusterId && clusters.has(clusterId) ? clusterId : null,
    }
    ideas.set(idea.id, idea)
    if (idea.clusterId) clusters.get(idea.clusterId)!.ideas.push(idea)
    else zone.ideas.push(idea)
  }

  for (const entry of input.privateListed ?? []) {
    if (ideas.has(entry.id)) continue
    const zone = zoneOf(entry.zoneId)
    const idea: ListIdea = {
      id: entry.id,
      text: entry.text,
      authorName: entry.authorName,
      color: 'yellow',
      mine: input.privateAreMine === true,
      private: true,
      locked: false,
      zoneId: zone.id,
      clusterId: null,
    }
    ideas.set(idea.id, idea)
    zone.ideas.push(idea)
  }

  const listed = [...zones.values()]
  if (outside.ideas.length || outside.clusters.length) listed.push(outside)
  return { zones: listed, ideas, clusters }
}

/** Every idea of a zone, its clusters' first, in list order. */
export function ideasOfZone(zone: ListZone): ListIdea[] {
  return [...zone.clusters.flatMap((c) => c.ideas), ...zone.ideas]
}
