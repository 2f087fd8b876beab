import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as hdr from 'hdr-histogram-js'

/**
 * Preloaded (`node --import bench/server-probe.ts`) into every server the bench starts, ours and the
 * peers alike, so that all are measured the same way from inside without changing their code. Over the
 * IPC channel the bench asks for:
 * - `eld`: the event-loop delay since the last `eld-reset` (p50, p99, max in ms);
 * - `memory`: `process.memoryUsage()`, after a full GC when `flag` is set (needs `--expose-gc`);
 * - `stages`: since the last `eld-reset` with `flag` set, where a live edit's time went inside
 *   Kenlabour's rooms of 500 or more, from the diagnostics channels of server/collab/stage-timings.ts
 *   (the peers publish none: null). The channels are listened to only from such an `eld-reset` to the
 *   next one without the flag: the room builds its timings only while someone listens, and in a run of
 *   500 small rooms (W2) that cost the server about 70 ms of p99 (bench/README.md, run 10).
 * Does nothing when the process has no IPC channel.
 */
interface Request {
  benchProbe: true
  id: number
  op: 'eld-reset' | 'eld' | 'memory' | 'stages'
  /** `memory`: a full GC first; `eld-reset`: time the stages from now on. */
  flag?: boolean
}

/** Durations in µs, summarised in ms. */
class Durations {
  #h = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  })
  record(ms: number) {
    this.#h.recordValue(Math.max(1, Math.round(ms * 1000)))
  }
  reset() {
    this.#h.reset()
  }
  summary() {
    const ms = (us: number) => Math.round(us) / 1000
    return {
      count: this.#h.totalCount,
      p50: ms(this.#h.getValueAtPercentile(50)),
      p99: ms(this.#h.getValueAtPercentile(99)),
      max: ms(this.#h.maxValue),
      mean: ms(this.#h.mean),
    }
  }
}

interface BroadcastTiming {
  connections: number
  bytes: number
  docWaitMs: number | null
  presenceWaitMs: number | null
  writeMs: number
}

/** The rooms whose stages are timed (W1 and W5 at K = 500 or more). */
const BIG_ROOM = 500

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  const stages = {
    docWait: new Durations(),
    presenceWait: new Durations(),
    /** The write loop of broadcasts to rooms of 500 or more (the big room of W1 and W5). */
    write: new Durations(),
    writePerConnectionUs: new Durations(),
    review: new Durations(),
    broadcasts: 0,
    bytes: 0,
  }
  let published = false
  const onBroadcast = (message: unknown) => {
    const t = message as BroadcastTiming
    if (t.connections < BIG_ROOM) return
    stages.broadcasts++
    stages.bytes += t.bytes
    if (t.docWaitMs !== null) stages.docWait.record(t.docWaitMs)
    if (t.presenceWaitMs !== null) stages.presenceWait.record(t.presenceWaitMs)
    stages.write.record(t.writeMs)
    stages.writePerConnectionUs.record((t.writeMs * 1000) / t.connections)
  }
  let watching = false
  subscribe('kenlabour.collab.review', (message) => {
    published = true
    stages.review.record((message as { ms: number }).ms)
  })
  process.on('message', (message: Request) => {
    if (message?.benchProbe !== true) return
    let result: unknown = null
    if (message.op === 'eld-reset') {
      delay.reset()
      if (message.flag && !watching) subscribe('kenlabour.collab.broadcast', onBroadcast)
      if (!message.flag && watching) unsubscribe('kenlabour.collab.broadcast', onBroadcast)
      watching = message.flag === true
      for (const d of [
        stages.docWait,
        stages.presenceWait,
        stages.write,
        stages.writePerConnectionUs,
        stages.review,
      ])
        d.reset()
      stages.broadcasts = 0
      stages.bytes = 0
    } else if (message.op === 'stages') {
      result = published
        ? {
            docWait: stages.docWait.summary(),
            presenceWait: stages.presenceWait.summary(),
            write: stages.write.summary(),
            writePerConnectionUs: stages.writePerConnectionUs.summary(),
            review: stages.review.summary(),
            broadcasts: stages.broadcasts,
            meanBytes: stages.broadcasts > 0 ? Math.round(stages.bytes / stages.broadcasts) : 0,
          }
        : null
    } else if (message.op === 'eld') {
      const ms = (ns: number) => ns / 1e6
      result = {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
        // Subtract the sampling interval: a perfectly idle loop reports about `resolution` ms.
        resolutionMs: 5,
      }
    } else if (message.op === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc
      if (message.flag && gc) {
        gc()
        gc()
      }
      result = process.memoryUsage()
    }
    process.send?.({ benchProbe: true, id: message.id, result })
  })
  // The IPC channel must not keep a server alive that would otherwise exit.
  process.channel?.unref()
}
