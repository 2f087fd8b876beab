import { type Static, Type } from 'typebox'
import type { actorTypes, projectStatuses } from '../projects/record.ts'
import type { Same } from './common.ts'

/** The two enumerations that project records and actors share: a record's status, an actor's type. */

// Literal by literal, so the static types stay precise; the lists in shared/ are checked against them.
export const ProjectStatus = Type.Union([
  Type.Literal('candidature'),
  Type.Literal('emerging'),
  Type.Literal('in_instruction'),
  Type.Literal('submitted'),
  Type.Literal('funded'),
  Type.Literal('in_progress'),
  Type.Literal('completed'),
  Type.Literal('evaluated'),
  Type.Literal('abandoned'),
])
const statusesMatch: Same<Static<typeof ProjectStatus>, (typeof projectStatuses)[number]> = true
void statusesMatch

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

export type ProjectStatus = Static<typeof ProjectStatus>
export type ActorType = Static<typeof ActorType>
