import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { catchUp } from './catch-up.ts'
import type { CollabMetrics } from './metrics.ts'
import { REMOTE_ORIGIN } from './origins.ts'
import { FanoutKind, RedisFanout } from './redis-fanout.ts'
import type { Room } from './room.ts'
import type { Rooms } from './rooms.ts'

/** How often every loaded room re-reads the log, whatever Redis says (the safety net). */
const CATCH_UP_INTERVAL_MS = 5_000
/** A freshly loaded room reads the log again shortly after, for updates stored while it loaded. */
const CATCH_UP_AFTER_LOAD_MS = 300

export interface Fanout {
  readonly ready: boolean
  attach(room: Room): void
  detach(room: Room): void
  close(): Promise<void>
}

/**
 * Scale-out: connects the rooms of this instance to the same boards on other instances. Updates this
 * instance accepted go out through Redis (stored here, once); updates received are applied with the
 * remote origin (forwarded to local clients, neither stored nor published again); and the room catches
 * up from the Postgres log after any possible loss.
 */
export function createFanout(
  url: string,
  rooms: () => Rooms | undefined,
  db: Kysely<Database>,
  log: FastifyBaseLogger,
  metrics: CollabMetrics,
): Fanout {
  const roomOf = (boardId: string) => rooms()?.peek(boardId)
  const catchUpFor = (room: Room, cause: 'load' | 'gap' | 'reconnect' | 'periodic' | 'bad_message') => {
    metrics.catchUps.inc({ cause })
    return catchUp(db, room)
  }
  const redis = new RedisFanout(
    url,
    {
      message(boardId, message) {
        metrics.fanoutMessages.inc({ direction: 'in' })
        const room = roomOf(boardId)
        if (!room || room.destroyed) return
        try {
          if (message.kind === FanoutKind.update) room.applyForeign(message.payload, REMOTE_ORIGIN)
          else if (message.kind === FanoutKind.awareness) room.applyRemoteAwareness(message.payload)
          else {
            const presence = room.localAwarenessUpdate()
            if (presence) publish(boardId, FanoutKind.awareness, presence)
          }
        } catch (error) {
          room.log.warn({ err: error, from: message.from }, 'bad message from another instance; catching up')
          void catchUpFor(room, 'bad_message')
        }
      },
      gap(boardId) {
        const room = roomOf(boardId)
        if (room) void catchUpFor(room, 'gap')
      },
      reconnected() {
        for (const room of rooms()?.loaded() ?? []) void catchUpFor(room, 'reconnect')
      },
    },
    log,
  )
  const publish = (boardId: string, kind: FanoutKind, payload: Uint8Array) => {
    metrics.fanoutMessages.inc({ direction: 'out' })
    redis.publish(boardId, kind, payload)
  }
  const timers = new Map<Room, NodeJS.Timeout[]>()
  return {
    get ready() {
      return redis.ready
    },
    attach(room) {
      redis.subscribe(room.boardId)
      room.fanout = {
        publishUpdate: (update) => publish(room.boardId, FanoutKind.update, update),
        publishAwareness: (update) => publish(room.boardId, FanoutKind.awareness, update),
      }
      // Ask the other instances who is there (their clients' presence).
      publish(room.boardId, FanoutKind.queryAwareness, new Uint8Array(0))
      timers.set(room, [
        setTimeout(() => void catchUpFor(room, 'load'), CATCH_UP_AFTER_LOAD_MS),
        setInterval(() => void catchUpFor(room, 'periodic'), CATCH_UP_INTERVAL_MS),
      ])
    },
    detach(room) {
      for (const timer of timers.get(room) ?? []) clearTimeout(timer)
      timers.delete(room)
      room.fanout = null
      redis.unsubscribe(room.boardId)
    },
    close: () => redis.close(),
  }
}
