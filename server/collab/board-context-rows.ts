import type { Kysely } from 'kysely'
import type { PrivateIdeaRecord } from '../../shared/collab/messages.ts'
import { json } from '../db/connect.ts'
import type { Database } from '../db/schema.ts'
import type { ShapeAuthor } from './board-context.ts'

/**
 * The private side of a board in the database: authorship (`shape_authors`) and private ideas
 * (`private_ideas`). Only these functions touch the two tables for live boards.
 */

/** A private idea with its author, as stored. */
export interface StoredPrivateIdea {
  idea: PrivateIdeaRecord
  author: ShapeAuthor
}

export interface BoardContextRows {
  authors: [shapeId: string, author: ShapeAuthor][]
  privateIdeas: StoredPrivateIdea[]
}

/** Reads a board's authorship and private ideas. */
export async function readBoardContextRows(db: Kysely<Database>, boardId: string): Promise<BoardContextRows> {
  const [authors, ideas] = await Promise.all([
    db
      .selectFrom('shape_authors')
      .select(['shape_id', 'actor_id', 'display_name'])
      .where('board_id', '=', boardId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('private_ideas')
      .select(['id', 'author_id', 'author_name', 'record'])
      .where('board_id', '=', boardId)
      .orderBy('updated_at')
      .execute(),
  ])
  return {
    authors: authors.map((row) => [row.shape_id, { actorId: row.actor_id, displayName: row.display_name }]),
    privateIdeas: ideas.map((row) => ({
      idea: { ...(row.record as PrivateIdeaRecord), id: row.id },
      author: { actorId: row.author_id, displayName: row.author_name },
    })),
  }
}

/** What one write stores: new authorship, private ideas to upsert, private ideas to delete. */
export interface BoardContextChanges {
  authors: [shapeId: string, author: ShapeAuthor][]
  upserts: StoredPrivateIdea[]
  deletes: string[]
}

/** Rows per statement: far below Postgres' 65,535 parameters, and a bounded statement size. */
const CHUNK = 500

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

/**
 * Stores `changes`. Each statement is idempotent (authorship is never overwritten: the first author
 * stands; an upsert sets the idea's latest value; deleting twice is harmless), so a write that failed
 * halfway is simply done again whole. No explicit transaction, as in board-store.ts: single statements
 * cannot be left half-applied by a connection that dies mid-transaction.
 */
export async function writeBoardContextChanges(
  db: Kysely<Database>,
  boardId: string,
  changes: BoardContextChanges,
): Promise<void> {
  for (const part of chunks(changes.authors))
    await db
      .insertInto('shape_authors')
      .values(
        part.map(([shapeId, author]) => ({
          board_id: boardId,
          shape_id: shapeId,
          actor_id: author.actorId,
          display_name: author.displayName,
        })),
      )
      .onConflict((oc) => oc.columns(['board_id', 'shape_id']).doNothing())
      .execute()
  for (const part of chunks(changes.upserts))
    await db
      .insertInto('private_ideas')
      .values(
        part.map(({ idea, author }) => ({
          board_id: boardId,
          id: idea.id,
          author_id: author.actorId,
          author_name: author.displayName,
          record: json(idea as Record<string, unknown>),
        })),
      )
      .onConflict((oc) =>
        oc.columns(['board_id', 'id']).doUpdateSet((eb) => ({
          author_id: eb.ref('excluded.author_id'),
          author_name: eb.ref('excluded.author_name'),
          record: eb.ref('excluded.record'),
          updated_at: new Date(),
        })),
      )
      .execute()
  for (const part of chunks(changes.deletes))
    await db.deleteFrom('private_ideas').where('board_id', '=', boardId).where('id', 'in', part).execute()
}
