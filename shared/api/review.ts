import { type Static, Type } from 'typebox'
import { maxScore, minScore } from '../calls/score.ts'
import { Nullable } from './common.ts'

/**
 * The council's review of an application (issue 15): scores on the call's criteria, a decision and its
 * reason (`PATCH /api/projects/:id` `{review}`), and the exports of a call's applications.
 */

export const reviewDecisions = ['retained', 'postponed', 'refused'] as const
export type ReviewDecision = (typeof reviewDecisions)[number]

export const ReviewDecision = Type.Union([
  Type.Literal('retained'),
  Type.Literal('postponed'),
  Type.Literal('refused'),
])

const Scores = Type.Record(
  Type.String({ minLength: 1, maxLength: 100 }),
  Type.Integer({ minimum: minScore, maximum: maxScore }),
  { maxProperties: 100, description: 'criterion id → whole score from 0 to 5' },
)

/** What a person sends: the whole review, which replaces the previous one. */
export const ReviewBody = Type.Object(
  {
    scores: Scores,
    /** Null while undecided. */
    decision: Nullable(ReviewDecision),
    /** Required (not blank) for a refusal. */
    reason: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
)
export type ReviewBody = Static<typeof ReviewBody>

/** The review as stored in `projects.review` and sent with the record. */
export const Review = Type.Object({
  scores: Scores,
  decision: Nullable(ReviewDecision),
  reason: Type.String(),
  reviewedAt: Type.String({ description: 'ISO time of the last change' }),
  /** The account that made the last change (its name is in the record's history). */
  reviewedBy: Nullable(Type.String()),
})
export type Review = Static<typeof Review>
