import { computeMembership } from '../../shared/board/membership.ts'
import type { SnapshotView } from '../../shared/projects/snapshot.ts'
import { dotsPerTarget } from './board-content.ts'

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** The drawable view of a snapshot's records (see shared/projects/snapshot.ts). */
export function snapshotView(
  snapshot: {
    id: string
    workshopId: string
    workshopTitle: string
    createdAt: string
    records: Record<string, unknown>
    votes: Record<string, Record<string, number>>
  },
  highlightClusterId: string | null,
): SnapshotView {
  const membership = computeMembership(Object.values(snapshot.records))
  const dots = dotsPerTarget(snapshot.votes)
  const view: SnapshotView = {
    snapshotId: snapshot.id,
    workshopId: snapshot.workshopId,
    workshopTitle: snapshot.workshopTitle,
    createdAt: snapshot.createdAt,
    highlightClusterId,
    bounds: { x: 0, y: 0, w: 0, h: 0 },
    zones: [],
    clusters: [],
    ideas: [],
  }
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (const placed of membership.placed.values()) {
    const { x, y, w, h } = placed.bounds
    minX = Math.min(minX, x)
    minY = Math.min(minY, y)
    maxX = Math.max(maxX, x + w)
    maxY = Math.max(maxY, y + h)
    const props = placed.shape.props
    const id = placed.shape.id
    if (placed.shape.type === 'zone')
      view.zones.push({
        id,
        x,
        y,
        w,
        h,
        title: text(props.title),
        priorityCode: text(props.priorityCode),
        actionCode: text(props.actionCode),
      })
    else if (placed.shape.type === 'cluster')
      view.clusters.push({
        id,
        x,
        y,
        w,
        h,
        title: text(props.title),
        zoneId: membership.zoneOfCluster.get(id) ?? null,
        dots: dots.get(id) ?? 0,
      })
    else
      view.ideas.push({
        id,
        x,
        y,
        w,
        h,
        text: text(props.text),
        authorName: text(props.authorName),
        dots: dots.get(id) ?? 0,
        clusterId: membership.clusterOfIdea.get(id) ?? null,
        zoneId: membership.zoneOfIdea.get(id) ?? null,
      })
  }
  if (Number.isFinite(minX)) view.bounds = { x: minX, y: minY, w: maxX - minX, h: maxY - minY }
  // Draw order: big zones under clusters under ideas, each by area descending.
  view.zones.sort((a, b) => b.w * b.h - a.w * a.h)
  view.clusters.sort((a, b) => b.w * b.h - a.w * a.h)
  return view
}
