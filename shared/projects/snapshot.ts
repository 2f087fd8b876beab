/**
 * A board snapshot as the read-only view draws it: zones, clusters and ideas with their page bounds
 * (GET /api/board-snapshots/:id and GET /api/projects/:id/board). Computed on the server from the
 * snapshot's records with the same membership rules as the converter.
 */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export interface SnapshotZone extends Box {
  id: string
  title: string
  priorityCode: string
  actionCode: string
}

export interface SnapshotCluster extends Box {
  id: string
  title: string
  zoneId: string | null
  /** Dots given to the cluster itself (a vote on clusters). */
  dots: number
}

export interface SnapshotIdea extends Box {
  id: string
  text: string
  authorName: string
  dots: number
  clusterId: string | null
  zoneId: string | null
}

export interface SnapshotView {
  snapshotId: string
  workshopId: string
  workshopTitle: string
  createdAt: string
  /** The cluster to highlight (the record's), or null. */
  highlightClusterId: string | null
  /** Bounds of everything drawn, to size the view. */
  bounds: Box
  zones: SnapshotZone[]
  clusters: SnapshotCluster[]
  ideas: SnapshotIdea[]
}
