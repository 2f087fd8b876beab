/**
 * How often a room sends to all of its connections, by room size.
 *
 * Why: every broadcast costs one write per connection, and on loopback most of a write's cost is the
 * kernel delivering it. A room of 1,000 where 200 people move cards and cursors would otherwise take
 * 100,000 writes per second for documents alone (bench/README.md, run 4 profile). Small rooms send at
 * once; as a room grows, changes are gathered for a few milliseconds and sent together (one merged
 * update, one presence batch), which keeps the cost per participant flat. A quiet big room still sends
 * an isolated edit at once: the interval is a minimum gap between broadcasts, not a delay.
 */

/** Rooms up to this size send document changes once per event-loop turn. */
const PACED_ABOVE = 200
/** Above it, the smallest gap between document broadcasts grows to this at 1,000 connections. */
const DOC_GAP_AT_1000_MS = 30
/** Presence tick per connection, and its ceiling (the cursor staleness budget is 250 ms at p99). */
const AWARENESS_MS_PER_CONNECTION = 0.15
const AWARENESS_MAX_TICK_MS = 150

/** Smallest gap between two document broadcasts of a room with `connections` connections. */
export function docBroadcastGapMs(connections: number): number {
  if (connections <= PACED_ABOVE) return 0
  return Math.min(
    DOC_GAP_AT_1000_MS,
    ((connections - PACED_ABOVE) * DOC_GAP_AT_1000_MS) / (1000 - PACED_ABOVE),
  )
}

/** The presence tick of a room with `connections` connections, never below `baseTickMs`. */
export function awarenessTickMs(connections: number, baseTickMs: number): number {
  return Math.max(baseTickMs, Math.min(AWARENESS_MAX_TICK_MS, connections * AWARENESS_MS_PER_CONNECTION))
}
