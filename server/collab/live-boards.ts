import type * as Y from 'yjs'
import type { LiveBoards } from './live-boards-api.ts'
import { SERVER_ORIGIN } from './origins.ts'
import type { Room } from './room.ts'
import type { RoomEvent } from './room-events.ts'
import type { Rooms } from './rooms.ts'
import { applyAsSender } from './validation.ts'

/** How long a server-side change waits for its row in the log before the caller hears of a failure. */
const STORE_DEADLINE_MS = 10_000

/**
 * app.liveBoards: server-side reads and changes of live boards. A change is one Yjs transaction with the
 * server as origin, so the room's 'update' handler stores, broadcasts and publishes it exactly like a
 * client's accepted update; the promise resolves once its row is in the log.
 */
export function createLiveBoards(
  rooms: Rooms,
  /** Publishes an event to the other instances (Redis); absent on a single instance. */
  publishEvent?: (boardId: string, event: RoomEvent) => void,
): LiveBoards {
  return {
    async change<T>(boardId: string, change: (doc: Y.Doc) => T): Promise<T> {
      const room = await rooms.acquire(boardId)
      try {
        let result!: T
        room.doc.transact(() => {
          result = change(room.doc)
        }, SERVER_ORIGIN)
        // Queued for broadcast by the update event (sent at the end of this event-loop turn, before any
        // database answer can arrive); wait for it to be stored.
        await room.persistence.flush(performance.now() + STORE_DEADLINE_MS)
        return result
      } finally {
        rooms.release(room)
      }
    },
    async changeAs(boardId, sender, change) {
      const room = await rooms.acquire(boardId)
      try {
        const outcome = applyAsSender(room.doc, sender, change, {
          context: room.context,
          origin: SERVER_ORIGIN,
          onReviewError: (error) =>
            room.log.error({ err: error, boardId, actorId: sender.actorId }, 'board review failed'),
        })
        await room.persistence.flush(performance.now() + STORE_DEADLINE_MS)
        return outcome
      } finally {
        rooms.release(room)
      }
    },
    async withRoom<T>(boardId: string, use: (room: Room) => Promise<T> | T): Promise<T> {
      const room = await rooms.acquire(boardId)
      try {
        return await use(room)
      } finally {
        rooms.release(room)
      }
    },
    onlineActors(boardId: string): Set<string> {
      const room = rooms.peek(boardId)
      return room ? room.onlineActors() : new Set()
    },
    notifyVotes(boardId: string, actorId: string): void {
      const room = rooms.peek(boardId)
      if (room) room.notifyVotes(actorId)
      // Not loaded here: its people, if any, are connected to other instances.
      else
        publishEvent?.(boardId, { type: 'personal', actorId, facilitators: true, message: { kind: 'votes' } })
    },
    async revealPrivateIdeas(boardId: string): Promise<number> {
      const room = await rooms.acquire(boardId)
      try {
        return await room.revealPrivateIdeas()
      } finally {
        rooms.release(room)
      }
    },
    async read<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T> {
      const room = await rooms.acquire(boardId)
      try {
        return read(room.doc)
      } finally {
        rooms.release(room)
      }
    },
  }
}
