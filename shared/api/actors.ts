import { type Static, Type } from 'typebox'
import { contractPriorityFields, Nullable } from './common.ts'
import { ActorType, ProjectStatus } from './record-kinds.ts'

export { ActorType }

/** Route schemas of actors (organisations and people carrying or partnering projects). */

export const ActorList = Type.Object({
  actors: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      type: ActorType,
      projects: Type.Array(
        Type.Object({
          id: Type.String(),
          title: Type.String(),
          status: ProjectStatus,
          role: Type.Union([Type.Literal('carrier'), Type.Literal('partner')]),
          partnerRole: Type.String(),
          priorityCode: Nullable(Type.String()),
          actionCode: Nullable(Type.String()),
        }),
      ),
      /** How many records the actor follows as referent (follow-up in pairs): it cannot be deleted meanwhile. */
      following: Type.Integer(),
    }),
  ),
  mixByPriority: Type.Array(
    Type.Object({
      ...contractPriorityFields,
      byType: Type.Record(Type.String(), Type.Integer()),
      public: Type.Integer(),
      private: Type.Integer(),
      total: Type.Integer(),
    }),
  ),
})

export type ActorList = Static<typeof ActorList>
