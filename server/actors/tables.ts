import type { ColumnType, Generated, Selectable } from 'kysely'
import type { ActorType } from '../../shared/projects/record.ts'

type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>

/** Tables of actors and their links to project records, as Kysely sees them (see db/schema.ts). */

export interface ActorTable {
  id: string
  council_id: string
  name: string
  /** See normaliseActorName: unique per council. */
  normalised_name: string
  type: ActorType
  created_at: CreatedAt
}

export interface ProjectActorTable {
  project_id: string
  actor_id: string
  role: 'carrier' | 'partner'
  partner_role: Generated<string>
  position: Generated<number>
}

export type ActorRow = Selectable<ActorTable>
