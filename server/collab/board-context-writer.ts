import type { Kysely } from 'kysely'
import { withDeadline } from '../db/deadline.ts'
import type { Database } from '../db/schema.ts'
import type { ShapeAuthor } from './board-context.ts'
import { type StoredPrivateIdea, writeBoardContextChanges } from './board-context-rows.ts'

/** Timing of the private side's writes. */
export interface ContextWriteSettings {
  /** Changes within this window go out as one write (one per board per window at most). */
  delayMs: number
  /** First retry delay after a failed write; doubles up to `maxRetryDelayMs`. */
  retryDelayMs: number
  maxRetryDelayMs: number
  /** A write that has not answered after this long counts as failed (see persistence.ts). */
  writeTimeoutMs: number
}

export const defaultContextWriteSettings: ContextWriteSettings = {
  delayMs: 50,
  retryDelayMs: 50,
  maxRetryDelayMs: 2_000,
  writeTimeoutMs: 3_000,
}

/** Where the writer reads the values to store: the board context in memory, the only truth. */
export interface ContextSource {
  authorOf(shapeId: string): ShapeAuthor | undefined
  privateIdea(id: string): StoredPrivateIdea | undefined
}

export interface ContextWriteEvents {
  failed(error: unknown, attempt: number): void
  /** Nothing is left to store. */
  idle(): void
}

/**
 * Write-behind of a board's private side (authorship, private ideas).
 *
 * What is kept is the set of keys that changed, never a copy of their values: a write reads the
 * current value from memory (present: upsert; a private idea gone: delete), so a burst of changes to one
 * idea costs one row, and a failed write loses nothing (its keys go back into the set, and the retry
 * stores whatever the value is by then). One write in flight per board; writes are idempotent, so a
 * write that timed out but landed after all is harmless when retried.
 */
export class BoardContextWriter {
  readonly #db: Kysely<Database>
  readonly #boardId: string
  readonly #settings: ContextWriteSettings
  readonly #source: ContextSource
  readonly #events: ContextWriteEvents
  #authors = new Set<string>()
  #ideas = new Set<string>()
  #inFlight: Promise<boolean> | null = null
  /** Private ideas of the write in flight. */
  #writingIdeas = new Set<string>()
  #timer: NodeJS.Timeout | null = null
  #failures = 0
  #stopped = false
  #held = false

  constructor(
    db: Kysely<Database>,
    boardId: string,
    source: ContextSource,
    settings: ContextWriteSettings,
    events: ContextWriteEvents,
  ) {
    this.#db = db
    this.#boardId = boardId
    this.#source = source
    this.#settings = settings
    this.#events = events
  }

  /** `shapeId`'s authorship is to be stored. */
  author(shapeId: string): void {
    this.#authors.add(shapeId)
    this.#schedule()
  }

  /** Private idea `id` changed or went away: its row is to be upserted or deleted. */
  privateIdea(id: string): void {
    this.#ideas.add(id)
    this.#schedule()
  }

  /** Drops pending writes of these private ideas (the reveal: their rows go only once the board has them). */
  forgetPrivateIdeas(ids: Iterable<string>): void {
    for (const id of ids) this.#ideas.delete(id)
  }

  /** Is a write of private idea `id` waiting (a change made here that the database does not have yet)? */
  pendingPrivateIdea(id: string): boolean {
    return this.#ideas.has(id) || this.#writingIdeas.has(id)
  }

  /** Nothing pending, nothing in flight. */
  get idle(): boolean {
    return this.#authors.size === 0 && this.#ideas.size === 0 && this.#inFlight === null
  }

  /** Changes waiting (for logs when a shutdown cannot store them). */
  get pending(): number {
    return this.#authors.size + this.#ideas.size
  }

  /** Writes everything pending now; retries failed writes until `deadline` (performance.now()), then rejects. */
  async flush(deadline = Number.POSITIVE_INFINITY): Promise<void> {
    while (!this.idle) {
      if (this.#inFlight) {
        await this.#inFlight
        continue
      }
      this.#clearTimer()
      if (await this.#write()) continue
      if (performance.now() >= deadline) throw new Error(`board ${this.#boardId}: private side not stored`)
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(this.#retryDelay(), deadline - performance.now())),
      )
    }
  }

  /**
   * Holds writes while the board's own log cannot be stored (Postgres away), and lets them go once it
   * stores again (`held` false). Why: when the database comes back, the board's edits must be stored
   * and confirmed to the other instances first, before they adopt them as lost (relay-adoption.ts);
   * private-side writes retrying beside them at that moment delayed them by seconds (scale-out test
   * "stores each edit accepted during the outage once"). Nothing is dropped meanwhile: pending keys
   * stay, and `flush` (shutdown) writes regardless.
   */
  hold(held: boolean): void {
    if (this.#held === held) return
    this.#held = held
    if (!held && (this.#authors.size > 0 || this.#ideas.size > 0)) this.#schedule()
  }

  stop(): void {
    this.#stopped = true
    this.#clearTimer()
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }

  #retryDelay(): number {
    return Math.min(
      this.#settings.maxRetryDelayMs,
      this.#settings.retryDelayMs * 2 ** Math.max(0, this.#failures - 1),
    )
  }

  #schedule(): void {
    if (this.#timer || this.#inFlight || this.#stopped || this.#held) return
    const delay = this.#failures > 0 ? this.#retryDelay() : this.#settings.delayMs
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.#write()
    }, delay)
  }

  /** One write of everything pending; true on success (or when nothing was pending). */
  #write(): Promise<boolean> {
    if (this.#inFlight) return this.#inFlight
    if (this.#authors.size === 0 && this.#ideas.size === 0) return Promise.resolve(true)
    const authorIds = this.#authors
    const ideaIds = this.#ideas
    this.#authors = new Set()
    this.#ideas = new Set()
    this.#writingIdeas = ideaIds
    const authors: [string, ShapeAuthor][] = []
    for (const id of authorIds) {
      const author = this.#source.authorOf(id)
      if (author) authors.push([id, author])
    }
    const upserts: StoredPrivateIdea[] = []
    const deletes: string[] = []
    for (const id of ideaIds) {
      const stored = this.#source.privateIdea(id)
      if (stored) upserts.push(stored)
      else deletes.push(id)
    }
    const run = (async () => {
      let ok = false
      try {
        await withDeadline(
          writeBoardContextChanges(this.#db, this.#boardId, { authors, upserts, deletes }),
          this.#settings.writeTimeoutMs,
          'write timed out',
        )
        ok = true
        this.#failures = 0
      } catch (error) {
        // The keys go back; the retry stores their values as they are then.
        for (const id of authorIds) this.#authors.add(id)
        for (const id of ideaIds) this.#ideas.add(id)
        this.#failures += 1
        this.#events.failed(error, this.#failures)
      } finally {
        this.#inFlight = null
        this.#writingIdeas = new Set()
      }
      if (this.#authors.size > 0 || this.#ideas.size > 0) this.#schedule()
      else this.#events.idle()
      return ok
    })()
    this.#inFlight = run
    return run
  }
}
