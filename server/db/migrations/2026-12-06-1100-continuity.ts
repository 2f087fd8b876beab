import { type Kysely, sql } from 'kysely'
import { column, table } from '../migration-helpers.ts'

// Continuity across workshops (issue 16). The ideas of a converted workshop become rows, so that the
// ideas of earlier workshops can be found by trigram similarity (pg_trgm and btree_gin, one GIN index) while someone
// writes a new one, and those left outside clusters ("idées en attente") can be listed and brought onto
// a later board. Filled at each conversion (continuity/archive.ts); backfilled here from what earlier
// conversions kept: project provenance (ideas in a cluster) and the latest snapshot's loose ideas.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)
  await sql`create extension if not exists btree_gin`.execute(db)
  await table
    .ofCouncil(db, 'archived_ideas')
    .addColumn('contract_id', 'text', column.belongsTo('contracts'))
    .addColumn('workshop_id', 'text', column.belongsTo('workshops'))
    .$call(table.required({ shape_id: 'text', text: 'text' }))
    .addColumn('priority_code', 'text')
    .addColumn('action_code', 'text')
    // True for an idea left outside every cluster at conversion.
    .addColumn('loose', 'boolean', column.required)
    .addColumn('project_id', 'text', column.optionalLink('projects'))
    .addColumn('converted_at', 'timestamptz', column.required)
    // The later workshop a facilitator brought this waiting idea onto.
    .addColumn('carried_to', 'text', column.optionalLink('workshops'))
    .addColumn('carried_at', 'timestamptz')
    .addUniqueConstraint('archived_ideas_workshop_shape', ['workshop_id', 'shape_id'])
    .execute()
  // One GIN index for the whole suggestion query: the scope by equality (btree_gin) and the text by
  // trigrams. With a separate btree on the scope, Postgres picks it and checks every idea of the
  // contract's workshops one by one.
  await sql`create index archived_ideas_similar on archived_ideas
    using gin (council_id, contract_id, text gin_trgm_ops)`.execute(db)

  // A card of a live board linked by its author to an idea of an earlier workshop.
  await db.schema
    .createTable('idea_links')
    .addColumn('board_id', 'text', column.belongsTo('boards'))
    .addColumn('shape_id', 'text', column.required)
    .addColumn('archived_idea_id', 'text', (c) =>
      c.notNull().references('archived_ideas.id').onDelete('cascade'),
    )
    .addColumn('linked_by', 'text', column.required)
    .$call(table.createdAt)
    .addPrimaryKeyConstraint('idea_links_pk', ['board_id', 'shape_id'])
    .execute()
  await table.index(db, 'idea_links_archived', 'idea_links', ['archived_idea_id'])

  await sql`
    insert into archived_ideas
      (id, council_id, contract_id, workshop_id, shape_id, text, priority_code, action_code, loose,
       project_id, converted_at)
    select gen_random_uuid()::text, p.council_id, p.contract_id, p.workshop_id, i->>'id', i->>'text',
      p.priority_code, p.action_code, false, p.id, p.updated_at
    from projects p cross join lateral jsonb_array_elements(p.provenance->'ideas') i
    where p.workshop_id is not null and not p.cluster_missing and length(coalesce(i->>'text', '')) > 0
    on conflict (workshop_id, shape_id) do nothing`.execute(db)
  await sql`
    insert into archived_ideas
      (id, council_id, contract_id, workshop_id, shape_id, text, priority_code, action_code, loose,
       project_id, converted_at)
    select gen_random_uuid()::text, w.council_id, w.contract_id, s.workshop_id, i->>'id', i->>'text',
      z->>'priorityCode', nullif(z->>'actionCode', ''), true, null, s.created_at
    from (select distinct on (workshop_id) * from board_snapshots order by workshop_id, created_at desc) s
    join workshops w on w.id = s.workshop_id
    cross join lateral jsonb_array_elements(s.loose_ideas->'zones') z
    cross join lateral jsonb_array_elements(z->'ideas') i
    where length(coalesce(i->>'text', '')) > 0
    on conflict (workshop_id, shape_id) do nothing`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idea_links').ifExists().execute()
  await db.schema.dropTable('archived_ideas').ifExists().execute()
}
