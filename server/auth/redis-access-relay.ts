import type { FastifyBaseLogger } from 'fastify'
import { Redis } from 'ioredis'
import type { AccessEvents, AccessRevoked } from './access-events.ts'

const CHANNEL = 'kenlabour:access'

/**
 * Carries access revocations (logout, revoked code, removed participant, removed co-facilitator,
 * deleted boards) to every instance through Redis pub/sub, so that a person's sockets close wherever
 * they are open.
 *
 * A module and connections of its own rather than the collab fan-out (collab/redis-fanout.ts): the
 * fan-out speaks per board and each instance subscribes only to the boards it has loaded, whereas a
 * revocation often names no board (a logout) and must reach every instance whatever it has loaded.
 *
 * Unlike board updates, a revocation published while Redis is away is queued (ioredis' offline queue)
 * and sent when Redis is back: closing a socket late is still right, while dropping the message would
 * leave a removed person connected on another instance. The database is the truth in any case: the
 * sessions are already deleted, so a closed socket cannot come back, and no new one can open.
 */
export class RedisAccessRelay {
  readonly #instanceId = crypto.randomUUID()
  readonly #pub: Redis
  readonly #sub: Redis
  readonly #access: AccessEvents
  readonly #log: FastifyBaseLogger

  constructor(url: string, access: AccessEvents, log: FastifyBaseLogger) {
    this.#access = access
    this.#log = log
    this.#pub = new Redis(url, { maxRetriesPerRequest: null })
    this.#sub = new Redis(url, { maxRetriesPerRequest: null })
    for (const client of [this.#pub, this.#sub])
      client.on('error', (error: Error) => this.#log.debug({ err: error }, 'redis error (access relay)'))
    this.#sub.subscribe(CHANNEL).catch((error: Error) => {
      // ioredis subscribes again by itself once connected.
      this.#log.warn({ err: error }, 'redis subscribe failed (access relay)')
    })
    this.#sub.on('message', (_channel: string, message: string) => this.#onMessage(message))
    access.relayTo((event) => this.#publish(event))
  }

  #publish(event: AccessRevoked): void {
    this.#pub.publish(CHANNEL, JSON.stringify({ from: this.#instanceId, event })).catch((error: Error) => {
      this.#log.warn({ err: error }, 'revocation not relayed to the other instances')
    })
  }

  #onMessage(message: string): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(message)
    } catch {
      this.#log.warn('undecodable revocation from redis')
      return
    }
    const { from, event } = (parsed ?? {}) as { from?: unknown; event?: unknown }
    if (from === this.#instanceId) return
    const revoked = readRevocation(event)
    if (revoked) this.#access.receive(revoked)
    else this.#log.warn('malformed revocation from redis')
  }

  async close(): Promise<void> {
    this.#access.relayTo(null)
    await Promise.allSettled([this.#pub.quit(), this.#sub.quit()])
    this.#pub.disconnect()
    this.#sub.disconnect()
  }
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

/** The revocation in a message, keeping only well-typed fields; null when nothing usable is left. */
function readRevocation(value: unknown): AccessRevoked | null {
  if (typeof value !== 'object' || value === null) return null
  const raw = value as Record<string, unknown>
  const event: AccessRevoked = {}
  if (isStrings(raw.sessionIds)) event.sessionIds = raw.sessionIds
  if (isStrings(raw.guestIds)) event.guestIds = raw.guestIds
  if (typeof raw.userId === 'string') event.userId = raw.userId
  if (typeof raw.workshopId === 'string') event.workshopId = raw.workshopId
  if (isStrings(raw.boardIds)) event.boardIds = raw.boardIds
  return Object.keys(event).length > 0 ? event : null
}
