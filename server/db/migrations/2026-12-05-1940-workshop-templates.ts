import type { Kysely } from 'kysely'
import { column, table } from '../migration-helpers.ts'

// Workshop templates (issue 16): a council's saved workshop layouts (zones, annotations, agenda,
// settings) as one jsonb document each. Built-in templates are data files, not rows. A template
// outlives the workshop it was saved from and the account that saved it (both links set to null).
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await table
    .ofCouncil(db, 'workshop_templates')
    .addColumn('title', 'text', column.required)
    .addColumn('description', 'text', column.emptyText)
    .addColumn('lang', 'text')
    .addColumn('content', 'jsonb', column.required)
    .addColumn('source_workshop_id', 'text', column.optionalLink('workshops'))
    .addColumn('created_by', 'text', column.optionalLink('users'))
    .$call(table.createdAt)
    .execute()
  await table.index(db, 'workshop_templates_council', 'workshop_templates', ['council_id', 'created_at'])
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('workshop_templates').execute()
}
