import { computeMembership, type PlacedShape } from '../../shared/board/membership.ts'
import type { LooseIdeas, LooseIdeasZone, ProvenanceIdea } from '../../shared/projects/record.ts'
import { type BoardContent, dotsPerTarget } from './board-content.ts'

/**
 * What a board becomes, before any database is involved: one draft per cluster (its zone's priority
 * and action, its ideas with author and dots, the dots given to the cluster itself, contributors, total
 * dots, proposed text) and the ideas outside every cluster, grouped by zone. Pure, so it is tested on
 * its own and timed in bench/.
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
  /** Dots given to the cluster itself (a vote on clusters). */
  clusterDots: number
  /** Dots given to its ideas (a vote on ideas), summed. */
  ideaDots: number
  /** Both together. */
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

function ideaOf(placed: PlacedShape, dots: Map<string, number>, anonymous: boolean): ProvenanceIdea {
  const props = placed.shape.props
  return {
    id: placed.shape.id,
    text: text(props.text),
    // An anonymous workshop's ideas carry no author (the document has none either; this makes sure).
    authorId: anonymous ? '' : text(props.authorId),
    authorName: anonymous ? '' : text(props.authorName),
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

/**
 * Proposed summary: where the record comes from and the idea the room supported most. `contributors`:
 * how many people wrote the ideas, or null in an anonymous workshop (the count of one group's authors
 * would say too much about who wrote what).
 */
export function draftSummary(
  workshopTitle: string,
  ideas: ProvenanceIdea[],
  totalDots: number,
  contributors: number | null = contributorsOf(ideas).length,
): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`
  const authors = contributors === null ? '' : ` de ${plural(contributors, 'contributeur', 'contributeurs')}`
  const head = `Projet issu de l’atelier « ${workshopTitle} » : ${plural(ideas.length, 'idée', 'idées')}${authors}, ${plural(
    totalDots,
    'gommette',
    'gommettes',
  )}.`
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

/** How an anonymous workshop is converted. */
export interface AnonymousConversion {
  /**
   * Everyone who wrote an idea on the board, by name (from the server's authorship records): each
   * record lists them all, sorted, so no list ties a person to a group, let alone to an idea.
   */
  contributors: string[]
}

/**
 * Turns a board into cluster drafts and loose ideas. Dots count on ideas and on clusters (whatever the
 * vote's target was, or both if the facilitator switched). With `anonymous`, ideas carry no author and
 * each record lists the board's contributors.
 */
export function planConversion(
  board: BoardContent,
  workshopTitle: string,
  anonymous?: AnonymousConversion,
): ConversionPlan {
  const membership = computeMembership(Object.values(board.records))
  const dots = dotsPerTarget(board.votes)
  const anonymousContributors = anonymous
    ? [...new Set(anonymous.contributors.map((name) => name.trim()).filter(Boolean))].sort((a, b) =>
        a.localeCompare(b, 'fr'),
      )
    : null
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
        .map((p) => ideaOf(p, dots, anonymous !== undefined))
        .sort((a, b) => b.dots - a.dots)
      const ideaDots = ideas.reduce((sum, idea) => sum + idea.dots, 0)
      const clusterDots = dots.get(cluster.shape.id) ?? 0
      const totalDots = clusterDots + ideaDots
      const title = text(cluster.shape.props.title).trim() || 'Projet sans titre'
      return {
        clusterId: cluster.shape.id,
        title,
        zoneId,
        priorityCode: zone ? text(zone.priorityCode) || null : null,
        actionCode: zone ? text(zone.actionCode) || null : null,
        ideas,
        contributors: anonymousContributors ?? contributorsOf(ideas),
        clusterDots,
        ideaDots,
        totalDots,
        summary: draftSummary(
          workshopTitle,
          ideas,
          totalDots,
          anonymousContributors ? null : contributorsOf(ideas).length,
        ),
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
      ideas: ideas.map((p) => ideaOf(p, dots, anonymous !== undefined)),
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
