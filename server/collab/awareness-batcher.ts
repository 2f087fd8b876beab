import { type Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'

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
  readonly #tickMs: number
  readonly #send: (update: Uint8Array, changedLocally: Uint8Array | null) => void
  readonly #changed = new Set<number>()
  /** Ids whose change came from this instance's own clients: only those go out to other instances. */
  readonly #changedLocally = new Set<number>()
  #timer: NodeJS.Timeout | null = null

  /**
   * `send` receives the batched update for local connections, and the part of it that came from this
   * instance's clients (for other instances), or null when nothing local changed.
   */
  constructor(
    awareness: Awareness,
    tickMs: number,
    send: (update: Uint8Array, changedLocally: Uint8Array | null) => void,
  ) {
    this.#awareness = awareness
    this.#tickMs = tickMs
    this.#send = send
  }

  /** Marks client ids as changed; `local` when the change came from a client of this instance. */
  mark(clientIds: Iterable<number>, local: boolean): void {
    for (const id of clientIds) {
      this.#changed.add(id)
      if (local) this.#changedLocally.add(id)
    }
    if (this.#timer === null && this.#changed.size > 0)
      this.#timer = setTimeout(() => this.flush(), this.#tickMs)
  }

  /** Sends what is pending now. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#changed.size === 0) return
    const update = encodeAwarenessUpdate(this.#awareness, [...this.#changed])
    const local =
      this.#changedLocally.size > 0 ? encodeAwarenessUpdate(this.#awareness, [...this.#changedLocally]) : null
    this.#changed.clear()
    this.#changedLocally.clear()
    this.#send(update, local)
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }
}
