/**
 * How often a room sends to all of its connections, from what its own broadcasts cost.
 *
 * Why: every broadcast costs one write per connection, and on loopback most of a write's cost is the
 * kernel delivering it. A room of 1,000 where 200 people move cards and cursors would otherwise take
 * 100,000 writes per second for documents alone (bench/README.md, run 4 profile). So after each
 * document broadcast a room waits `DOC_GAP_PER_WRITE` times what its write loop took before the next
 * one, and changes that arrive meanwhile leave together (one merged update): the room spends at most
 * a third of its time writing documents, however large it is, and waits no longer than that costs.
 * A small room's loop takes microseconds, so it sends at once; a loaded machine makes every loop
 * slower, so the gap grows with the load, not with the room size alone. A quiet big room still sends
 * an isolated edit at once: the gap is a minimum between broadcasts, not a delay.
 *
 * Presence (cursors) is batched by tick (awareness-batcher.ts): the base tick, longer as broadcasts get
 * costly, never above the tick that keeps cursors within their budget (150 ms at p99 at every screen:
 * a tick of 100 ms plus the write and the delivery).
 */

/** After a document broadcast, the next waits this many times its write loop (smoothed). */
const DOC_GAP_PER_WRITE = 2
/** Gaps below this are not worth a timer: the next event-loop turn is soon enough. */
const MIN_GAP_MS = 1
const MAX_DOC_GAP_MS = 30
/** The presence tick grows by this many times the write loop of a broadcast (smoothed)... */
const PRESENCE_TICK_PER_WRITE = 8
/** ...up to this. */
const MAX_PRESENCE_TICK_MS = 100
/** Weight of the newest write in the smoothed write time. */
const SMOOTHING = 0.25

/** A room's pacing, learnt from its own broadcasts. */
export class BroadcastPacer {
  #docWriteMs = 0
  #writeMs = 0

  /** Records one broadcast's write loop (`withUpdate` when it carried a document update). */
  wrote(writeMs: number, withUpdate: boolean): void {
    this.#writeMs += (writeMs - this.#writeMs) * SMOOTHING
    if (withUpdate) this.#docWriteMs += (writeMs - this.#docWriteMs) * SMOOTHING
  }

  /** The smallest gap after a document broadcast before the next (0: the next event-loop turn). */
  docGapMs(): number {
    const gap = DOC_GAP_PER_WRITE * this.#docWriteMs
    return gap < MIN_GAP_MS ? 0 : Math.min(MAX_DOC_GAP_MS, gap)
  }

  /** The presence tick, never below `baseTickMs`. */
  presenceTickMs(baseTickMs: number): number {
    return Math.max(baseTickMs, Math.min(MAX_PRESENCE_TICK_MS, PRESENCE_TICK_PER_WRITE * this.#writeMs))
  }
}
