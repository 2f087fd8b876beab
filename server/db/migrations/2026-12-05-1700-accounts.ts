import { type Kysely, sql } from 'kysely'

// Accounts an organisation can run: a council has administrators (its first account, then whoever an
// administrator names), a removed member keeps its row (what it created still names it) but can no
// longer sign in, and an administrator can issue a one-time password reset link.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member').check(sql`role in ('admin', 'member')`))
    .execute()
  await db.schema.alterTable('users').addColumn('removed_at', 'timestamptz').execute()
  // Existing councils: their oldest account administers them.
  await sql`
    update users set role = 'admin'
    where id in (
      select distinct on (council_id) id from users order by council_id, created_at, id
    )`.execute(db)

  // A reset link's token is stored as its SHA-256 only, like sessions; single use, short-lived.
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('password_resets_user').on('password_resets').columns(['user_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_resets').execute()
  await db.schema.alterTable('users').dropColumn('removed_at').execute()
  await db.schema.alterTable('users').dropColumn('role').execute()
}
