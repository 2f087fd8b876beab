import type { BoardList, ListIdea } from './board-list.ts'
import type { IdeaChange } from './post-api.ts'
import { zoneName } from './zone-name.ts'

/** A place an idea can be moved to: a zone (outside its clusters) or a cluster. */
export interface Destination {
  /** `zone:<id>` or `cluster:<id>`: the value of its option. */
  value: string
  zoneId: string | null
  clusterId: string | null
  /** The zone's codes, which the server's PATCH names a zone by. */
  priorityCode: string
  actionCode: string
  /** The cluster's title ('' for a zone, or an unnamed cluster). */
  clusterTitle: string
}

/** Destinations grouped by zone, in list order (an option group per zone). */
export interface DestinationGroup {
  zoneName: string
  options: Destination[]
}

/**
 * Every place an idea can be moved to, zone by zone: the zone itself (outside clusters), then its
 * clusters. The area outside every zone offers its clusters only: the server names a zone by its codes,
 * and that area has none.
 */
export function moveDestinations(list: BoardList, outsideName: string): DestinationGroup[] {
  const groups: DestinationGroup[] = []
  for (const zone of list.zones) {
    const options: Destination[] = []
    const base = { zoneId: zone.id, priorityCode: zone.priorityCode, actionCode: zone.actionCode }
    if (zone.id && zone.priorityCode)
      options.push({ ...base, value: `zone:${zone.id}`, clusterId: null, clusterTitle: '' })
    for (const cluster of zone.clusters)
      options.push({
        ...base,
        value: `cluster:${cluster.id}`,
        clusterId: cluster.id,
        clusterTitle: cluster.title,
      })
    if (options.length) groups.push({ zoneName: zoneName(zone, outsideName), options })
  }
  return groups
}

/** The option value of where `idea` is now. */
export function currentPlace(idea: ListIdea): string {
  return idea.clusterId ? `cluster:${idea.clusterId}` : `zone:${idea.zoneId}`
}

/**
 * The PATCH body that moves `idea` to `destination`: into a cluster by its id; into a zone by its
 * codes, taking the idea out of its cluster when it is in one.
 */
export function moveChange(idea: ListIdea, destination: Destination): IdeaChange {
  if (destination.clusterId) return { clusterId: destination.clusterId }
  return {
    priorityCode: destination.priorityCode,
    // No action code: the zone of the whole priority, as when posting.
    ...(destination.actionCode ? { actionCode: destination.actionCode } : {}),
    ...(idea.clusterId ? { clusterId: null } : {}),
  }
}
