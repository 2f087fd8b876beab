import { type Kysely, sql } from 'kysely'

// Workshop integrity (board format v2): what the shared board document must not carry lives here,
// kept by the server. Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // The ballot: each person's dots per target (idea or cluster). Participants never read others' rows;
  // totals are published into the board only once the facilitator reveals them.
  await db.schema
    .createTable('board_votes')
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('dots', 'integer', (c) => c.notNull().check(sql`dots > 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('board_votes_pkey', ['board_id', 'actor_id', 'target_id'])
    .execute()

  // Who created each idea and cluster, as the server saw it: rights (own ideas), anonymous workshops
  // (the document carries no author), erasure and the contributor list at conversion.
  await db.schema
    .createTable('shape_authors')
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('shape_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('shape_authors_pkey', ['board_id', 'shape_id'])
    .execute()
  await db.schema.createIndex('shape_authors_actor').on('shape_authors').columns(['actor_id']).execute()

  // Silent writing: ideas visible to their author and the facilitators only, until the reveal moves
  // them into the board.
  await db.schema
    .createTable('private_ideas')
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('private_ideas_pkey', ['board_id', 'id'])
    .execute()

  // Images uploaded to a board (PNG, JPEG, WebP): nothing on a board loads from outside the server.
  await db.schema
    .createTable('board_assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('board_assets_board').on('board_assets').columns(['board_id']).execute()

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
