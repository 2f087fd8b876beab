import type { SnapshotView } from '../../shared/projects/snapshot.ts'

/**
 * A read-only drawing of a board snapshot: zones, clusters and ideas as SVG, the highlighted cluster
 * outlined thickly. It scales to the width of the screen; the text of ideas is not drawn (unreadable
 * at this scale), the list beside it carries it for every reader.
 */
/**
 * A title sized to its box: a share of the box's height, at most a fourteenth of its width, so it stays
 * readable when a large board is scaled down to a screen; cut with an ellipsis when it does not fit.
 */
export function fitTitle(text: string, w: number, h: number, share: number): { text: string; size: number } {
  const charWidth = 0.55
  const size = Math.max(1, Math.min(h * share, w / 14))
  const fits = Math.max(2, Math.floor((w * 0.92) / (size * charWidth)))
  return { text: text.length > fits ? `${text.slice(0, fits - 1)}…` : text, size }
}

export function BoardSnapshot({ view, label }: { view: SnapshotView; label: string }) {
  const pad = 40
  const { x, y, w, h } = view.bounds
  const viewBox = `${x - pad} ${y - pad} ${Math.max(w, 1) + 2 * pad} ${Math.max(h, 1) + 2 * pad}`
  const scale = Math.max(w, h) / 1000
  return (
    <svg
      className="board-snapshot"
      viewBox={viewBox}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
    >
      {view.zones.map((zone) => {
        const title = fitTitle(zone.title || zone.priorityCode, zone.w, zone.h, 0.06)
        return (
          <g key={zone.id}>
            <rect
              x={zone.x}
              y={zone.y}
              width={zone.w}
              height={zone.h}
              className="snapshot-zone"
              rx={12 * scale}
            />
            <text
              x={zone.x + zone.w * 0.02}
              y={zone.y + title.size * 1.2}
              className="snapshot-zone-title"
              fontSize={title.size}
            >
              {title.text}
            </text>
          </g>
        )
      })}
      {view.clusters.map((cluster) => {
        const highlighted = cluster.id === view.highlightClusterId
        // Ideas usually sit at the top of a cluster: its title goes at the bottom.
        const title = fitTitle(cluster.title, cluster.w, cluster.h, 0.12)
        return (
          <g key={cluster.id} data-cluster-id={cluster.id} data-highlighted={highlighted || undefined}>
            <rect
              x={cluster.x}
              y={cluster.y}
              width={cluster.w}
              height={cluster.h}
              rx={10 * scale}
              className={highlighted ? 'snapshot-cluster snapshot-highlight' : 'snapshot-cluster'}
              strokeWidth={(highlighted ? 6 : 3) * scale}
            />
            <text
              x={cluster.x + cluster.w * 0.04}
              y={cluster.y + cluster.h - title.size * 0.6}
              className="snapshot-cluster-title"
              fontSize={title.size}
            >
              {title.text}
            </text>
          </g>
        )
      })}
      {view.ideas.map((idea) => (
        <rect
          key={idea.id}
          x={idea.x}
          y={idea.y}
          width={idea.w}
          height={idea.h}
          rx={4 * scale}
          className={
            idea.clusterId && idea.clusterId === view.highlightClusterId
              ? 'snapshot-idea snapshot-idea-highlight'
              : 'snapshot-idea'
          }
        >
          <title>{`${idea.text} — ${idea.authorName} (${idea.dots})`}</title>
        </rect>
      ))}
    </svg>
  )
}
