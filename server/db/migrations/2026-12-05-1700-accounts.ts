import { type Kysely, sql } from 'kysely'
import { column, table } from '../migration-helpers.ts'

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
  await table
    .withId(db, 'password_resets')
    .addColumn('user_id', 'text', column.belongsTo('users'))
    .addColumn('created_by', 'text', column.optionalLink('users'))
    .$call(table.createdAt)
    .addColumn('expires_at', 'timestamptz', column.required)
    .addColumn('used_at', 'timestamptz')
    .execute()
  await table.index(db, 'password_resets_user', 'password_resets', ['user_id'])
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_resets').execute()
  await db.schema.alterTable('users').dropColumn('removed_at').execute()
  await db.schema.alterTable('users').dropColumn('role').execute()
}
