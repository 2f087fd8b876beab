import { subscribe } from 'node:diagnostics_channel'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as hdr from 'hdr-histogram-js'

/**
 * Preloaded (`node --import bench/server-probe.ts`) into every server the bench starts, ours and the
 * peers alike, so that all are measured the same way from inside without changing their code. Over the
 * IPC channel the bench asks for:
 * - `eld`: the event-loop delay since the last `eld-reset` (p50, p99, max in ms);
 * - `memory`: `process.memoryUsage()`, after a full GC when `gc` is set (needs `--expose-gc`);
 * - `stages`: since the last `eld-reset`, where a live edit's time went inside Kenlabour's rooms, from
 *   the diagnostics channels of server/collab/stage-timings.ts (the peers publish none: null).
 * Does nothing when the process has no IPC channel.
 */
interface Request {
  benchProbe: true
  id: number
  op: 'eld-reset' | 'eld' | 'memory' | 'stages'
  gc?: boolean
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
  subscribe('kenlabour.collab.broadcast', (message) => {
    const t = message as BroadcastTiming
    published = true
    if (t.connections < 500) return
    stages.broadcasts++
    stages.bytes += t.bytes
    if (t.docWaitMs !== null) stages.docWait.record(t.docWaitMs)
    if (t.presenceWaitMs !== null) stages.presenceWait.record(t.presenceWaitMs)
    stages.write.record(t.writeMs)
    stages.writePerConnectionUs.record((t.writeMs * 1000) / t.connections)
  })
  subscribe('kenlabour.collab.review', (message) => stages.review.record((message as { ms: number }).ms))
  process.on('message', (message: Request) => {
    if (message?.benchProbe !== true) return
    let result: unknown = null
    if (message.op === 'eld-reset') {
      delay.reset()
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
      if (message.gc && gc) {
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
