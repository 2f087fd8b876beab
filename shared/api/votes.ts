import { type Static, Type } from 'typebox'

/** The largest allowance a facilitator may set (workshops/schemas.ts): nobody can hold more dots. */
export const MAX_DOTS = 50

/** A shape id as tldraw writes it (`shape:…`). */
const ShapeId = Type.String({ minLength: 7, maxLength: 100, pattern: '^shape:' })

export const BoardParams = Type.Object({ boardId: Type.String({ format: 'uuid' }) })

export const VoteParams = Type.Object({ boardId: Type.String({ format: 'uuid' }), targetId: ShapeId })

/** PUT /api/boards/:boardId/votes/:targetId: the caller's dots on that target (0 takes them all back). */
export const PutVoteInput = Type.Object(
  { dots: Type.Integer({ minimum: 0, maximum: MAX_DOTS }) },
  { additionalProperties: false },
)

export const PutVoteAnswer = Type.Object({
  /** The dots the caller now has on the target. */
  dots: Type.Integer(),
  /** Dots the caller may still give on the board. */
  remaining: Type.Integer(),
})

export const VotesQuery = Type.Object({
  /** Facilitators only: `1` (or `true`) adds who gave which dot. */
  byVoter: Type.Optional(
    Type.Union([Type.Literal('1'), Type.Literal('true'), Type.Literal('0'), Type.Literal('false')]),
  ),
})

const DotsByTarget = Type.Record(Type.String(), Type.Integer(), { description: 'target shape id → dots' })

export const Voter = Type.Object({
  voterId: Type.String({ description: 'guest or user id' }),
  /** Empty when the voter is neither a guest nor an account any more (erased, or a v1 voter id). */
  displayName: Type.String(),
  dots: DotsByTarget,
})

/** GET /api/boards/:boardId/votes. */
export const VotesAnswer = Type.Object({
  /** The caller's own dots (targets that left the board included: they still count). */
  mine: DotsByTarget,
  remaining: Type.Integer(),
  /** Whether the facilitator revealed the results to everyone. */
  revealed: Type.Boolean(),
  /**
   * Total dots per target still on the board, over every voter. Participants and observers get it
   * once revealed; facilitators always.
   */
  totals: Type.Optional(DotsByTarget),
  /** Who gave which dot: facilitators asking `?byVoter=1` only. */
  byVoter: Type.Optional(Type.Array(Voter)),
})

export type BoardParams = Static<typeof BoardParams>
export type VoteParams = Static<typeof VoteParams>
export type PutVoteInput = Static<typeof PutVoteInput>
export type PutVoteAnswer = Static<typeof PutVoteAnswer>
export type VotesQuery = Static<typeof VotesQuery>
export type Voter = Static<typeof Voter>
export type VotesAnswer = Static<typeof VotesAnswer>
