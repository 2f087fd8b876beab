import { type Kysely, sql } from 'kysely'
import { column, table } from '../migration-helpers.ts'

// The audit of erasures (a person's request, GDPR article 17, or the retention period): that one
// happened, who asked, when, what kind of person and how much it touched, and never whom: no name, no
// id of the erased person. Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await table
    .ofCouncil(db, 'erasures')
    // The administrator who asked; null for the retention job or the operator's command.
    .addColumn('requested_by', 'text', column.optionalLink('users'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('guest', 'member')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('request', 'retention')`))
    .$call(
      table.required({ people: 'integer', remove_ideas: 'boolean', boards: 'integer', records: 'integer' }),
    )
    .$call(table.createdAt)
    .execute()
  await table.index(db, 'erasures_council', 'erasures', ['council_id', 'created_at'])
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('erasures').execute()
}
