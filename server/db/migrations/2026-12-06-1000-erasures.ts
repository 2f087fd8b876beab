import { type Kysely, sql } from 'kysely'

// The audit of erasures (a person's request, GDPR article 17, or the retention period): that one
// happened, who asked, when, what kind of person and how much it touched, and never whom: no name, no
// id of the erased person. Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('erasures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('council_id', 'text', (c) => c.notNull().references('councils.id').onDelete('cascade'))
    // The administrator who asked; null for the retention job or the operator's command.
    .addColumn('requested_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('guest', 'member')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('request', 'retention')`))
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('remove_ideas', 'boolean', (c) => c.notNull())
    .addColumn('boards', 'integer', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('erasures_council')
    .on('erasures')
    .columns(['council_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('erasures').execute()
}
