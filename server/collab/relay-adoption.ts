import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../db/schema.ts'
import { applyStored } from './board-loader.ts'
import { readInTime, readStoredBoard, type StoredBoard } from './board-store.ts'
import type { Room } from './room.ts'

const running = new WeakMap<Room, Promise<number>>()
/** When the last check of a room failed (performance.now()). */
const failedAt = new WeakMap<Room, number>()
/** How many updates the running check of a room took out of its holdings. */
const checking = new WeakMap<Room, number>()

/** Relayed updates of `room` being checked against the log now (out of `room.relayed` meanwhile). */
export function relaysBeingChecked(room: Room): number {
  return checking.get(room) ?? 0
}

/**
 * Stores on this instance the relayed updates of a room that their accepting instance has not
 * confirmed storing within `graceMs` (it most likely died in between: see relayed-updates.ts).
 *
 * Each one is first checked against the log, so that an update stored after all (its confirmation lost
 * in a Redis restart, or still on its way) is not stored a second time. The check errs on the side of
 * storing: an update stored twice is harmless (Yjs applies it as once), one never stored is lost. When
 * the log cannot be read (Postgres away), the updates are kept, and the next check waits `graceMs`
 * after the failure: the instances that accepted them are retrying their own writes meanwhile (with a
 * backoff of at most 2 s), and their confirmations then make the check unnecessary. One run at a time
 * per room; resolves with how many updates were handed to the room's log.
 */
export function adoptUnconfirmedRelays(db: Kysely<Database>, room: Room, graceMs: number): Promise<number> {
  const current = running.get(room)
  if (current) return current
  if (performance.now() - (failedAt.get(room) ?? Number.NEGATIVE_INFINITY) < graceMs)
    return Promise.resolve(0)
  const candidates = room.relayed.takeReceivedBefore(performance.now() - graceMs)
  if (candidates.length === 0) return Promise.resolve(0)
  checking.set(room, candidates.length)
  const run = (async () => {
    try {
      const stored = await readInTime(readStoredBoard(db, room.boardId), 'the board')
      if (room.destroyed) return 0
      const missing = stored ? missingFromStored(stored, candidates) : candidates
      if (missing.length > 0) {
        room.storeOnBehalf(missing)
        room.log.warn(
          { adopted: missing.length, unconfirmed: candidates.length },
          'relayed updates never confirmed as stored by their instance: stored here',
        )
      }
      return missing.length
    } catch (error) {
      failedAt.set(room, performance.now())
      room.relayed.putBack(candidates)
      room.log.warn(
        { err: error, unconfirmed: candidates.length },
        'checking relayed updates failed; will retry',
      )
      return 0
    } finally {
      running.delete(room)
      checking.delete(room)
    }
  })()
  running.set(room, run)
  return run
}

/**
 * The updates, among `updates`, that would change the board as stored: applied one after the other on
 * top of the stored board, those that change something or wait for something the board lacks.
 */
export function missingFromStored(stored: StoredBoard, updates: Uint8Array[]): Uint8Array[] {
  const doc = new Y.Doc()
  try {
    if (stored.snapshot) applyStored(doc, stored.snapshot)
    for (const row of stored.updates) applyStored(doc, row.data)
    let changed = false
    doc.on('update', () => {
      changed = true
    })
    return updates.filter((update) => {
      changed = false
      applyStored(doc, update)
      // Once something waits for missing content, every later update counts as missing (store more).
      return changed || doc.store.pendingStructs !== null || doc.store.pendingDs !== null
    })
  } finally {
    doc.destroy()
  }
}
