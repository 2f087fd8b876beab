import { type Static, Type } from 'typebox'
import { IDEA_TEXT_MAX } from '../board/shapes.ts'
import { Nullable } from './common.ts'

/**
 * Continuity across workshops: ideas of the council's earlier workshops on the same contract, found by
 * similarity while someone writes, linked to a new card, and the waiting ideas (left outside clusters
 * at conversion) brought onto a later board.
 */

/** Shortest text worth a suggestion (trigrams of fewer characters say nothing). */
export const SIMILAR_TEXT_MIN = 3
/** Suggestions per request. */
export const SIMILAR_LIMIT = 5

export const SimilarQuery = Type.Object({
  text: Type.String({ minLength: SIMILAR_TEXT_MIN, maxLength: IDEA_TEXT_MAX }),
})

/** An idea of an earlier workshop (archived at its conversion). */
const earlierFields = {
  id: Type.String({ description: 'the archived idea (what a link names)' }),
  text: Type.String(),
  workshopTitle: Type.String(),
  workshopId: Type.String(),
  date: Type.String({ description: 'when the workshop was closed (ISO)' }),
  projectId: Type.Optional(Type.String({ description: 'the project record it went into, if any' })),
  projectTitle: Type.Optional(Type.String()),
}
export const EarlierIdea = Type.Object(earlierFields)

export const SimilarIdea = Type.Object({
  ...earlierFields,
  similarity: Type.Number({ description: 'pg_trgm similarity, 0 to 1' }),
})
export const SimilarIdeas = Type.Array(SimilarIdea)

export const LinkParams = Type.Object({
  boardId: Type.String({ minLength: 1, maxLength: 100 }),
  ideaId: Type.String({ minLength: 1, maxLength: 200 }),
})
export const LinkInput = Type.Object({ earlierIdeaId: Type.String({ minLength: 1, maxLength: 100 }) })

/** A card of this board linked to an earlier idea. */
export const IdeaLink = Type.Object({ ideaId: Type.String(), earlier: EarlierIdea })
export const IdeaLinks = Type.Array(IdeaLink)

export const WaitingIdea = Type.Object({
  id: Type.String(),
  text: Type.String(),
  actionCode: Nullable(Type.String()),
  workshopId: Type.String(),
  workshopTitle: Type.String(),
  date: Type.String(),
})
export const WaitingIdeas = Type.Object({
  priorities: Type.Array(
    Type.Object({
      priorityCode: Nullable(Type.String({ description: 'null: ideas of no priority of the contract' })),
      priorityTitle: Nullable(Type.String()),
      ideas: Type.Array(WaitingIdea),
    }),
  ),
})

export const CarryInput = Type.Object({
  ideaIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
})
export const CarryResult = Type.Object({
  placed: Type.Array(
    Type.Object({
      earlierIdeaId: Type.String(),
      ideaId: Type.String({ description: 'the new card on the board' }),
      priorityCode: Nullable(Type.String({ description: 'the zone it went into; null: outside zones' })),
    }),
  ),
})

export type EarlierIdea = Static<typeof EarlierIdea>
export type SimilarIdea = Static<typeof SimilarIdea>
export type IdeaLink = Static<typeof IdeaLink>
export type WaitingIdea = Static<typeof WaitingIdea>
export type WaitingIdeas = Static<typeof WaitingIdeas>
export type CarryResult = Static<typeof CarryResult>
