/** The sender key of updates put back after a failed check; no instance has this id. */
const UNCONFIRMABLE = ''

/** One update another instance accepted and relayed: its sequence number there, and when it came. */
interface Relayed {
  seq: number
  update: Uint8Array
  receivedAt: number
}

/**
 * The updates of one room that other instances accepted and relayed through Redis, held until the
 * instance that accepted each one says it has stored it.
 *
 * Why: the accepting instance is the only one that stores an update. If it dies after relaying an
 * update but before storing it (a window of a few milliseconds), every other instance and every client
 * holds the update, so no client sends it again when it reconnects, and it would never reach Postgres.
 * An update whose confirmation does not come is therefore handed to this instance's own log after a
 * grace period (relay-adoption.ts). Updates from one sender arrive in the order it published them, and
 * its confirmation "stored through sequence number S" covers every update it published up to S.
 */
export class RelayedUpdates {
  readonly #bySender = new Map<string, Relayed[]>()
  #size = 0

  /** Holds an update received from `from`, published there with sequence number `seq`. */
  add(from: string, seq: number, update: Uint8Array, receivedAt = performance.now()): void {
    let held = this.#bySender.get(from)
    if (!held) {
      held = []
      this.#bySender.set(from, held)
    }
    held.push({ seq, update, receivedAt })
    this.#size += 1
  }

  /** `from` has stored every update it published up to sequence number `seq`. */
  confirm(from: string, seq: number): void {
    const held = this.#bySender.get(from)
    if (!held) return
    const kept = held.filter((relayed) => relayed.seq > seq)
    this.#size -= held.length - kept.length
    if (kept.length === 0) this.#bySender.delete(from)
    else this.#bySender.set(from, kept)
  }

  /** Removes and returns, oldest first per sender, the updates received before `before` (performance.now()). */
  takeReceivedBefore(before: number): Uint8Array[] {
    const taken: Uint8Array[] = []
    for (const [from, held] of this.#bySender) {
      const kept = held.filter((relayed) => relayed.receivedAt >= before)
      for (const relayed of held) if (relayed.receivedAt < before) taken.push(relayed.update)
      if (kept.length === 0) this.#bySender.delete(from)
      else this.#bySender.set(from, kept)
    }
    this.#size -= taken.length
    return taken
  }

  /**
   * Puts back updates taken for adoption that could not be checked against the log (Postgres away):
   * no confirmation can release them any more, and the next sweep takes them first.
   */
  putBack(updates: Uint8Array[]): void {
    for (const update of updates) this.add(UNCONFIRMABLE, Number.POSITIVE_INFINITY, update, 0)
  }

  /** Removes and returns every update held. */
  takeAll(): Uint8Array[] {
    return this.takeReceivedBefore(Number.POSITIVE_INFINITY)
  }

  /** How many updates are waiting for a confirmation. */
  get size(): number {
    return this.#size
  }
}
