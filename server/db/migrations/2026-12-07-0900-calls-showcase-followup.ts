import { type Kysely, sql } from 'kysely'
import { column, table } from '../migration-helpers.ts'

// Beyond the workshop (issue 15): calls for projects and their applications, a public showcase of
// chosen records, referents who follow records in pairs, structured support, and evaluation after
// funding. One migration for the whole data model, so the features built on it share one shape:
// - a council gets a `slug` for its public pages;
// - `calls` belong to a council's contract; an application is a project record (status
//   `candidature`) that points to its call, keeps the carrier's answers, the hash of its private edit
//   token, and the council's review;
// - a record gains publication (a switch and the fields shown), structured support, a next step, a
//   three-part qualitative evaluation and the statuses after funding;
// - `project_referents` names the council members and partner actors who follow a record.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('councils').addColumn('slug', 'text').execute()
  const councils = await sql<{
    id: string
    name: string
  }>`select id, name from councils order by created_at, id`.execute(db)
  const taken = new Set<string>()
  for (const council of councils.rows) {
    const slug = uniqueSlug(council.name, taken)
    taken.add(slug)
    await sql`update councils set slug = ${slug} where id = ${council.id}`.execute(db)
  }
  await sql`create unique index councils_slug on councils (slug)`.execute(db)

  await table
    .ofCouncil(db, 'calls')
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('restrict'))
    .addColumn('title', 'text', column.required)
    .addColumn('description', 'text', column.emptyText)
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('call', 'ami')`))
    .addColumn('priority_codes', 'jsonb', column.emptyList)
    .addColumn('action_codes', 'jsonb', column.emptyList)
    .$call(table.required({ opens_at: 'timestamptz', closes_at: 'timestamptz' }))
    // [{id, label, type: 'short' | 'long' | 'number' | 'choice', column.required, choices?}]
    .addColumn('questions', 'jsonb', column.emptyList)
    // The review grid: [{id, label, weight}], each scored 0 to 5.
    .addColumn('criteria', 'jsonb', column.emptyList)
    .addColumn('created_by', 'text', column.optionalLink('users'))
    .$call(table.createdAt)
    .addColumn('updated_at', 'timestamptz', column.now)
    .addCheckConstraint('calls_dates', sql`closes_at > opens_at`)
    .execute()
  await table.index(db, 'calls_council', 'calls', ['council_id', 'closes_at'])
  await table.index(db, 'calls_closes', 'calls', ['closes_at'])

  await sql`alter table projects drop constraint projects_status_check`.execute(db)
  await sql`alter table projects add constraint projects_status_check check (status in
    ('candidature', 'emerging', 'in_instruction', 'submitted', 'funded', 'in_progress', 'completed',
     'evaluated', 'abandoned'))`.execute(db)
  await db.schema
    .alterTable('projects')
    .addColumn('call_id', 'text', (c) => c.references('calls.id').onDelete('restrict'))
    // The carrier's application: {answers, contact: {email}, carrierKind, submittedAt, updatedAt}.
    .addColumn('application', 'jsonb')
    // SHA-256 of the private link's token that lets the carrier edit until the call closes.
    .addColumn('application_token_hash', 'text')
    // The council's review: {scores: {criterionId: 0..5}, decision, reason, reviewedAt, reviewedBy}.
    .addColumn('review', 'jsonb')
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    // The fields a published record shows (title, priority, status always; see showcase).
    .addColumn('public_fields', 'jsonb', column.emptyList)
    // Kinds of support asked: engineering, funding, guarantee, partners, premises.
    .addColumn('support_kinds', 'jsonb', column.emptyList)
    // The carrier is a small structure (for the guarantee-fund relay).
    .addColumn('small_structure', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('next_step', 'text', column.emptyText)
    .addColumn('next_step_date', 'text')
    .addColumn('evaluation_worked', 'text', column.emptyText)
    .addColumn('evaluation_not_worked', 'text', column.emptyText)
    .addColumn('evaluation_lessons', 'text', column.emptyText)
    .execute()
  await sql`create unique index projects_application_token on projects (application_token_hash)
    where application_token_hash is not null`.execute(db)
  await sql`create index projects_call on projects (call_id) where call_id is not null`.execute(db)
  await sql`create index projects_published on projects (council_id) where published`.execute(db)

  await table
    .withId(db, 'project_referents')
    .addColumn('project_id', 'text', column.belongsTo('projects'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.references('actors.id').onDelete('restrict'))
    .addColumn('role', 'text', column.emptyText)
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(table.createdAt)
    .addCheckConstraint('project_referents_one_kind', sql`(user_id is null) <> (actor_id is null)`)
    .execute()
  await sql`create unique index project_referents_user on project_referents (project_id, user_id)
    where user_id is not null`.execute(db)
  await sql`create unique index project_referents_actor on project_referents (project_id, actor_id)
    where actor_id is not null`.execute(db)
  await table.index(db, 'project_referents_by_user', 'project_referents', ['user_id'])
  await table.index(db, 'project_referents_by_actor', 'project_referents', ['actor_id'])
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('project_referents').execute()
  await sql`delete from projects where call_id is not null`.execute(db)
  await sql`update projects set status = 'funded' where status in ('in_progress', 'completed', 'evaluated')`.execute(
    db,
  )
  await sql`update projects set status = 'emerging' where status = 'candidature'`.execute(db)
  for (const column of [
    'call_id',
    'application',
    'application_token_hash',
    'review',
    'published',
    'public_fields',
    'support_kinds',
    'small_structure',
    'next_step',
    'next_step_date',
    'evaluation_worked',
    'evaluation_not_worked',
    'evaluation_lessons',
  ])
    await db.schema.alterTable('projects').dropColumn(column).execute()
  await sql`alter table projects drop constraint projects_status_check`.execute(db)
  await sql`alter table projects add constraint projects_status_check check (status in
    ('emerging', 'in_instruction', 'submitted', 'funded', 'abandoned'))`.execute(db)
  await db.schema.dropTable('calls').execute()
  await db.schema.alterTable('councils').dropColumn('slug').execute()
}

/** A council's name as a URL part (lower-case ASCII words joined by '-'), made unique with a number. */
function uniqueSlug(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'conseil'
  let slug = base
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`
  return slug
}
