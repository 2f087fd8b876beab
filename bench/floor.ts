import { type ChildProcess, spawn } from 'node:child_process'
import { connect, type NetConnectOpts, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import * as hdr from 'hdr-histogram-js'
import { trackChild } from './children.ts'
import { round } from './load.ts'

/**
 * The physical floor of a broadcast on this machine: the time to write one buffer to N loopback
 * sockets from one process on the server core, and until the last of N sockets read by one process on
 * the load core has it. Plain TCP, no websocket framing, no Yjs, no server logic: what no server can
 * beat with one event loop and one write per connection, to set each server's every-receiver p99 against.
 */

export interface FloorRow {
  sockets: number
  bytes: number
  rounds: number
  writeLoop: { p50Ms: number; p99Ms: number }
  /** From the start of the write loop until the first / the last socket had all the bytes. */
  firstReceiver: { p50Ms: number; p99Ms: number }
  lastReceiver: { p50Ms: number; p99Ms: number; maxMs: number }
  /** Every socket's delivery time, all rounds together. */
  everyReceiverP99Ms: number
}

const wallNow = () => performance.timeOrigin + performance.now()

function histogram() {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  })
}
const ms = (h: hdr.Histogram, p: number) => round(h.getValueAtPercentile(p) / 1000, 2)

/** Measures `rounds` broadcasts of each size in `sizes` to `sockets` connections. */
export async function runFloor(options: {
  serverCore: number
  sockets: number
  sizes: number[]
  rounds: number
}): Promise<FloorRow[]> {
  const script = new URL('./floor-writer.ts', import.meta.url).pathname
  const child: ChildProcess = spawn('taskset', ['-c', String(options.serverCore), process.execPath, script], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  trackChild(child)
  const next = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const listener = (message: { type: string }) => {
        if (message.type !== type) return
        child.off('message', listener)
        resolve(message as T)
      }
      child.on('message', listener)
    })
  const { port } = await next<{ port: number }>('listening')
  const received = new Float64Array(options.sockets)
  const arrivedAt = new Float64Array(options.sockets)
  let expected = 0
  const sockets: Socket[] = []
  // Read as the load generator's watchers read (raw-ws.ts): into one buffer, no 'data' event.
  const readBuffer = Buffer.allocUnsafe(256 * 1024)
  for (let i = 0; i < options.sockets; i++) {
    const socket = connect({
      host: '127.0.0.1',
      port,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (n: number) => {
          received[i] += n
          if (received[i] >= expected && arrivedAt[i] === 0) arrivedAt[i] = wallNow()
          return true
        },
      },
    } as NetConnectOpts)
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('connect', resolve))
    sockets.push(socket)
  }
  await sleep(500)
  const rows: FloorRow[] = []
  try {
    for (const bytes of options.sizes) {
      const write = histogram()
      const first = histogram()
      const last = histogram()
      const every = histogram()
      for (let r = 0; r < options.rounds; r++) {
        arrivedAt.fill(0)
        expected = received[0] + bytes
        const wrote = next<{ startedWall: number; ms: number }>('wrote')
        child.send({ type: 'write', bytes })
        const { startedWall, ms: loop } = await wrote
        const deadline = performance.now() + 5000
        while (arrivedAt.some((t) => t === 0) && performance.now() < deadline) await sleep(2)
        write.recordValue(Math.max(1, Math.round(loop * 1000)))
        let lo = Number.POSITIVE_INFINITY
        let hi = 0
        for (const t of arrivedAt) {
          const us = Math.max(1, Math.round((t - startedWall) * 1000))
          every.recordValue(us)
          lo = Math.min(lo, us)
          hi = Math.max(hi, us)
        }
        first.recordValue(lo)
        last.recordValue(hi)
        await sleep(20)
      }
      rows.push({
        sockets: options.sockets,
        bytes,
        rounds: options.rounds,
        writeLoop: { p50Ms: ms(write, 50), p99Ms: ms(write, 99) },
        firstReceiver: { p50Ms: ms(first, 50), p99Ms: ms(first, 99) },
        lastReceiver: { p50Ms: ms(last, 50), p99Ms: ms(last, 99), maxMs: round(last.maxValue / 1000, 2) },
        everyReceiverP99Ms: ms(every, 99),
      })
    }
  } finally {
    child.send({ type: 'stop' })
    for (const socket of sockets) socket.destroy()
  }
  return rows
}
