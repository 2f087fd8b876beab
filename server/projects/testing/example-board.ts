import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'

/**
 * Builds real board documents for project tests and benchmarks: tldraw records in a YKeyValue over
 * doc.getArray('records'), and (format v1, unless `votes: false`) votes in doc.getMap('votes'); a live
 * board of format v2 keeps its dots in the server's ballot instead (see example-workshop.ts). Shapes are laid
 * out on the page (parentId = the page) so membership is found by geometry, as on a real board where
 * people drag cards around.
 */

export interface ExampleIdea {
  text: string
  author: string
  votes: number
}
export interface ExampleCluster {
  title: string
  ideas: ExampleIdea[]
}
export interface ExampleZone {
  priorityCode: string
  actionCode: string
  clusters: ExampleCluster[]
  loose: ExampleIdea[]
}
export interface ExampleWorkshop {
  title: string
  participants: { name: string; actor: string }[]
  zones: ExampleZone[]
}

export const PAGE_ID = 'page:page'
export const IDEA_W = 200
export const IDEA_H = 120
const CLUSTER_W = 1000
const CLUSTER_H = 700
const ZONE_W = 3400
/** Loose ideas sit in a band at the bottom of their zone, below every cluster. */
const LOOSE_BAND = 300

let indexCounter = 0
/** Valid fractional index keys (tldraw's format): 'a1'…'az', then 'b10'…'bzz'. */
function nextIndex(): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  indexCounter += 1
  const n = indexCounter
  if (n < 62) return `a${digits[n]}`
  // Two-digit keys: 62 is 'b10' in base 62.
  return `b${digits[Math.floor(n / 62) % 62]}${digits[n % 62]}`
}

function shape(id: string, type: string, x: number, y: number, props: Record<string, unknown>) {
  return {
    id,
    typeName: 'shape',
    type,
    x,
    y,
    rotation: 0,
    index: nextIndex(),
    parentId: PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: {},
    props,
  }
}

/** A stable author id from a display name (participants are guests with a display name). */
export function authorIdOf(name: string): string {
  return `guest-${name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')}`
}

/** Writes the document and page records a tldraw board starts with. */
export function writeBaseRecords(kv: YKeyValue<unknown>): void {
  kv.set('document:document', {
    id: 'document:document',
    typeName: 'document',
    gridSize: 10,
    name: '',
    meta: {},
  })
  kv.set(PAGE_ID, { id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} })
}

/** Ids given to the shapes of the example, so tests can find them. */
export interface BuiltBoard {
  zoneIds: string[]
  /** Per zone, its cluster ids in order. */
  clusterIds: string[][]
  /** Idea id by idea text. */
  ideaIdByText: Map<string, string>
  /** Dots each idea should have, by idea id (given or not, see writeExampleBoard's `votes` option). */
  dotsByIdea: Map<string, number>
}

/**
 * Lays the example workshop out on `doc`: one zone per example zone side by side, its clusters in a
 * row, each cluster's ideas in a grid inside it, loose ideas in the zone's bottom band. Each idea's
 * votes are spread over several voters (at most 2 dots from each) so the converter has to sum them.
 */
export function writeExampleBoard(
  doc: Y.Doc,
  example: ExampleWorkshop,
  idPrefix = 'ex',
  options: {
    votes?: boolean
    /**
     * Who the live server will credit every idea to, when a real client writes the board: the server
     * sets a new card's author from the session (the example's authors are for in-process boards).
     */
    author?: { id: string; name: string }
  } = {},
): BuiltBoard {
  const kv = new YKeyValue<unknown>(doc.getArray('records'))
  const votes = doc.getMap<Y.Map<number>>('votes')
  const built: BuiltBoard = { zoneIds: [], clusterIds: [], ideaIdByText: new Map(), dotsByIdea: new Map() }
  let ideaCounter = 0
  doc.transact(() => {
    if (!kv.has(PAGE_ID)) writeBaseRecords(kv)
    example.zones.forEach((zone, z) => {
      const clustersPerRow = 3
      const rows = Math.max(1, Math.ceil(zone.clusters.length / clustersPerRow))
      const zoneH = rows * (CLUSTER_H + 100) + 100 + LOOSE_BAND
      const zoneX = z * (ZONE_W + 200)
      const zoneId = `shape:${idPrefix}-zone-${z}`
      kv.set(
        zoneId,
        shape(zoneId, 'zone', zoneX, 0, {
          w: ZONE_W,
          h: zoneH,
          title: `${zone.priorityCode}${zone.actionCode ? ` – ${zone.actionCode}` : ''}`,
          priorityCode: zone.priorityCode,
          actionCode: zone.actionCode,
          color: 'light-blue',
        }),
      )
      built.zoneIds.push(zoneId)
      const zoneClusters: string[] = []
      const placeIdea = (idea: ExampleIdea, x: number, y: number) => {
        ideaCounter += 1
        const ideaId = `shape:${idPrefix}-idea-${ideaCounter}`
        kv.set(
          ideaId,
          shape(ideaId, 'idea', x, y, {
            w: IDEA_W,
            h: IDEA_H,
            text: idea.text,
            color: 'yellow',
            authorId: options.author?.id ?? authorIdOf(idea.author),
            authorName: options.author?.name ?? idea.author,
          }),
        )
        built.ideaIdByText.set(idea.text, ideaId)
        built.dotsByIdea.set(ideaId, idea.votes)
        // Without votes here, participants vote themselves (the live server only takes one's own dots).
        if (options.votes !== false) giveDots(votes, ideaId, idea.votes)
      }
      zone.clusters.forEach((cluster, c) => {
        const cx = zoneX + 100 + (c % clustersPerRow) * (CLUSTER_W + 100)
        const cy = 100 + Math.floor(c / clustersPerRow) * (CLUSTER_H + 100)
        const clusterId = `shape:${idPrefix}-cluster-${z}-${c}`
        kv.set(
          clusterId,
          shape(clusterId, 'cluster', cx, cy, { w: CLUSTER_W, h: CLUSTER_H, title: cluster.title }),
        )
        zoneClusters.push(clusterId)
        cluster.ideas.forEach((idea, i) => {
          placeIdea(idea, cx + 40 + (i % 4) * (IDEA_W + 30), cy + 60 + Math.floor(i / 4) * (IDEA_H + 30))
        })
      })
      built.clusterIds.push(zoneClusters)
      zone.loose.forEach((idea, i) => {
        placeIdea(idea, zoneX + 100 + i * (IDEA_W + 40), zoneH - LOOSE_BAND + 60)
      })
    })
  })
  return built
}

/**
 * The ballot rows (board format v2, board_votes) that give `total` dots to a target, spread over voters
 * `voter-0`, `voter-1`… at most 2 dots each, as giveDots does in a v1 document.
 */
export function spreadDots(
  targetId: string,
  total: number,
): { actorId: string; targetId: string; dots: number }[] {
  const rows: { actorId: string; targetId: string; dots: number }[] = []
  for (let left = total, voter = 0; left > 0; voter += 1) {
    const dots = Math.min(2, left)
    rows.push({ actorId: `voter-${voter}`, targetId, dots })
    left -= dots
  }
  return rows
}

/** Spreads `total` dots on an idea over voters, at most 2 dots each, as dot voting does (format v1). */
export function giveDots(votes: Y.Map<Y.Map<number>>, ideaId: string, total: number): void {
  let left = total
  let voter = 0
  while (left > 0) {
    const participant = `voter-${voter}`
    let given = votes.get(participant)
    if (!given) {
      given = new Y.Map<number>()
      votes.set(participant, given)
    }
    const dots = Math.min(2, left)
    given.set(ideaId, (given.get(ideaId) ?? 0) + dots)
    left -= dots
    voter += 1
  }
}

/** Adds one idea shape at page coordinates (used to change a board between conversions). */
export function addIdea(
  doc: Y.Doc,
  id: string,
  x: number,
  y: number,
  props: { text: string; authorName: string },
  dots = 0,
): void {
  const kv = new YKeyValue<unknown>(doc.getArray('records'))
  doc.transact(() => {
    kv.set(
      id,
      shape(id, 'idea', x, y, {
        w: IDEA_W,
        h: IDEA_H,
        text: props.text,
        color: 'yellow',
        authorId: authorIdOf(props.authorName),
        authorName: props.authorName,
      }),
    )
    if (dots > 0) giveDots(doc.getMap<Y.Map<number>>('votes'), id, dots)
  })
}

/** Adds a cluster shape at page coordinates. */
export function addCluster(doc: Y.Doc, id: string, x: number, y: number, title: string): void {
  const kv = new YKeyValue<unknown>(doc.getArray('records'))
  doc.transact(() => kv.set(id, shape(id, 'cluster', x, y, { w: CLUSTER_W, h: CLUSTER_H, title })))
}

/** Deletes records (and the votes on them) from the board. */
export function deleteRecords(doc: Y.Doc, ids: string[]): void {
  const kv = new YKeyValue<unknown>(doc.getArray('records'))
  doc.transact(() => {
    for (const id of ids) kv.delete(id)
  })
}

/** Reads a record's current value. */
export function getRecord(doc: Y.Doc, id: string): any {
  return new YKeyValue<unknown>(doc.getArray('records')).get(id)
}
