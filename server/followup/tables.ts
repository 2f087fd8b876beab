import type { ColumnType, Generated, Selectable } from 'kysely'

/** Who follows a project record: a council member or a partner actor, with a role (see db/schema.ts). */
export interface ProjectReferentTable {
  id: string
  project_id: string
  /** Exactly one of user_id and actor_id is set (checked by the table). */
  user_id: string | null
  actor_id: string | null
  role: Generated<string>
  position: Generated<number>
  created_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export type ProjectReferentRow = Selectable<ProjectReferentTable>
