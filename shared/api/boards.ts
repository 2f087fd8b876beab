import { type Static, Type } from 'typebox'
import { IDEA_TEXT_MAX } from '../board/shapes.ts'

/** A board and its ideas over HTTP: reading it (snapshot, ideas as text) and posting, changing ideas. */

export const BoardParams = Type.Object({ boardId: Type.String({ minLength: 1, maxLength: 100 }) })

export const Snapshot = Type.Object({
  records: Type.Array(Type.Unknown(), { description: 'tldraw records (board format v2)' }),
  workshop: Type.Unknown({ description: 'meta.workshop: phase, lock, timer, vote settings' }),
  votes: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number()), {
    description:
      'actor id → target shape id → dots, from the ballot: your own only; every voter for facilitators',
  }),
})

export const IdeaText = Type.Object({
  id: Type.String(),
  text: Type.String(),
  authorName: Type.String({ description: 'empty in an anonymous workshop' }),
  cluster: Type.Union([Type.String(), Type.Null()], { description: 'title of the cluster holding it' }),
  mine: Type.Boolean({ description: 'you wrote it (as the server recorded it)' }),
  private: Type.Boolean({ description: 'silent writing: seen by its author and the facilitators only' }),
})
export const IdeasByZone = Type.Object({
  zones: Type.Array(
    Type.Object({
      id: Type.String(),
      priorityCode: Type.String(),
      actionCode: Type.String(),
      title: Type.String(),
      ideas: Type.Array(IdeaText),
    }),
  ),
  loose: Type.Array(IdeaText),
})

export const IdeaParams = Type.Object({
  boardId: Type.String({ minLength: 1, maxLength: 100 }),
  ideaId: Type.String({ minLength: 1, maxLength: 200 }),
})

export const PostIdeaInput = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: IDEA_TEXT_MAX }),
    priorityCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    actionCode: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
)

export const PostedIdea = Type.Object({
  id: Type.String({ description: 'tldraw record id of the new card (shape:…)' }),
  text: Type.String(),
  priorityCode: Type.Union([Type.String(), Type.Null()], { description: 'null: loose area, outside zones' }),
  actionCode: Type.Union([Type.String(), Type.Null()]),
  authorName: Type.String({ description: 'empty in an anonymous workshop' }),
  x: Type.Number(),
  y: Type.Number(),
  private: Type.Boolean({
    description:
      'silent writing: kept as your private idea, seen by you and the facilitators until the reveal',
  }),
})

export const IdeaChangeInput = Type.Object(
  {
    text: Type.Optional(Type.String({ minLength: 1, maxLength: IDEA_TEXT_MAX })),
    color: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'a tldraw colour name' })),
    priorityCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    actionCode: Type.Optional(Type.String({ maxLength: 20 })),
    clusterId: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
        description: 'into this cluster; null: out of its cluster, into the zone it lies in',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const ChangedIdea = Type.Object({
  id: Type.String(),
  text: Type.String(),
  color: Type.String(),
  x: Type.Number(),
  y: Type.Number(),
})

export type BoardParams = Static<typeof BoardParams>
export type Snapshot = Static<typeof Snapshot>
export type IdeaText = Static<typeof IdeaText>
export type IdeasByZone = Static<typeof IdeasByZone>
export type IdeaParams = Static<typeof IdeaParams>
export type PostIdeaInput = Static<typeof PostIdeaInput>
export type PostedIdea = Static<typeof PostedIdea>
export type IdeaChangeInput = Static<typeof IdeaChangeInput>
export type ChangedIdea = Static<typeof ChangedIdea>
