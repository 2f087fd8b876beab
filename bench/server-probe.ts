import { monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * Preloaded (`node --import bench/server-probe.ts`) into every server the bench starts, ours and the
 * peers alike, so that all are measured the same way from inside without changing their code. Over the
 * IPC channel the bench asks for:
 * - `eld`: the event-loop delay since the last `eld-reset` (p50, p99, max in ms);
 * - `memory`: `process.memoryUsage()`, after a full GC when `gc` is set (needs `--expose-gc`).
 * Does nothing when the process has no IPC channel.
 */
interface Request {
  benchProbe: true
  id: number
  op: 'eld-reset' | 'eld' | 'memory'
  gc?: boolean
}

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  process.on('message', (message: Request) => {
    if (message?.benchProbe !== true) return
    let result: unknown = null
    if (message.op === 'eld-reset') {
      delay.reset()
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
