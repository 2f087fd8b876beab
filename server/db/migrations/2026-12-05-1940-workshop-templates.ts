import { type Kysely, sql } from 'kysely'

// Workshop templates (issue 16): a council's saved workshop layouts (zones, annotations, agenda,
// settings) as one jsonb document each. Built-in templates are data files, not rows. A template
// outlives the workshop it was saved from and the account that saved it (both links set to null).
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workshop_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('council_id', 'text', (c) => c.notNull().references('councils.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lang', 'text')
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('source_workshop_id', 'text', (c) => c.references('workshops.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('workshop_templates_council')
    .on('workshop_templates')
    .columns(['council_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('workshop_templates').execute()
}
