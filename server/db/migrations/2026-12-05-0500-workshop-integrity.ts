import { type Kysely, sql } from 'kysely'
import { column, table } from '../migration-helpers.ts'

// Workshop integrity (board format v2): what the shared board document must not carry lives here,
// kept by the server. Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // The ballot: each person's dots per target (idea or cluster). Participants never read others' rows;
  // totals are published into the board only once the facilitator reveals them.
  await db.schema
    .createTable('board_votes')
    .addColumn('board_id', 'text', column.belongsTo('boards'))
    .$call(table.required({ actor_id: 'text', target_id: 'text' }))
    .addColumn('dots', 'integer', (c) => c.notNull().check(sql`dots > 0`))
    .addColumn('updated_at', 'timestamptz', column.now)
    .addPrimaryKeyConstraint('board_votes_pkey', ['board_id', 'actor_id', 'target_id'])
    .execute()

  // Who created each idea and cluster, as the server saw it: rights (own ideas), anonymous workshops
  // (the document carries no author), erasure and the contributor list at conversion.
  await db.schema
    .createTable('shape_authors')
    .addColumn('board_id', 'text', column.belongsTo('boards'))
    .$call(table.required({ shape_id: 'text', actor_id: 'text', display_name: 'text' }))
    .$call(table.createdAt)
    .addPrimaryKeyConstraint('shape_authors_pkey', ['board_id', 'shape_id'])
    .execute()
  await table.index(db, 'shape_authors_actor', 'shape_authors', ['actor_id'])

  // Silent writing: ideas visible to their author and the facilitators only, until the reveal moves
  // them into the board.
  await db.schema
    .createTable('private_ideas')
    .addColumn('board_id', 'text', column.belongsTo('boards'))
    .$call(table.required({ id: 'text', author_id: 'text', author_name: 'text', record: 'jsonb' }))
    .addColumn('updated_at', 'timestamptz', column.now)
    .addPrimaryKeyConstraint('private_ideas_pkey', ['board_id', 'id'])
    .execute()

  // Images uploaded to a board (PNG, JPEG, WebP): nothing on a board loads from outside the server.
  await table
    .withId(db, 'board_assets')
    .addColumn('board_id', 'text', column.belongsTo('boards'))
    .$call(table.required({ mime_type: 'text', bytes: 'bytea', size: 'integer', created_by: 'text' }))
    .$call(table.createdAt)
    .execute()
  await table.index(db, 'board_assets_board', 'board_assets', ['board_id'])

  // A guest the facilitator removed keeps its row (attendance) but no session.
  await db.schema.alterTable('guests').addColumn('removed_at', 'timestamptz').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('guests').dropColumn('removed_at').execute()
  await db.schema.dropTable('board_assets').execute()
  await db.schema.dropTable('private_ideas').execute()
  await db.schema.dropTable('shape_authors').execute()
  await db.schema.dropTable('board_votes').execute()
}
