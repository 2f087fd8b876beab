import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, writeSync } from 'node:fs'
import { readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import type { Database } from '../db/schema.ts'
import { appendBoardUpdate } from './board-store.ts'
import { assertSaneUpdate } from './update-guard.ts'

/** The extension of a whole spilled file (a file still being written ends in `.partial`). */
export const SPILL_EXTENSION = '.kbupdates'

/**
 * The last resort of a shutdown during a Postgres outage: the updates a room could not store before
 * the deadline are written to a file of their own in a local folder (board id + one merged Yjs update,
 * synced to disk), and appended to the log when the server starts again (`replayUnstored`). Without
 * it they would die with the process, and only the clients still holding them could send them again.
 */
export function spillUnstored(dir: string, boardId: string, updates: Uint8Array[]): string {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, boardId)
  encoding.writeVarUint8Array(encoder, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates))
  mkdirSync(dir, { recursive: true })
  const name = `${Date.now()}-${crypto.randomUUID()}${SPILL_EXTENSION}`
  const partial = join(dir, `${name}.partial`)
  const fd = openSync(partial, 'w')
  try {
    writeSync(fd, encoding.toUint8Array(encoder))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  // Renamed once whole: a file with the extension is never half written.
  renameSync(partial, join(dir, name))
  return join(dir, name)
}

/**
 * Deletes the spilled files of deleted boards (DELETE /api/workshops/:id, DELETE /api/council): they
 * would otherwise wait forever, since replaying keeps a file whose board the database lacks. Each
 * instance cleans its own folder when it hears of the deletion. Returns the files removed; a file that
 * cannot be read is left alone (replaying reports it).
 */
export async function removeSpilled(dir: string, boardIds: Iterable<string>): Promise<string[]> {
  const deleted = new Set(boardIds)
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(SPILL_EXTENSION))
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const path = join(dir, name)
    try {
      const boardId = decoding.readVarString(decoding.createDecoder(new Uint8Array(await readFile(path))))
      if (!deleted.has(boardId)) continue
      await unlink(path)
      removed.push(path)
    } catch {
      // Unreadable, or already replayed and removed: not ours to judge here.
    }
  }
  return removed
}

/**
 * Appends every spilled file of `dir` to its board's log, then deletes it. A file that cannot be
 * appended now (Postgres error, or a board this database does not have: the folder may have been
 * copied along with another database) stays for the next start. Storing an update again is harmless.
 */
export async function replayUnstored(
  db: Kysely<Database>,
  dir: string,
  log: FastifyBaseLogger,
): Promise<{ replayed: number; kept: number }> {
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(SPILL_EXTENSION))
  } catch {
    return { replayed: 0, kept: 0 }
  }
  let replayed = 0
  for (const name of names.sort()) {
    const path = join(dir, name)
    try {
      const decoder = decoding.createDecoder(new Uint8Array(await readFile(path)))
      const boardId = decoding.readVarString(decoder)
      const update = decoding.readVarUint8Array(decoder)
      assertSaneUpdate(update)
      if ((await appendBoardUpdate(db, boardId, update)) === null) {
        log.warn({ path, boardId }, 'unstored updates for a board this database does not have: file kept')
        continue
      }
      await unlink(path)
      replayed += 1
      log.info({ path, boardId }, 'updates left unstored at the last shutdown are now stored')
    } catch (error) {
      log.error(
        { err: error, path },
        'replaying updates left unstored at the last shutdown failed: file kept',
      )
    }
  }
  return { replayed, kept: names.length - replayed }
}
