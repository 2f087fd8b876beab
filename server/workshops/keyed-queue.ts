/**
 * Runs tasks one after another per key (here: per workshop), in the order they were queued.
 *
 * Why: a facilitator change is stored under a row lock, then written into the live board. Two changes to
 * one workshop could commit in one order and reach the board in the other, leaving the board showing
 * the older state. Queuing the whole store-then-broadcast sequence per workshop keeps both in the same
 * order on this instance. (Across instances the row lock still prevents lost updates; the next change
 * rewrites the whole state into the board, so a rare cross-instance reorder heals itself.)
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>()

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    const result = previous.then(task)
    // A failed task must not block the ones after it: the tail settles either way.
    const tail = result.catch(() => {})
    this.#tails.set(key, tail)
    tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return result
  }
}
