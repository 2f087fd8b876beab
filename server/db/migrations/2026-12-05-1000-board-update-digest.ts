import type { Kysely } from 'kysely'

// Each stored batch of a board's log once: a write that timed out but landed after all (its connection
// was reconnecting through a Postgres that was starting up) and its retry hold the same bytes, and the
// second insert of the same digest does nothing. Rows stored before this have no digest (NULLs never
// conflict). Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('board_updates').addColumn('digest', 'bytea').execute()
  await db.schema
    .createIndex('board_updates_board_digest')
    .unique()
    .on('board_updates')
    .columns(['board_id', 'digest'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('board_updates_board_digest').execute()
  await db.schema.alterTable('board_updates').dropColumn('digest').execute()
}
