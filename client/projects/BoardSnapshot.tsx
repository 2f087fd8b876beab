import type { SnapshotView } from '../../shared/projects/snapshot.ts'

/**
 * A read-only drawing of a board snapshot: zones, clusters and ideas as SVG, the highlighted cluster
 * outlined thickly. It scales to the width of the screen; the text of ideas is not drawn (unreadable
 * at this scale), the list beside it carries it for every reader.
 */
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
      {view.zones.map((zone) => (
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
            x={zone.x + 20 * scale}
            y={zone.y + 40 * scale}
            className="snapshot-zone-title"
            fontSize={28 * scale}
          >
            {zone.title || zone.priorityCode}
          </text>
        </g>
      ))}
      {view.clusters.map((cluster) => {
        const highlighted = cluster.id === view.highlightClusterId
        return (
          <g key={cluster.id} data-cluster-id={cluster.id} data-highlighted={highlighted || undefined}>
            <rect
              x={cluster.x}
              y={cluster.y}
              width={cluster.w}
              height={cluster.h}
              rx={10 * scale}
              className={highlighted ? 'snapshot-cluster snapshot-highlight' : 'snapshot-cluster'}
              strokeWidth={(highlighted ? 10 : 3) * scale}
            />
            <text
              x={cluster.x + 16 * scale}
              y={cluster.y + 32 * scale}
              className="snapshot-cluster-title"
              fontSize={22 * scale}
            >
              {cluster.title}
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
            idea.clusterId === view.highlightClusterId && idea.clusterId
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
