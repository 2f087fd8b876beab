import type { IdeaShape } from '../../shared/board/shapes.ts'

/**
 * What the review of an update (validation) needs to know about a live board beyond its document, and
 * may tell it. A room provides one: `LiveBoardContext` (live-board-context.ts), loaded with the board and
 * written behind to the database; tests of validation alone use an in-memory one (`memoryBoardContext`).
 *
 * Why outside the document: authorship in an anonymous workshop, ideas written during silent writing
 * and the per-person rate of new ideas are exactly what the shared document must not carry, or cannot
 * (a rate is not a fact of the board).
 */
export interface BoardContext {
  readonly boardId: string
  /** Who created a shape (idea or cluster), as the server recorded it; undefined when unknown. */
  authorOf(shapeId: string): ShapeAuthor | undefined
  /** Records that `author` created `shapeId` (an accepted new idea or cluster). */
  recordAuthor(shapeId: string, author: ShapeAuthor): void
  /**
   * Silent writing: an idea that a participant put into the shared document is taken out of it (the
   * review deletes it in the same transaction, so nobody else receives its text) and kept here as that
   * participant's private idea, with the author fields already set by the server.
   */
  keepPrivate(idea: IdeaShape, author: ShapeAuthor): void
  /** Private ideas held for this board (they count against MAX_IDEAS_PER_BOARD). */
  privateIdeaCount(): number
  /**
   * Takes one new idea from `actorId`'s allowance (IDEAS_PER_PARTICIPANT_PER_MINUTE, shared by the live
   * channel and HTTP); false when the person is over it.
   */
  takeIdeaAllowance(actorId: string, now?: number): boolean
}

export interface ShapeAuthor {
  actorId: string
  displayName: string
}

/** A board context in memory (tests, tools): no database, no private channel. */
export function memoryBoardContext(
  boardId: string,
  options: { ideasPerMinute?: number } = {},
): BoardContext & { privateIdeas: Map<string, { idea: IdeaShape; author: ShapeAuthor }> } {
  const authors = new Map<string, ShapeAuthor>()
  const privateIdeas = new Map<string, { idea: IdeaShape; author: ShapeAuthor }>()
  const allowance = new SlidingWindowCounter(60_000, options.ideasPerMinute ?? Number.POSITIVE_INFINITY)
  return {
    boardId,
    privateIdeas,
    authorOf: (shapeId) => authors.get(shapeId),
    recordAuthor: (shapeId, author) => {
      authors.set(shapeId, author)
    },
    keepPrivate: (idea, author) => {
      privateIdeas.set(idea.id, { idea, author })
    },
    privateIdeaCount: () => privateIdeas.size,
    takeIdeaAllowance: (actorId, now) => allowance.take(actorId, now),
  }
}

/** At most `max` events per key within any `windowMs`; memory bounded by the keys seen in the window. */
export class SlidingWindowCounter {
  readonly #windowMs: number
  readonly #max: number
  readonly #events = new Map<string, number[]>()

  constructor(windowMs: number, max: number) {
    this.#windowMs = windowMs
    this.#max = max
  }

  /** Counts one event for `key` if it fits; false (and nothing counted) when over the limit. */
  take(key: string, now = Date.now()): boolean {
    if (!Number.isFinite(this.#max)) return true
    const since = now - this.#windowMs
    const list = (this.#events.get(key) ?? []).filter((at) => at > since)
    if (list.length >= this.#max) {
      this.#events.set(key, list)
      return false
    }
    list.push(now)
    this.#events.set(key, list)
    if (this.#events.size > 10_000) this.#prune(since)
    return true
  }

  #prune(since: number): void {
    for (const [key, list] of this.#events) if (list.every((at) => at <= since)) this.#events.delete(key)
  }
}
