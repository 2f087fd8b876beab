import { type Kysely, sql } from 'kysely'

// Deleting things (issue 14). The council's project records outlive the workshop they came from: a
// record's workshop link becomes nullable, and the delete command empties it (with the provenance's
// copy of it) before the workshop goes. The links that used to cascade into records or into whatever
// depends on them now refuse instead (RESTRICT): deleting a contract, a workshop or an actor that
// records still use fails in the database itself rather than silently taking the records with it; the
// commands answer 409 before it comes to that.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table projects alter column workshop_id drop not null`.execute(db)
  await replaceForeignKey(db, 'projects', 'workshop_id', 'workshops', 'restrict')
  await replaceForeignKey(db, 'projects', 'contract_id', 'contracts', 'restrict')
  await replaceForeignKey(db, 'workshops', 'contract_id', 'contracts', 'restrict')
  await replaceForeignKey(db, 'project_actors', 'actor_id', 'actors', 'restrict')
}

export async function down(db: Kysely<any>): Promise<void> {
  await replaceForeignKey(db, 'project_actors', 'actor_id', 'actors', 'cascade')
  await replaceForeignKey(db, 'workshops', 'contract_id', 'contracts', 'cascade')
  await replaceForeignKey(db, 'projects', 'contract_id', 'contracts', 'cascade')
  await replaceForeignKey(db, 'projects', 'workshop_id', 'workshops', 'cascade')
  await sql`delete from projects where workshop_id is null`.execute(db)
  await sql`alter table projects alter column workshop_id set not null`.execute(db)
}

/** Drops `table`'s foreign key on `column` (Postgres' default name) and adds it back with `onDelete`. */
async function replaceForeignKey(
  db: Kysely<any>,
  table: string,
  column: string,
  references: string,
  onDelete: 'restrict' | 'cascade',
): Promise<void> {
  const name = `${table}_${column}_fkey`
  await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(name)}`.execute(db)
  await sql`alter table ${sql.table(table)} add constraint ${sql.ref(name)} foreign key (${sql.ref(column)})
    references ${sql.table(references)} (id) on delete ${sql.raw(onDelete)}`.execute(db)
}
