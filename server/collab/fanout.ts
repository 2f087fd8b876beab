import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Database } from '../db/schema.ts'
import { catchUp } from './catch-up.ts'
import type { CollabMetrics } from './metrics.ts'
import { FanoutKind, RedisFanout } from './redis-fanout.ts'
import { adoptUnconfirmedRelays } from './relay-adoption.ts'
import type { Room } from './room.ts'
import { decodeRoomEvent, encodeRoomEvent, type RoomEvent } from './room-events.ts'
import type { Rooms } from './rooms.ts'

/** How often every loaded room re-reads the log, whatever Redis says (the safety net). */
const CATCH_UP_INTERVAL_MS = 5_000
/** A freshly loaded room reads the log again shortly after, for updates stored while it loaded. */
const CATCH_UP_AFTER_LOAD_MS = 300
/**
 * A relayed update whose instance has not confirmed storing it after the grace period (`graceMs`,
 * app.config.relayGraceMs: KENLABOUR_RELAY_GRACE_MS, 8 s by default) is stored here
 * (relay-adoption.ts). 8 s is far above a healthy write (milliseconds) and its retries after a lost
 * connection, so that only a dead instance's updates, or a lost confirmation, get there. After an
 * outage, the instance that accepted edits stores them at its next retry (at most 2 s after Postgres is
 * back) plus a reconnection through a server that is still starting, which took up to about 6 s here
 * (a write timing out once at 3 s, then its retry): 8 s leaves it the time to confirm first.
 *
 * Each instance adds its own random part of up to this share of the grace period (3 s of 8). When an
 * instance dies, every other instance holds its unconfirmed updates: spread out, the first to check
 * stores them and the later ones find them in the log, instead of each storing a copy.
 */
const RELAY_GRACE_SPREAD = 3 / 8
const RELAY_SWEEP_INTERVAL_MS = 1_000

export interface Fanout {
  readonly ready: boolean
  /** Publishes an event for a board whether or not a room of it is loaded here (e.g. a vote nudge). */
  publishEvent(boardId: string, event: RoomEvent): void
  attach(room: Room): void
  detach(room: Room): void
  close(): Promise<void>
}

/**
 * Scale-out: connects the rooms of this instance to the same boards on other instances. Updates this
 * instance accepted go out through Redis, are stored here, and their storing is confirmed to the others;
 * updates received are applied with the remote origin (forwarded to local clients, neither stored nor
 * published again) and held until their instance confirms storing them, or stored here if it never
 * does; and the room catches up from the Postgres log after any possible loss.
 */
export function createFanout(
  url: string,
  rooms: () => Rooms | undefined,
  db: Kysely<Database>,
  log: FastifyBaseLogger,
  metrics: CollabMetrics,
  graceMs: number,
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
          if (message.kind === FanoutKind.update)
            room.applyRelayed(message.payload, message.from, message.seq)
          else if (message.kind === FanoutKind.stored)
            room.confirmRelayed(message.from, decoding.readVarUint(decoding.createDecoder(message.payload)))
          else if (message.kind === FanoutKind.awareness) room.applyRemoteAwareness(message.payload)
          else if (message.kind === FanoutKind.event) {
            const event = decodeRoomEvent(message.payload)
            if (event) room.applyRemoteEvent(event)
          } else {
            const presence = room.localAwarenessUpdate()
            if (presence) publish(boardId, FanoutKind.awareness, presence)
          }
        } catch (error) {
          room.log.warn({ err: error, from: message.from }, 'bad message from another instance; catching up')
          void catchUpFor(room, 'bad_message')
          void room.resyncContext()
        }
      },
      gap(boardId) {
        const room = roomOf(boardId)
        if (!room) return
        void catchUpFor(room, 'gap')
        // Events about the private side may be among what was missed.
        void room.resyncContext()
      },
      reconnected() {
        for (const room of rooms()?.loaded() ?? []) {
          void catchUpFor(room, 'reconnect')
          void room.resyncContext()
        }
      },
    },
    log,
  )
  const publish = (boardId: string, kind: FanoutKind, payload: Uint8Array) => {
    metrics.fanoutMessages.inc({ direction: 'out' })
    return redis.publish(boardId, kind, payload)
  }
  const timers = new Map<Room, NodeJS.Timeout[]>()
  const relayGraceMs = graceMs * (1 + Math.random() * RELAY_GRACE_SPREAD)
  return {
    get ready() {
      return redis.ready
    },
    publishEvent(boardId, event) {
      publish(boardId, FanoutKind.event, encodeRoomEvent(event))
    },
    attach(room) {
      redis.subscribe(room.boardId)
      room.fanout = {
        publishUpdate: (update) => publish(room.boardId, FanoutKind.update, update),
        publishAwareness: (update) => publish(room.boardId, FanoutKind.awareness, update),
        publishStored: (seq) => {
          const encoder = encoding.createEncoder()
          encoding.writeVarUint(encoder, seq)
          publish(room.boardId, FanoutKind.stored, encoding.toUint8Array(encoder))
        },
        publishEvent: (event) => {
          publish(room.boardId, FanoutKind.event, encodeRoomEvent(event))
        },
      }
      // Ask the other instances who is there (their clients' presence).
      publish(room.boardId, FanoutKind.queryAwareness, new Uint8Array(0))
      timers.set(room, [
        setTimeout(() => {
          void catchUpFor(room, 'load')
          // What other instances changed on the private side between this room's load and its subscription.
          void room.resyncContext()
        }, CATCH_UP_AFTER_LOAD_MS),
        setInterval(() => void catchUpFor(room, 'periodic'), CATCH_UP_INTERVAL_MS),
        setInterval(() => void adoptUnconfirmedRelays(db, room, relayGraceMs), RELAY_SWEEP_INTERVAL_MS),
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
