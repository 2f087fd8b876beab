import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { ImageMimeType } from './image-kind.ts'

/** An image uploaded to a board, as served back. */
export interface StoredAsset {
  mimeType: string
  bytes: Uint8Array
}

/** Stores an uploaded image of `boardId` under a new id and returns the id. */
export async function insertAsset(
  db: Kysely<Database>,
  asset: { boardId: string; mimeType: ImageMimeType; bytes: Uint8Array; createdBy: string },
): Promise<string> {
  const id = crypto.randomUUID()
  await db
    .insertInto('board_assets')
    .values({
      id,
      board_id: asset.boardId,
      mime_type: asset.mimeType,
      bytes: asset.bytes,
      size: asset.bytes.byteLength,
      created_by: asset.createdBy,
    })
    .execute()
  return id
}

/** The image `assetId` of `boardId`; undefined when it does not exist or belongs to another board. */
export async function findAsset(
  db: Kysely<Database>,
  boardId: string,
  assetId: string,
): Promise<StoredAsset | undefined> {
  const row = await db
    .selectFrom('board_assets')
    .select(['mime_type', 'bytes'])
    .where('id', '=', assetId)
    .where('board_id', '=', boardId)
    .executeTakeFirst()
  // postgres.js answers a Buffer, PGlite a Uint8Array: both are Uint8Array.
  return row && { mimeType: row.mime_type, bytes: row.bytes }
}
