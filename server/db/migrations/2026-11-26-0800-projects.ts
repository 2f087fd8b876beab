import { type Kysely, sql } from 'kysely'
import { column, table } from '../migration-helpers.ts'

// Project records (fiches-projets), actors, their history, and the board snapshots kept at conversion.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per conversion of a workshop: the final board as it was, and the ideas left outside
  // every cluster grouped by zone, so nothing the room wrote is lost.
  await table
    .withId(db, 'board_snapshots')
    .addColumn('workshop_id', 'text', column.belongsTo('workshops'))
    .$call(
      table.required({
        board_id: 'text',
        records: 'jsonb',
        votes: 'jsonb',
        yjs_state: 'bytea',
        loose_ideas: 'jsonb',
      }),
    )
    .addColumn('converted_by', 'text', column.optionalLink('users'))
    .$call(table.createdAt)
    .execute()
  await table.index(db, 'board_snapshots_workshop', 'board_snapshots', ['workshop_id', 'created_at'])

  await table
    .ofCouncil(db, 'projects')
    .addColumn('workshop_id', 'text', column.belongsTo('workshops'))
    .addColumn('contract_id', 'text', column.belongsTo('contracts'))
    .$call(table.required({ cluster_id: 'text', title: 'text' }))
    .addColumn('summary', 'text', column.emptyText)
    .addColumn('priority_code', 'text')
    .addColumn('action_code', 'text')
    .addColumn('objectives', 'text', column.emptyText)
    .addColumn('expected_outcomes', 'text', column.emptyText)
    .addColumn('budget_cents', 'int8', (c) => c.check(sql`budget_cents >= 0`))
    .addColumn('funding_sources', 'jsonb', column.emptyList)
    // ISO dates as text: both drivers return them unchanged (a `date` column comes back as a Date in
    // the server's time zone on one driver), and YYYY-MM-DD compares correctly as text.
    .addColumn('schedule_start', 'text')
    .addColumn('schedule_end', 'text')
    .addColumn('indicators', 'jsonb', column.emptyList)
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('emerging')
        .check(sql`status in ('emerging', 'in_instruction', 'submitted', 'funded', 'abandoned')`),
    )
    .addColumn('support_needed', 'text', column.emptyText)
    .addColumn('risk_to_secure', 'text', column.emptyText)
    .addColumn('evaluation', 'text', column.emptyText)
    .addColumn('provenance', 'jsonb', column.required)
    .addColumn('edited_fields', 'jsonb', column.emptyList)
    .addColumn('cluster_missing', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('needs_priority', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('snapshot_id', 'text', column.optionalLink('board_snapshots'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .$call(table.createdAt)
    .addColumn('updated_at', 'timestamptz', column.now)
    // The backstop against duplicates: one record per cluster of a workshop, whatever races happen.
    .addUniqueConstraint('projects_workshop_cluster', ['workshop_id', 'cluster_id'])
    .execute()
  await table.index(db, 'projects_council', 'projects', ['council_id', 'contract_id'])

  await table
    .ofCouncil(db, 'actors')
    .$call(table.required({ name: 'text', normalised_name: 'text' }))
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(sql`type in ('collectivite', 'association', 'entreprise', 'ess', 'citoyen', 'etat', 'autre')`),
    )
    .$call(table.createdAt)
    .addUniqueConstraint('actors_council_name', ['council_id', 'normalised_name'])
    .execute()

  await db.schema
    .createTable('project_actors')
    .addColumn('project_id', 'text', column.belongsTo('projects'))
    .addColumn('actor_id', 'text', column.belongsTo('actors'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('carrier', 'partner')`))
    .addColumn('partner_role', 'text', column.emptyText)
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('project_actors_pk', ['project_id', 'actor_id', 'role'])
    .execute()
  await table.index(db, 'project_actors_actor', 'project_actors', ['actor_id'])
  // One carrier per project.
  await sql`create unique index project_actors_one_carrier on project_actors (project_id) where role = 'carrier'`.execute(
    db,
  )

  await db.schema
    .createTable('project_history')
    .addColumn('id', 'int8', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('project_id', 'text', column.belongsTo('projects'))
    .addColumn('user_id', 'text', column.optionalLink('users'))
    .addColumn('user_name', 'text', column.required)
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('edit', 'conversion')`))
    .addColumn('field', 'text', column.required)
    .addColumn('old_value', 'jsonb')
    .addColumn('new_value', 'jsonb')
    .addColumn('at', 'timestamptz', column.now)
    .execute()
  await table.index(db, 'project_history_project', 'project_history', ['project_id', 'id'])
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['project_history', 'project_actors', 'actors', 'projects', 'board_snapshots']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
