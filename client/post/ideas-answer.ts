/** One idea as the text list shows it. */
export interface ListedIdea {
  id: string
  text: string
  authorName: string
  cluster?: string | null
  dots?: number | null
}

/** One zone of the text list. */
export interface ListedZone {
  id: string | null
  title: string
  priorityCode?: string
  actionCode?: string
  ideas: ListedIdea[]
}

/**
 * Reads GET /api/boards/:boardId/ideas into zones: `{ zones: [{id, priorityCode, actionCode, title,
 * ideas}], loose: [ideas outside every zone] }`. Tolerant of missing fields (a newer server may add some).
 */
export function readIdeasAnswer(answer: unknown): ListedZone[] {
  const root = answer as { zones?: unknown; loose?: unknown; unzoned?: unknown }
  const zones = Array.isArray(answer) ? answer : Array.isArray(root?.zones) ? root.zones : []
  const result: ListedZone[] = []
  for (const z of zones as Record<string, unknown>[]) {
    if (!z || typeof z !== 'object') continue
    result.push({
      id: typeof z.id === 'string' ? z.id : typeof z.zoneId === 'string' ? z.zoneId : null,
      title: String(z.title ?? ''),
      priorityCode: typeof z.priorityCode === 'string' ? z.priorityCode : undefined,
      actionCode: typeof z.actionCode === 'string' ? z.actionCode : undefined,
      ideas: readIdeas(z.ideas),
    })
  }
  const outside = readIdeas(root?.loose ?? root?.unzoned)
  if (outside.length) result.push({ id: null, title: '', ideas: outside })
  return result
}

function readIdeas(value: unknown): ListedIdea[] {
  if (!Array.isArray(value)) return []
  return value
    .filter((i): i is Record<string, unknown> => !!i && typeof i === 'object')
    .map((i) => ({
      id: String(i.id ?? ''),
      text: String(i.text ?? ''),
      authorName: String(i.authorName ?? i.author ?? ''),
      cluster:
        typeof i.cluster === 'string'
          ? i.cluster
          : typeof i.clusterTitle === 'string'
            ? i.clusterTitle
            : null,
      dots: typeof i.dots === 'number' ? i.dots : null,
    }))
}
