import type { FastifyBaseLogger } from 'fastify'
import { Redis } from 'ioredis'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * What travels between instances about one board. `event`: a JSON RoomEvent (room-events.ts), the
 * private side and personal messages.
 */
export const FanoutKind = { update: 0, awareness: 1, queryAwareness: 2, stored: 3, event: 4 } as const
export type FanoutKind = (typeof FanoutKind)[keyof typeof FanoutKind]
const fanoutKinds = new Set<number>(Object.values(FanoutKind))

export interface FanoutMessage {
  kind: FanoutKind
  payload: Uint8Array
  /** The sending instance. */
  from: string
  /** Its sequence number for this board (one series for every kind). */
  seq: number
}

export interface FanoutEvents {
  /** A message from another instance for a board this instance has loaded. */
  message(boardId: string, message: FanoutMessage): void
  /** Messages may have been missed for this board (a gap in another instance's sequence). */
  gap(boardId: string): void
  /** Redis came back after an outage: anything may have been missed, for every board. */
  reconnected(): void
}

const channelPrefix = 'kenlabour:collab:'

/**
 * Fan-out of live updates and presence between instances through Redis pub/sub, one channel per board.
 *
 * Pub/sub is fire-and-forget: a message published while an instance is disconnected, or during a Redis
 * restart, is simply lost. That is acceptable because Redis only carries speed, never truth: every
 * accepted update is in Postgres (stored by the instance that accepted it), and the room catches up
 * from the log whenever a loss is possible: a gap in the sender's sequence numbers, a reconnection to
 * Redis, and periodically as a safety net. Publishing therefore never waits for Redis nor queues for it.
 */
export class RedisFanout {
  readonly instanceId = crypto.randomUUID()
  readonly #pub: Redis
  readonly #sub: Redis
  readonly #events: FanoutEvents
  readonly #log: FastifyBaseLogger
  readonly #subscribed = new Set<string>()
  /**
   * Sequence numbers of what this instance published, per board. Kept when a board unloads, so that a
   * reloaded board goes on numbering: confirmations of storing (FanoutKind.stored) refer to them.
   */
  readonly #sent = new Map<string, number>()
  /** Last sequence number seen per (sender instance, board). */
  readonly #received = new Map<string, number>()
  #wasReady = false

  constructor(url: string, events: FanoutEvents, log: FastifyBaseLogger) {
    this.#events = events
    this.#log = log
    // No offline queue on the publisher: a publish while Redis is down fails at once (the log covers it)
    // instead of piling up in memory and arriving late and out of order.
    this.#pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false })
    this.#sub = new Redis(url, { maxRetriesPerRequest: null })
    for (const client of [this.#pub, this.#sub])
      client.on('error', (error: Error) => this.#log.debug({ err: error }, 'redis error'))
    this.#sub.on('ready', () => {
      // ioredis re-subscribes by itself after a reconnection; what was published meanwhile is lost.
      if (this.#wasReady) {
        this.#log.warn('redis reconnected; catching up from the log')
        this.#events.reconnected()
      }
      this.#wasReady = true
    })
    this.#sub.on('close', () => {
      if (this.#wasReady) this.#log.warn('redis connection lost; live updates between instances paused')
    })
    this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#onMessage(channel, message))
  }

  /** True when both connections are up. */
  get ready(): boolean {
    return this.#pub.status === 'ready' && this.#sub.status === 'ready'
  }

  subscribe(boardId: string): void {
    this.#subscribed.add(boardId)
    this.#sub.subscribe(channelPrefix + boardId).catch((error: Error) => {
      // Retried by ioredis on reconnection (it re-subscribes to every channel it knows).
      this.#log.debug({ err: error, boardId }, 'redis subscribe failed')
    })
  }

  unsubscribe(boardId: string): void {
    this.#subscribed.delete(boardId)
    for (const key of this.#received.keys()) if (key.endsWith(`:${boardId}`)) this.#received.delete(key)
    this.#sub.unsubscribe(channelPrefix + boardId).catch(() => {})
  }

  /** Publishes a message (dropped while Redis is away); returns its sequence number. */
  publish(boardId: string, kind: FanoutKind, payload: Uint8Array): number {
    const seq = (this.#sent.get(boardId) ?? 0) + 1
    this.#sent.set(boardId, seq)
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, this.instanceId)
    encoding.writeVarUint(encoder, kind)
    encoding.writeVarUint(encoder, seq)
    encoding.writeVarUint8Array(encoder, payload)
    if (this.#pub.status !== 'ready') return seq
    this.#pub.publish(channelPrefix + boardId, Buffer.from(encoding.toUint8Array(encoder))).catch(() => {
      // Lost: the other instances find the update in the log (sequence gap or periodic catch-up).
    })
    return seq
  }

  #onMessage(channel: Buffer, message: Buffer): void {
    const boardId = channel.toString().slice(channelPrefix.length)
    if (!this.#subscribed.has(boardId)) return
    let from: string
    let kind: number
    let seq: number
    let payload: Uint8Array
    try {
      const decoder = decoding.createDecoder(
        new Uint8Array(message.buffer, message.byteOffset, message.byteLength),
      )
      from = decoding.readVarString(decoder)
      kind = decoding.readVarUint(decoder)
      seq = decoding.readVarUint(decoder)
      payload = decoding.readVarUint8Array(decoder)
    } catch (error) {
      this.#log.warn({ err: error, boardId }, 'undecodable message from redis')
      return
    }
    if (from === this.instanceId) return
    if (!fanoutKinds.has(kind)) return
    const key = `${from}:${boardId}`
    const last = this.#received.get(key)
    this.#received.set(key, seq)
    this.#events.message(boardId, { kind: kind as FanoutKind, payload, from, seq })
    // Checked after applying: the message itself is fine, but something before it went missing.
    if (last !== undefined && seq !== last + 1) this.#events.gap(boardId)
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#pub.quit(), this.#sub.quit()])
    this.#pub.disconnect()
    this.#sub.disconnect()
  }
}
