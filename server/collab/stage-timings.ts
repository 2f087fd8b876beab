import { channel } from 'node:diagnostics_channel'

/**
 * Where a live edit's time goes inside a room, published on diagnostics channels for whoever listens
 * (the bench's server probe, bench/server-probe.ts). Nothing is measured or built while nobody
 * subscribes (`hasSubscribers`), so production pays one boolean test per broadcast.
 */

/** One broadcast of a room to its connections. */
export interface BroadcastTiming {
  connections: number
  /** Bytes written to each connection. */
  bytes: number
  /** How long the oldest document update in it waited for the broadcast (ms); null without one. */
  docWaitMs: number | null
  /** How long the oldest presence change in it waited (ms); null without presence. */
  presenceWaitMs: number | null
  /** The write loop over every connection (ms). */
  writeMs: number
}

/** One client update reviewed and applied (validation.ts), in ms. */
export interface ReviewTiming {
  ms: number
}

export const broadcastChannel = channel('kenlabour.collab.broadcast')
export const reviewChannel = channel('kenlabour.collab.review')
