import { computeMembership, type PlacedShape } from '../../shared/board/membership.ts'
import type { LooseIdeas, LooseIdeasZone, ProvenanceIdea } from '../../shared/projects/record.ts'
import { type BoardContent, dotsPerIdea } from './board-content.ts'

/**
 * What a board becomes, before any database is involved: one draft per cluster (its zone's priority
 * and action, its ideas with author and dots, contributors, total dots, proposed text) and the ideas
 * outside every cluster, grouped by zone. Pure, so it is tested on its own and timed in bench/.
 */
export interface ClusterDraft {
  clusterId: string
  title: string
  zoneId: string | null
  /** From the cluster's zone; null when the cluster lies outside every zone. */
  priorityCode: string | null
  /** Null when outside every zone or when the zone is the whole priority (actionCode ''). */
  actionCode: string | null
  ideas: ProvenanceIdea[]
  contributors: string[]
  totalDots: number
  summary: string
  objectives: string
}

export interface ConversionPlan {
  clusters: ClusterDraft[]
  looseIdeas: LooseIdeas
}

interface ZoneProps {
  title?: unknown
  priorityCode?: unknown
  actionCode?: unknown
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** Reading order on the page: top to bottom, then left to right, then id (stable). */
function byPosition(a: PlacedShape, b: PlacedShape): number {
  return a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x || (a.shape.id < b.shape.id ? -1 : 1)
}

function ideaOf(placed: PlacedShape, dots: Map<string, number>): ProvenanceIdea {
  const props = placed.shape.props
  return {
    id: placed.shape.id,
    text: text(props.text),
    authorId: text(props.authorId),
    authorName: text(props.authorName),
    dots: dots.get(placed.shape.id) ?? 0,
  }
}

/** Distinct authors by name, in the order of the ideas. */
export function contributorsOf(ideas: ProvenanceIdea[]): string[] {
  const names: string[] = []
  for (const idea of ideas) {
    const name = idea.authorName.trim()
    if (name && !names.includes(name)) names.push(name)
  }
  return names
}

/** Proposed summary: where the record comes from and the idea the room supported most. */
export function draftSummary(workshopTitle: string, ideas: ProvenanceIdea[], totalDots: number): string {
  const contributors = contributorsOf(ideas).length
  const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`
  const head = `Projet issu de l’atelier « ${workshopTitle} » : ${plural(ideas.length, 'idée', 'idées')} de ${plural(
    contributors,
    'contributeur',
    'contributeurs',
  )}, ${plural(totalDots, 'gommette', 'gommettes')}.`
  const top = ideas[0]
  return top && top.dots > 0 ? `${head} Idée la plus soutenue : « ${top.text} ».` : head
}

/** Proposed objectives: the ideas as a list, most supported first. */
export function draftObjectives(ideas: ProvenanceIdea[]): string {
  return ideas
    .filter((idea) => idea.text.trim() !== '')
    .map((idea) => `- ${idea.text.trim()}`)
    .join('\n')
}

/** Turns a board into cluster drafts and loose ideas. */
export function planConversion(board: BoardContent, workshopTitle: string): ConversionPlan {
  const membership = computeMembership(Object.values(board.records))
  const dots = dotsPerIdea(board.votes)
  const placed = [...membership.placed.values()]
  const zones = new Map(placed.filter((p) => p.shape.type === 'zone').map((p) => [p.shape.id, p]))

  const ideasByCluster = new Map<string, PlacedShape[]>()
  const looseByZone = new Map<string | null, PlacedShape[]>()
  for (const idea of placed.filter((p) => p.shape.type === 'idea').sort(byPosition)) {
    const clusterId = membership.clusterOfIdea.get(idea.shape.id) ?? null
    if (clusterId) {
      const list = ideasByCluster.get(clusterId) ?? []
      list.push(idea)
      ideasByCluster.set(clusterId, list)
    } else {
      const zoneId = membership.zoneOfIdea.get(idea.shape.id) ?? null
      const list = looseByZone.get(zoneId) ?? []
      list.push(idea)
      looseByZone.set(zoneId, list)
    }
  }

  const clusters: ClusterDraft[] = placed
    .filter((p) => p.shape.type === 'cluster')
    .sort(byPosition)
    .map((cluster) => {
      const zoneId = membership.zoneOfCluster.get(cluster.shape.id) ?? null
      const zone = zoneId ? (zones.get(zoneId)?.shape.props as ZoneProps | undefined) : undefined
      // Most supported first; reading order among equals (the sort is stable).
      const ideas = (ideasByCluster.get(cluster.shape.id) ?? [])
        .map((p) => ideaOf(p, dots))
        .sort((a, b) => b.dots - a.dots)
      const totalDots = ideas.reduce((sum, idea) => sum + idea.dots, 0)
      const title = text(cluster.shape.props.title).trim() || 'Projet sans titre'
      return {
        clusterId: cluster.shape.id,
        title,
        zoneId,
        priorityCode: zone ? text(zone.priorityCode) || null : null,
        actionCode: zone ? text(zone.actionCode) || null : null,
        ideas,
        contributors: contributorsOf(ideas),
        totalDots,
        summary: draftSummary(workshopTitle, ideas, totalDots),
        objectives: draftObjectives(ideas),
      }
    })

  const looseZones: LooseIdeasZone[] = [...looseByZone.entries()].map(([zoneId, ideas]) => {
    const zone = zoneId ? (zones.get(zoneId)?.shape.props as ZoneProps | undefined) : undefined
    return {
      zoneId,
      zoneTitle: zone ? text(zone.title) : '',
      priorityCode: zone ? text(zone.priorityCode) || null : null,
      actionCode: zone ? text(zone.actionCode) || null : null,
      ideas: ideas.map((p) => ideaOf(p, dots)),
    }
  })
  // Zones in page order, ideas outside every zone last.
  looseZones.sort((a, b) => {
    if (a.zoneId === null) return 1
    if (b.zoneId === null) return -1
    return byPosition(zones.get(a.zoneId)!, zones.get(b.zoneId)!)
  })
  return { clusters, looseIdeas: { zones: looseZones } }
}
