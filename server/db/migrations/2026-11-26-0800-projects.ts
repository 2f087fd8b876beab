import { type Kysely, sql } from 'kysely'

// Project records (fiches-projets), actors, their history, and the board snapshots kept at conversion.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per conversion of a workshop: the final board as it was, and the ideas left outside
  // every cluster grouped by zone, so nothing the room wrote is lost.
  await db.schema
    .createTable('board_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('board_id', 'text', (c) => c.notNull())
    .addColumn('records', 'jsonb', (c) => c.notNull())
    .addColumn('votes', 'jsonb', (c) => c.notNull())
    .addColumn('yjs_state', 'bytea', (c) => c.notNull())
    .addColumn('loose_ideas', 'jsonb', (c) => c.notNull())
    .addColumn('converted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('board_snapshots_workshop')
    .on('board_snapshots')
    .columns(['workshop_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('council_id', 'text', (c) => c.notNull().references('councils.id').onDelete('cascade'))
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
    .addColumn('cluster_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('priority_code', 'text')
    .addColumn('action_code', 'text')
    .addColumn('objectives', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('expected_outcomes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('budget_cents', 'int8', (c) => c.check(sql`budget_cents >= 0`))
    .addColumn('funding_sources', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // ISO dates as text: both drivers return them unchanged (a `date` column comes back as a Date in
    // the server's time zone on one driver), and YYYY-MM-DD compares correctly as text.
    .addColumn('schedule_start', 'text')
    .addColumn('schedule_end', 'text')
    .addColumn('indicators', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('emerging')
        .check(sql`status in ('emerging', 'in_instruction', 'submitted', 'funded', 'abandoned')`),
    )
    .addColumn('support_needed', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('risk_to_secure', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('evaluation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('provenance', 'jsonb', (c) => c.notNull())
    .addColumn('edited_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('cluster_missing', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('needs_priority', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('snapshot_id', 'text', (c) => c.references('board_snapshots.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The backstop against duplicates: one record per cluster of a workshop, whatever races happen.
    .addUniqueConstraint('projects_workshop_cluster', ['workshop_id', 'cluster_id'])
    .execute()
  await db.schema
    .createIndex('projects_council')
    .on('projects')
    .columns(['council_id', 'contract_id'])
    .execute()

  await db.schema
    .createTable('actors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('council_id', 'text', (c) => c.notNull().references('councils.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('normalised_name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(sql`type in ('collectivite', 'association', 'entreprise', 'ess', 'citoyen', 'etat', 'autre')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('actors_council_name', ['council_id', 'normalised_name'])
    .execute()

  await db.schema
    .createTable('project_actors')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('carrier', 'partner')`))
    .addColumn('partner_role', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('project_actors_pk', ['project_id', 'actor_id', 'role'])
    .execute()
  await db.schema.createIndex('project_actors_actor').on('project_actors').column('actor_id').execute()
  // One carrier per project.
  await sql`create unique index project_actors_one_carrier on project_actors (project_id) where role = 'carrier'`.execute(
    db,
  )

  await db.schema
    .createTable('project_history')
    .addColumn('id', 'int8', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('edit', 'conversion')`))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'jsonb')
    .addColumn('new_value', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('project_history_project')
    .on('project_history')
    .columns(['project_id', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['project_history', 'project_actors', 'actors', 'projects', 'board_snapshots']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
