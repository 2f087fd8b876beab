import { type Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'

/** One tick's presence: for local connections, and the part from this instance's own clients. */
export interface AwarenessBatch {
  update: Uint8Array
  /** The client ids in `update` (for a filtered variant, presence-filter.ts). */
  clientIds: number[]
  /** The changes made by this instance's clients (for other instances), or null if none. */
  local: Uint8Array | null
  /** When the oldest change in it was marked (performance.now()). */
  since: number
}

/**
 * Batches a room's awareness fan-out.
 *
 * Why: every cursor move of every client is an awareness update. Forwarding each one to every other
 * client costs O(clients²) messages per tick in a busy room. Instead the room marks which client ids
 * changed, and once per tick one message carrying the latest state of each of them (several moves of
 * one cursor coalesce into its last position) is encoded once and sent to every connection.
 */
export class AwarenessBatcher {
  readonly #awareness: Awareness
  readonly #tickMs: () => number
  readonly #send: (batch: AwarenessBatch) => void
  readonly #changed = new Set<number>()
  /** Ids whose change came from this instance's own clients: only those go out to other instances. */
  readonly #changedLocally = new Set<number>()
  #timer: NodeJS.Timeout | null = null
  /** When the pending tick fires (performance.now()). */
  #dueAt = 0
  /** When the oldest pending change was marked. */
  #since = 0

  /** `tickMs` is read when a tick starts (a room's tick grows with its size). */
  constructor(awareness: Awareness, tickMs: () => number, send: (batch: AwarenessBatch) => void) {
    this.#awareness = awareness
    this.#tickMs = tickMs
    this.#send = send
  }

  /** Marks client ids as changed; `local` when the change came from a client of this instance. */
  mark(clientIds: Iterable<number>, local: boolean): void {
    if (this.#changed.size === 0) this.#since = performance.now()
    for (const id of clientIds) {
      this.#changed.add(id)
      if (local) this.#changedLocally.add(id)
    }
    if (this.#timer === null && this.#changed.size > 0) {
      const tick = this.#tickMs()
      this.#dueAt = performance.now() + tick
      this.#timer = setTimeout(() => this.flush(), tick)
    }
  }

  /** Is a tick pending that fires within `ms`? (Its batch may then ride along with another send.) */
  dueWithin(ms: number): boolean {
    return this.#timer !== null && this.#dueAt - performance.now() <= ms
  }

  /** Takes what is pending now, cancelling the tick; null when nothing changed. */
  take(): AwarenessBatch | null {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#changed.size === 0) return null
    const clientIds = [...this.#changed]
    const update = encodeAwarenessUpdate(this.#awareness, clientIds)
    const local =
      this.#changedLocally.size > 0 ? encodeAwarenessUpdate(this.#awareness, [...this.#changedLocally]) : null
    this.#changed.clear()
    this.#changedLocally.clear()
    return { update, clientIds, local, since: this.#since }
  }

  /** Sends what is pending now. */
  flush(): void {
    const batch = this.take()
    if (batch) this.#send(batch)
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }
}
