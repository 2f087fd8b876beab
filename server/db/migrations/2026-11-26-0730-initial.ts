import { type Kysely, sql } from 'kysely'
import { column, table } from '../migration-helpers.ts'

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await table
    .withId(db, 'councils')
    .addColumn('name', 'text', column.required)
    .$call(table.createdAt)
    .execute()

  await table
    .ofCouncil(db, 'users')
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .$call(table.required({ display_name: 'text', password_hash: 'text' }))
    .$call(table.createdAt)
    .execute()

  await table
    .ofCouncil(db, 'contracts')
    .$call(table.required({ title: 'text', territory: 'text', period: 'text', priorities: 'jsonb' }))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .$call(table.createdAt)
    .execute()
  await table.index(db, 'contracts_council', 'contracts', ['council_id'])

  await table
    .ofCouncil(db, 'workshops')
    .addColumn('contract_id', 'text', column.belongsTo('contracts'))
    .$call(table.required({ title: 'text', start_zones: 'jsonb' }))
    .addColumn('phase', 'text', (c) => c.notNull().defaultTo('ideation'))
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('state', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('join_code', 'text', (c) => c.unique())
    .addColumn('observer_code', 'text', (c) => c.unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .$call(table.createdAt)
    .addColumn('closed_at', 'timestamptz')
    .execute()
  await table.index(db, 'workshops_council', 'workshops', ['council_id'])

  await db.schema
    .createTable('workshop_facilitators')
    .addColumn('workshop_id', 'text', column.belongsTo('workshops'))
    .addColumn('user_id', 'text', column.belongsTo('users'))
    .addPrimaryKeyConstraint('workshop_facilitators_pk', ['workshop_id', 'user_id'])
    .execute()

  await table
    .withId(db, 'guests')
    .addColumn('workshop_id', 'text', column.belongsTo('workshops'))
    .$call(table.required({ display_name: 'text', role: 'text', code: 'text' }))
    .$call(table.createdAt)
    .execute()
  await table.index(db, 'guests_workshop', 'guests', ['workshop_id', 'code'])

  await table
    .withId(db, 'sessions')
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('guest_id', 'text', (c) => c.references('guests.id').onDelete('cascade'))
    .$call(table.createdAt)
    .addColumn('expires_at', 'timestamptz', column.required)
    .addCheckConstraint('sessions_one_owner', sql`(user_id is null) <> (guest_id is null)`)
    .execute()
  await table.index(db, 'sessions_user', 'sessions', ['user_id'])
  await table.index(db, 'sessions_guest', 'sessions', ['guest_id'])

  await table
    .ofCouncil(db, 'council_invites')
    .addColumn('created_by', 'text', column.belongsTo('users'))
    .$call(table.createdAt)
    .addColumn('expires_at', 'timestamptz', column.required)
    .addColumn('used_by', 'text', column.optionalLink('users'))
    .execute()

  await table
    .withId(db, 'boards')
    .addColumn('workshop_id', 'text', (c) =>
      c.notNull().unique().references('workshops.id').onDelete('cascade'),
    )
    .addColumn('snapshot', 'bytea')
    .addColumn('snapshot_update_id', 'int8', (c) => c.notNull().defaultTo(0))
    .$call(table.createdAt)
    .addColumn('updated_at', 'timestamptz', column.now)
    .execute()

  await db.schema
    .createTable('board_updates')
    .addColumn('id', 'int8', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('board_id', 'text', column.belongsTo('boards'))
    .addColumn('data', 'bytea', column.required)
    .$call(table.createdAt)
    .execute()
  await table.index(db, 'board_updates_board', 'board_updates', ['board_id', 'id'])
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'board_updates',
    'boards',
    'council_invites',
    'sessions',
    'guests',
    'workshop_facilitators',
    'workshops',
    'contracts',
    'users',
    'councils',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
