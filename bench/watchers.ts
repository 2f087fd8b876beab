import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { isMainThread, parentPort, Worker } from 'node:worker_threads'
import { Presence } from './presence.ts'
import { type Dialect, helloMessages } from './protocol.ts'
import { openRawWs, type RawWs } from './raw-ws.ts'
import { type ReceiverFigures, StampClock } from './stamps.ts'

/**
 * The watchers of a load run, on a thread of their own (same process, same core).
 *
 * Used from 200 watchers on (below that, reading them costs the main loop little and a second thread
 * only adds thread switches to the latencies measured).
 *
 * Why: watchers are most of the sockets (790 of 1,000 at K = 1,000). On one event loop with the writers
 * and probes, reading one broadcast from every socket blocks that loop for several milliseconds, and a
 * writer's scheduled send or a probe's read waits behind it: that wait was counted as server latency.
 * On their own thread, the kernel runs the writers' and probes' thread as soon as its timer fires or its
 * socket is readable, while the watchers read in between. The watcher thread runs at a lower priority
 * (nice + 5), so that when both have work the measuring thread goes first. CPU is still one core: the
 * process's CPU time covers both threads.
 */

/** Lowers the calling thread's priority by 5 (Linux: nice is per thread; no privilege needed). */
function lowerThreadPriority() {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    setPriority(tid, Math.min(19, getPriority(tid) + 5))
  } catch {
    // Not Linux: same priority as the main thread.
  }
}

export interface WatcherSpec {
  url: string
  headers: Record<string, string>
  dialect: Dialect
  docName: string
  name: string
  /** Its place among the run's receivers (join order): stamps.ts. */
  receiverIndex: number
}

type ToThread =
  | { type: 'open'; watchers: WatcherSpec[]; concurrency: number }
  | { type: 'window'; from: number; to?: number }
  | { type: 'figures' }
  | { type: 'close' }
type FromThread =
  | { type: 'opened' }
  | { type: 'windowSet' }
  | { type: 'figures'; figures: ReceiverFigures; eldP99Ms: number }
  | { type: 'failed'; message: string }
  | { type: 'closed' }
  | { type: 'socketClosed'; code: number; reason: string }

/** Opens one watcher: it says hello, announces its presence (renewed by `presence`) and counts what it gets. */
export async function openWatcher(
  spec: WatcherSpec,
  presence: Presence,
  onClose: (code: number, reason: string) => void,
  stamps: StampClock,
): Promise<RawWs> {
  const ws = await openRawWs({
    url: spec.url,
    headers: spec.headers,
    mode: 'count',
    onClose,
    onChunk: stamps.receiver(spec.receiverIndex),
  })
  for (const m of helloMessages(spec.dialect, spec.docName)) ws.send(m)
  presence.announce(ws, spec.dialect, spec.docName, spec.name)
  return ws
}

/** The main thread's handle on the watcher thread. */
export class WatcherThread {
  private worker = new Worker(new URL(import.meta.url))
  /** Frames and bytes received by every watcher so far, kept current by the thread (every 20 ms). */
  private counts = new Float64Array(new SharedArrayBuffer(16))
  private waiting: ((message: FromThread) => void) | null = null
  onSocketClose: ((code: number, reason: string) => void) | undefined

  constructor() {
    this.worker.postMessage({ counts: this.counts })
    this.worker.on('message', (message: FromThread) => {
      if (message.type === 'socketClosed') this.onSocketClose?.(message.code, message.reason)
      else this.waiting?.(message)
    })
    this.worker.on('error', (error) => this.waiting?.({ type: 'failed', message: String(error) }))
  }

  /** Requests go one at a time: the thread answers each in turn. */
  private pending: Promise<unknown> = Promise.resolve()

  private request(message: ToThread): Promise<FromThread> {
    const answer = this.pending.then(
      () =>
        new Promise<FromThread>((resolve) => {
          this.waiting = resolve
          this.worker.postMessage(message)
        }),
    )
    this.pending = answer
    return answer
  }

  async open(watchers: WatcherSpec[], concurrency: number): Promise<void> {
    const answer = await this.request({ type: 'open', watchers, concurrency })
    if (answer.type === 'failed') throw new Error(`watchers: ${answer.message}`)
  }

  /** Sets the window of the stamps that count (wall ms; `to` open while the window runs). */
  async window(from: number, to?: number): Promise<void> {
    await this.request({ type: 'window', from, to })
  }

  /** What the watchers measured (stamps.ts), with the thread's own event-loop delay p99. */
  async figures(): Promise<{ figures: ReceiverFigures; eldP99Ms: number }> {
    const answer = await this.request({ type: 'figures' })
    if (answer.type !== 'figures') throw new Error('watchers: no figures')
    return answer
  }

  get frames(): number {
    return this.counts[0]
  }

  get bytes(): number {
    return this.counts[1]
  }

  async close(): Promise<void> {
    await this.request({ type: 'close' })
    await this.worker.terminate()
  }
}

/** The thread itself. */
function runThread(port: NonNullable<typeof parentPort>) {
  lowerThreadPriority()
  let counts: Float64Array | null = null
  let sockets: RawWs[] = []
  const presence = new Presence()
  const stamps = new StampClock()
  // The thread's own lateness: a reading delayed by a busy thread counts in the latencies it records.
  const eld = monitorEventLoopDelay({ resolution: 5 })
  const send = (message: FromThread) => port.postMessage(message)
  const update = () => {
    if (!counts) return
    let frames = 0
    let bytes = 0
    for (const s of sockets) {
      frames += s.frames
      bytes += s.bytes
    }
    counts[0] = frames
    counts[1] = bytes
  }
  const counter = setInterval(update, 20)
  const renewal = setInterval(() => presence.renew(), 1000)

  async function open(watchers: WatcherSpec[], concurrency: number) {
    let next = 0
    const lanes = Array.from({ length: Math.min(concurrency, watchers.length) }, async () => {
      while (next < watchers.length) {
        const spec = watchers[next++]
        sockets.push(
          await openWatcher(
            spec,
            presence,
            (code, reason) => send({ type: 'socketClosed', code, reason }),
            stamps,
          ),
        )
      }
    })
    await Promise.all(lanes)
  }

  port.on('message', (message: ToThread | { counts: Float64Array }) => {
    if ('counts' in message) {
      counts = message.counts
      return
    }
    if (message.type === 'window') {
      if (message.to === undefined) {
        eld.reset()
        eld.enable()
      } else eld.disable()
      stamps.window(message.from, message.to)
      send({ type: 'windowSet' })
    } else if (message.type === 'figures') {
      send({ type: 'figures', figures: stamps.figures(), eldP99Ms: eld.percentile(99) / 1e6 })
    } else if (message.type === 'open') {
      open(message.watchers, message.concurrency).then(
        () => send({ type: 'opened' }),
        (error: unknown) =>
          send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
      )
    } else {
      update()
      for (const s of sockets) s.destroy()
      sockets = []
      presence.clear()
      clearInterval(counter)
      clearInterval(renewal)
      send({ type: 'closed' })
    }
  })
}

if (!isMainThread && parentPort) runThread(parentPort)
