/** One idea as the text list shows it. */
export interface ListedIdea {
  id: string
  text: string
  authorName: string
  cluster?: string | null
  dots?: number | null
  /** The reader wrote it (rights differ); absent from servers that do not say. */
  mine?: boolean
  /** A silent-writing idea that only its author and facilitators see. */
  private?: boolean
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
      // Set only when the server says so, so an older answer reads exactly as before.
      ...(typeof i.mine === 'boolean' ? { mine: i.mine } : {}),
      ...(typeof i.private === 'boolean' ? { private: i.private } : {}),
    }))
}

/** A private idea as GET /ideas lists it: its text and zone, without a place on the board. */
export interface ListedPrivateIdea {
  id: string
  text: string
  authorName: string
  zoneId: string | null
}

/**
 * What the list page takes from GET /api/boards/:boardId/ideas beside the live document: which cards
 * are the reader's (`mine`, the only source in an anonymous workshop before the server's `authorship`
 * message) and the reader's private ideas during silent writing (absent from the shared document).
 */
export function ownAndPrivate(zones: ListedZone[]): {
  ownIds: Set<string>
  privateIdeas: ListedPrivateIdea[]
} {
  const ownIds = new Set<string>()
  const privateIdeas: ListedPrivateIdea[] = []
  for (const zone of zones)
    for (const idea of zone.ideas) {
      if (idea.mine) ownIds.add(idea.id)
      if (idea.private)
        privateIdeas.push({ id: idea.id, text: idea.text, authorName: idea.authorName, zoneId: zone.id })
    }
  return { ownIds, privateIdeas }
}
