import { type Static, Type } from 'typebox'
import type { actorTypes } from '../projects/record.ts'
import { Nullable, type Same } from './common.ts'

/** Route schemas of actors (organisations and people carrying or partnering projects). */

// Literal by literal, so the static type stays precise; the list in shared/ is checked against it.
export const ActorType = Type.Union([
  Type.Literal('collectivite'),
  Type.Literal('association'),
  Type.Literal('entreprise'),
  Type.Literal('ess'),
  Type.Literal('citoyen'),
  Type.Literal('etat'),
  Type.Literal('autre'),
])
const actorTypesMatch: Same<Static<typeof ActorType>, (typeof actorTypes)[number]> = true
void actorTypesMatch

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
          status: Type.String(),
          role: Type.Union([Type.Literal('carrier'), Type.Literal('partner')]),
          partnerRole: Type.String(),
          priorityCode: Nullable(Type.String()),
          actionCode: Nullable(Type.String()),
        }),
      ),
    }),
  ),
  mixByPriority: Type.Array(
    Type.Object({
      contractId: Type.String(),
      priorityCode: Nullable(Type.String()),
      priorityTitle: Nullable(Type.String()),
      byType: Type.Record(Type.String(), Type.Integer()),
      public: Type.Integer(),
      private: Type.Integer(),
      total: Type.Integer(),
    }),
  ),
})
