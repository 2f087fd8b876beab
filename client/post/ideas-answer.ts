import type { IdeasByZone, IdeaText } from '../../shared/api/boards.ts'

/** One idea as the text list shows it (GET /api/boards/:boardId/ideas, shared/api/boards.ts). */
export type ListedIdea = IdeaText

/** One zone of the text list; the loose ideas come last, as a zone without id or title. */
export interface ListedZone {
  id: string | null
  title: string
  priorityCode?: string
  actionCode?: string
  ideas: ListedIdea[]
}

/** Reads GET /api/boards/:boardId/ideas into the list's zones, the loose ideas last. */
export function readIdeasAnswer(answer: IdeasByZone): ListedZone[] {
  const zones: ListedZone[] = answer.zones.map((zone) => ({ ...zone }))
  if (answer.loose.length) zones.push({ id: null, title: '', ideas: answer.loose })
  return zones
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
