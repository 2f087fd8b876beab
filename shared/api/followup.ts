import { type Static, Type } from 'typebox'
import { maxReferents } from '../followup/record.ts'
import { Nullable } from './common.ts'
import { ActorType, ProjectStatus } from './record-kinds.ts'

/** Route schemas of the follow-up of records: referents, next step, support, the guarantee view. */

export const SupportKind = Type.Union([
  Type.Literal('engineering'),
  Type.Literal('funding'),
  Type.Literal('guarantee'),
  Type.Literal('partners'),
  Type.Literal('premises'),
])

const Role = Type.String({ maxLength: 100 })
const Id = Type.String({ minLength: 1, maxLength: 100 })
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })

/**
 * One referent as PATCH sends it: `{userId, role}` (a council member) or `{actorId, role}` (an actor of
 * the council). One object with both optional, so a body naming both (or neither) is refused by the
 * server with a 400 naming the item, never trimmed to one of them by the validator.
 */
export const ReferentInput = Type.Object(
  { userId: Type.Optional(Id), actorId: Type.Optional(Id), role: Role },
  { additionalProperties: false },
)

/** The follow-up part of PATCH /api/projects/:id (each optional; `referents` replaces the whole list). */
export const FollowupPatch = {
  referents: Type.Optional(Type.Array(ReferentInput, { maxItems: maxReferents })),
  supportKinds: Type.Optional(Type.Array(SupportKind, { maxItems: 5, uniqueItems: true })),
  smallStructure: Type.Optional(Type.Boolean()),
  nextStep: Type.Optional(Type.String({ maxLength: 1000 })),
  nextStepDate: Type.Optional(Nullable(IsoDate)),
}

export const Referent = Type.Object({
  userId: Nullable(Type.String()),
  actorId: Nullable(Type.String()),
  name: Type.String(),
  role: Type.String(),
})

/** The follow-up part of a record's answer. */
export const FollowupRecordFields = {
  referents: Type.Array(Referent),
  supportKinds: Type.Array(SupportKind),
  smallStructure: Type.Boolean(),
  nextStep: Type.String(),
  nextStepDate: Nullable(Type.String()),
}

/** GET /api/followup/me · /users/:id · /actors/:id: the records a person follows, soonest next step first. */
export const FollowedRecords = Type.Object({
  person: Type.Object({
    kind: Type.Union([Type.Literal('user'), Type.Literal('actor')]),
    id: Type.String(),
    name: Type.String(),
    /** A member removed from the council (its page stays readable, it follows nothing any more). */
    removed: Type.Boolean(),
  }),
  /** The server's today (YYYY-MM-DD): a next step before it is overdue. */
  today: Type.String(),
  records: Type.Array(
    Type.Object({
      projectId: Type.String(),
      title: Type.String(),
      status: ProjectStatus,
      role: Type.String(),
      nextStep: Type.String(),
      nextStepDate: Nullable(Type.String()),
      overdue: Type.Boolean(),
      priorityCode: Nullable(Type.String()),
      carrier: Nullable(Type.String()),
    }),
  ),
})

/** GET /api/followup/guarantee: small carriers asking for a guarantee, for the regional fund. */
export const GuaranteeList = Type.Object({
  records: Type.Array(
    Type.Object({
      projectId: Type.String(),
      title: Type.String(),
      carrier: Nullable(Type.Object({ name: Type.String(), type: ActorType })),
      /** The record's estimated budget in euros (the amount to guarantee is part of it), or null. */
      amount: Nullable(Type.Number()),
      priorityCode: Nullable(Type.String()),
      priorityTitle: Nullable(Type.String()),
      status: ProjectStatus,
      riskToSecure: Type.String(),
      nextStep: Type.String(),
      nextStepDate: Nullable(Type.String()),
    }),
  ),
})

export type FollowedRecords = Static<typeof FollowedRecords>
export type GuaranteeList = Static<typeof GuaranteeList>
