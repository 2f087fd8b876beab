import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import { withDeadline } from '../db/deadline.ts'
import type { Database } from '../db/schema.ts'
import { mergeForSnapshot } from './board-loader.ts'
import { appendBoardUpdate, compactBoard } from './board-store.ts'

/**
 * A compaction that has not finished by then counts as failed (it is one statement, so it either
 * happened whole or not at all; the next one starts from what is stored).
 */
const COMPACTION_DEADLINE_MS = 30_000

/** Timing of a room's writes. */
export interface PersistenceSettings {
  /**
   * How long the first update of a batch waits for company before the batch is written. Kept tiny:
   * batching comes mostly from the rule of one write in flight per room (group commit): while a write
   * is in flight, what arrives waits and goes out as the next single row, so a busy board still writes
   * one row per commit while a quiet board's edit is written at once, well within 50 ms.
   */
  flushDelayMs: number
  /** First retry delay after a failed write; doubles up to `maxRetryDelayMs`. */
  retryDelayMs: number
  maxRetryDelayMs: number
  /** Fold the log into the snapshot once this many rows sit above it. */
  compactAfterRows: number
  /**
   * A write that has not answered after this long counts as failed and is retried. A query can hang
   * forever when its connection dies at the wrong moment; without this, the room would wait on it and
   * never write again. Should the first attempt land after all, its row holds the same Yjs update as
   * the retry's, and applying an update twice changes nothing.
   */
  writeTimeoutMs: number
}

export const defaultPersistenceSettings: PersistenceSettings = {
  flushDelayMs: 2,
  retryDelayMs: 50,
  maxRetryDelayMs: 2_000,
  compactAfterRows: 200,
  writeTimeoutMs: 3_000,
}

export interface PersistenceEvents {
  /**
   * A batch was stored: how many updates, how long the oldest of them waited (ms), and the largest mark
   * appended so far (every update appended with a mark up to it is now stored).
   */
  stored(count: number, lagMs: number, logId: number | null, mark: number): void
  /** A write failed and will be retried. */
  failed(error: unknown, attempt: number): void
  /** Nothing is left to store (the room may unload). */
  idle(): void
  compacted(rows: number): void
  compactionFailed(error: unknown): void
}

/**
 * The write-behind log of one room: accepted updates are buffered, and written to board_updates as one
 * merged row per flush.
 *
 * Durability rules:
 * - The buffer is the only copy of an update until its insert commits, so a batch leaves the buffer
 *   only on success; a failed insert (Postgres down, restarting) puts it back in front, in order, and
 *   is retried with backoff for as long as it takes. Clients keep editing meanwhile: their updates
 *   join the buffer.
 * - At most one insert is in flight per room, so the rows of one room are written in the order the
 *   room accepted them (Yjs would not care, but it keeps the log readable and the lag measurable).
 * - `flush()` resolves once everything buffered before the call is stored, which is what shutdown and
 *   server-side changes wait for.
 */
export class RoomPersistence {
  readonly #db: Kysely<Database>
  readonly #boardId: string
  readonly #settings: PersistenceSettings
  readonly #events: PersistenceEvents
  #buffer: Uint8Array[] = []
  /** When the oldest buffered update was accepted (performance.now()). */
  #oldestAt: number | null = null
  /** The largest mark appended (see `append`). */
  #lastMark = 0
  #inFlight: Promise<void> | null = null
  #timer: NodeJS.Timeout | null = null
  #failures = 0
  #rowsAboveSnapshot: number
  #compacting: Promise<void> | null = null
  #stopped = false

  constructor(
    db: Kysely<Database>,
    boardId: string,
    rowsAboveSnapshot: number,
    settings: PersistenceSettings,
    events: PersistenceEvents,
  ) {
    this.#db = db
    this.#boardId = boardId
    this.#rowsAboveSnapshot = rowsAboveSnapshot
    this.#settings = settings
    this.#events = events
  }

  /**
   * Buffers an accepted update for the next write. `mark`, a number growing with each update (its
   * sequence number on Redis), comes back in the `stored` event once the update is stored.
   */
  append(update: Uint8Array, mark = 0): void {
    this.#lastMark = Math.max(this.#lastMark, mark)
    this.#buffer.push(update)
    this.#oldestAt ??= performance.now()
    this.#schedule(this.#failures > 0 ? this.#retryDelay() : this.#settings.flushDelayMs)
  }

  /** True when nothing is buffered or being written. */
  get idle(): boolean {
    return this.#buffer.length === 0 && this.#inFlight === null
  }

  /** Age of the oldest update not yet stored, in ms (0 when all is stored). */
  get lagMs(): number {
    return this.#oldestAt === null ? 0 : performance.now() - this.#oldestAt
  }

  /**
   * Writes everything buffered now and resolves when it is stored. Failed writes are retried until
   * `deadline` (performance.now() ms); past it the promise rejects and the buffer is kept.
   */
  async flush(deadline = Number.POSITIVE_INFINITY): Promise<void> {
    while (!this.idle) {
      if (this.#inFlight) {
        await this.#inFlight
        continue
      }
      if (this.#timer) clearTimeout(this.#timer)
      this.#timer = null
      const ok = await this.#write()
      if (!ok) {
        if (performance.now() >= deadline) throw new Error(`board ${this.#boardId}: updates not stored`)
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(this.#retryDelay(), deadline - performance.now())),
        )
      }
    }
  }

  /**
   * Removes and returns what is buffered, unstored (shutdown past its deadline, which hands it to
   * unstored-spill.ts). Call only once `flush` gave up: no write is in flight then.
   */
  takeUnstored(): Uint8Array[] {
    const unstored = this.#buffer
    this.#buffer = []
    this.#oldestAt = null
    return unstored
  }

  /** Waits for a running compaction, if any (shutdown). */
  async settle(): Promise<void> {
    await this.#compacting
  }

  /** Stops timers; whatever is still buffered stays (the caller flushed first). */
  stop(): void {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }

  #retryDelay(): number {
    return Math.min(
      this.#settings.maxRetryDelayMs,
      this.#settings.retryDelayMs * 2 ** Math.max(0, this.#failures - 1),
    )
  }

  #schedule(delayMs: number): void {
    if (this.#timer || this.#inFlight || this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.#write()
    }, delayMs)
  }

  /** One insert of everything buffered; true on success. */
  async #write(): Promise<boolean> {
    if (this.#inFlight || this.#buffer.length === 0) return true
    const batch = this.#buffer
    // A write stores the whole buffer, earlier failed batches included: every mark so far is covered.
    const mark = this.#lastMark
    const oldestAt = this.#oldestAt ?? performance.now()
    this.#buffer = []
    this.#oldestAt = null
    let ok = false
    let settle!: () => void
    this.#inFlight = new Promise((resolve) => {
      settle = resolve
    })
    try {
      // Many small updates become one row: Yjs merges them into an equivalent single update.
      const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch)
      const logId = await withDeadline(
        appendBoardUpdate(this.#db, this.#boardId, merged),
        this.#settings.writeTimeoutMs,
        'write timed out',
      )
      ok = true
      this.#failures = 0
      this.#rowsAboveSnapshot += 1
      this.#events.stored(batch.length, performance.now() - oldestAt, logId, mark)
    } catch (error) {
      // Put the batch back in front of anything that arrived meanwhile, and keep its age.
      this.#buffer = batch.concat(this.#buffer)
      this.#oldestAt = oldestAt
      this.#failures += 1
      this.#events.failed(error, this.#failures)
    } finally {
      this.#inFlight = null
      settle()
    }
    if (this.#buffer.length > 0) this.#schedule(ok ? this.#settings.flushDelayMs : this.#retryDelay())
    else {
      if (this.#rowsAboveSnapshot >= this.#settings.compactAfterRows) void this.compact()
      this.#events.idle()
    }
    return ok
  }

  /** Folds the log into the snapshot (one at a time per room). Failure is logged and harmless. */
  compact(): Promise<void> {
    this.#compacting ??= (async () => {
      try {
        // Bounded like writes: shutdown and unloading wait for a running compaction.
        const rows = await withDeadline(
          compactBoard(this.#db, this.#boardId, mergeForSnapshot),
          COMPACTION_DEADLINE_MS,
          'compaction timed out',
        )
        this.#rowsAboveSnapshot = Math.max(0, this.#rowsAboveSnapshot - rows)
        if (rows > 0) this.#events.compacted(rows)
      } catch (error) {
        this.#events.compactionFailed(error)
      } finally {
        this.#compacting = null
      }
    })()
    return this.#compacting
  }

  get rowsAboveSnapshot(): number {
    return this.#rowsAboveSnapshot
  }
}
