import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { readInTime, readSnapshotUpdateId, readStoredBoard, readUpdatesAfter } from './board-store.ts'
import { LOG_ORIGIN } from './origins.ts'
import type { Room } from './room.ts'

const running = new WeakMap<Room, Promise<void>>()
/** Per room: where the previous catch-up started reading. */
const floors = new WeakMap<Room, number>()

/**
 * Brings a room up to date with the log, for updates other instances accepted and stored but whose
 * Redis message this instance missed. Applying an update it already has changes nothing, so reading
 * too much is harmless and reading too little is the only failure to avoid:
 * - Ids are drawn when an insert starts, so a row with a smaller id can become visible after a larger
 *   one. Each catch-up therefore reads again from where the previous one started (the windows overlap)
 *   rather than only above the largest id seen.
 * - Rows folded into the snapshot by a compaction are deleted: when the snapshot moved past what the
 *   room has seen, the snapshot itself is applied too.
 * One catch-up at a time per room; a read that hangs (a dead connection) fails after a deadline.
 */
export function catchUp(db: Kysely<Database>, room: Room): Promise<void> {
  const current = running.get(room)
  if (current) return current
  const run = (async () => {
    try {
      const snapshotUpdateId = await readInTime(readSnapshotUpdateId(db, room.boardId), 'the snapshot id')
      if (snapshotUpdateId === undefined || room.destroyed) return
      const floor = floors.get(room) ?? room.logId
      let maxId = room.logId
      if (snapshotUpdateId > floor) {
        const stored = await readInTime(readStoredBoard(db, room.boardId), 'the board')
        if (!stored || room.destroyed) return
        if (stored.snapshot) room.applyForeign(stored.snapshot, LOG_ORIGIN)
        for (const row of stored.updates) {
          room.applyForeign(row.data, LOG_ORIGIN)
          maxId = Math.max(maxId, row.id)
        }
        maxId = Math.max(maxId, stored.snapshotUpdateId)
      } else {
        const rows = await readInTime(readUpdatesAfter(db, room.boardId, floor), 'the log')
        if (room.destroyed) return
        for (const row of rows) {
          room.applyForeign(row.data, LOG_ORIGIN)
          maxId = Math.max(maxId, row.id)
        }
      }
      floors.set(room, room.logId)
      room.logId = maxId
    } catch (error) {
      room.log.warn({ err: error }, 'catch-up from the log failed; will retry')
    } finally {
      running.delete(room)
    }
  })()
  running.set(room, run)
  return run
}
