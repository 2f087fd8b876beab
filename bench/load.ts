import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import * as hdr from 'hdr-histogram-js'
import * as Y from 'yjs'
import { BoardWriter } from './board-edits.ts'
import { Presence, randomClientId } from './presence.ts'
import { awarenessMessage, type Dialect, decodeIncoming, helloMessages, updateMessage } from './protocol.ts'
import { openRawWs, type RawWs } from './raw-ws.ts'
import { cursorStamp, docStamp, mergeFigures, type ReceiverFigures, StampClock, toWall } from './stamps.ts'
import { openWatcher, type WatcherSpec, WatcherThread } from './watchers.ts'

/**
 * The open-loop load generator. One process (pinned to its own core) plays every participant of one
 * or many rooms:
 * - writers (the active participants) post an idea every `ideaPeriodMs`, move one of their cards every
 *   `movePeriodMs` and move their cursor at `cursorHz`, at scheduled times that do not wait for answers
 *   (open loop: a slow server makes latencies grow instead of slowing the load down). They do not read
 *   what they receive.
 * - probes decode everything into a Y.Doc and record, for each edit, when they applied it, and for each
 *   cursor state, how old it was when it arrived.
 * - watchers only count bytes and frames (on a thread of their own in big runs: watchers.ts).
 * Everyone announces an awareness state on joining and renews it every 15 s, as y-protocols' Awareness
 * does (servers drop silent states after 30 s, and Hocuspocus closes silent sockets).
 *
 * Latency of an edit = the moment the last probe of its room applied it − its scheduled send time, in
 * an HDR histogram (µs). Edits that some probe never applied by the end of the drain are missing (a
 * sequence-number gap: Yjs will not integrate a writer's later edits past a lost one either).
 */

export interface ParticipantAccess {
  url: string
  headers: Record<string, string>
  name: string
  /** The participant's identity on the board (ideas' `authorId`). */
  authorId: string
}

export interface RoomPlan {
  dialect: Dialect
  /** Document name (Hocuspocus messages carry it; informational otherwise). */
  docName: string
  writers: ParticipantAccess[]
  probes: ParticipantAccess[]
  watchers: ParticipantAccess[]
}

export interface Rates {
  movePeriodMs: number
  ideaPeriodMs: number
  cursorHz: number
}

/** The workshop of the issue: an active participant moves a card every 2 s, posts every 10 s, 10 Hz cursor. */
export const workshopRates: Rates = { movePeriodMs: 2000, ideaPeriodMs: 10_000, cursorHz: 10 }

const cursorRing = 256
/**
 * The scheduler's tick. Node timers have a 1 ms granularity: sending only what is overdue made every
 * send 0.9 ms late at the median (bench/README.md), counted as server latency. Each tick therefore
 * sends what falls due before the next one and times it from its actual send time, which is never
 * later than its schedule.
 */
const TICK_MS = 1
/** From this many watchers on, they read on a thread of their own (watchers.ts). */
const WATCHER_THREAD_FROM = 200

interface Writer {
  ws: RawWs
  board: BoardWriter
  /** Its index among the run's writers (its cursor stamps' slot, stamps.ts). */
  index: number
  room: number
  clientId: number
  clock: number
  /** Scheduled time (performance.now()) of each cursor state, by clock modulo the ring. */
  cursorTimes: Float64Array
  nextMove: number
  nextIdea: number
  nextCursor: number
  name: string
}

interface Probe {
  ws: RawWs
  doc: Y.Doc
  room: number
  synced: boolean
  syncedAt: number
  /** Per record: index (in that record's edit list) of the newest edit this probe has applied. */
  seen: Map<string, number>
}

interface Edit {
  /** Scheduled send time (performance.now()). */
  t: number
  /** Probes of its room that have not applied it yet. */
  remaining: number
}

export interface LoadStats {
  participants: number
  rooms: number
  windowS: number
  /** At the probes (the last of the room's probes to apply each edit). */
  doc: HistogramSummary
  cursor: HistogramSummary
  /** At every receiver (stamps.ts): each socket times each edit it receives. */
  everyReceiver: EveryReceiverStats
  editsSent: number
  editsComplete: number
  editsMissing: number
  cursorStatesReceived: number
  messagesSent: number
  framesReceived: number
  bytesReceived: number
  closedSockets: number
  load: { cpuCores: number; eldP99Ms: number; saturated: boolean }
}

export interface EveryReceiverStats {
  doc: HistogramSummary
  /** Cursor states timed by a tenth of the receivers each (stamps.ts). */
  cursor: HistogramSummary
  /** Deliveries timed ÷ (edits sent in the window × receivers): 1 when every socket saw every edit. */
  docCoverage: number
  /** Receivers by join order, in tenths: mean doc latency (ms) of each tenth, first joined first. */
  meanMsByJoinTenth: number[]
  /** The receivers' own doc p99 is not kept; their worst mean (ms) and how many had a delivery over 50 ms. */
  worstReceiverMeanMs: number
  receiversWithLateDeliveries: number
  receivers: number
  /** Event-loop delay p99 (ms) of the watcher thread (0 without one): its lateness counts in the figures. */
  watcherThreadEldP99Ms: number
}

export interface HistogramSummary {
  count: number
  p50Ms: number
  p99Ms: number
  maxMs: number
}

function newHistogram() {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  })
}

function summarize(h: hdr.Histogram): HistogramSummary {
  const ms = (us: number) => Math.round(us) / 1000
  return {
    count: h.totalCount,
    p50Ms: ms(h.getValueAtPercentile(50)),
    p99Ms: ms(h.getValueAtPercentile(99)),
    maxMs: ms(h.maxValue),
  }
}

const wallNow = () => performance.timeOrigin + performance.now()

/** Runs the participants of `rooms` against a server; see the module comment. */
export class LoadRun {
  readonly rooms: RoomPlan[]
  readonly rates: Rates
  private writers: Writer[] = []
  private writerCount = 0
  private probes: Probe[] = []
  private sockets: RawWs[] = []
  private writerByClientId = new Map<number, Writer>()
  private edits = new Map<string, Edit>()
  /** Every edit key → its record and its place among that record's edits. */
  private keyInfo = new Map<string, { record: string; index: number }>()
  /** Per record: its edit keys in the order they were made. */
  private recordKeys = new Map<string, string[]>()
  /** Bench key → first-applied wall time, kept for the durability check (W4) when enabled. */
  readonly appliedAt = new Map<string, number>()
  trackApplied = false
  /** Keys of the edits scheduled inside the window (kept when trackApplied). */
  private windowKeys = new Set<string>()
  private docHist = newHistogram()
  private cursorHist = newHistogram()
  private ticker: NodeJS.Timeout | undefined
  private heartbeats: NodeJS.Timeout | undefined
  private windowStart = Number.POSITIVE_INFINITY
  private windowEnd = Number.POSITIVE_INFINITY
  private counters = { editsSent: 0, cursorStates: 0, messagesSent: 0, closed: 0 }
  private eld = monitorEventLoopDelay({ resolution: 5 })
  private cpuAtStart = process.cpuUsage()
  private wallAtStart = 0
  private framesAtStart = 0
  private bytesAtStart = 0
  private presence = new Presence()
  private watcherThread: WatcherThread | null = null
  /** Every receiver's stamps, on this thread (the watcher thread has its own). */
  private stamps = new StampClock()
  private receivers = 0
  private wallWindowStart = Number.POSITIVE_INFINITY
  /** Page id learnt from the first probe's document (the board's page record). */
  pageId = 'page:page'
  /** Called for every socket that closes while the run is open. */
  onSocketClose: ((code: number, reason: string) => void) | undefined

  constructor(rooms: RoomPlan[], rates: Rates = workshopRates) {
    this.rooms = rooms
    this.rates = rates
  }

  get participants(): number {
    return this.rooms.reduce((n, r) => n + r.writers.length + r.probes.length + r.watchers.length, 0)
  }

  /**
   * Opens every socket (`concurrency` at a time), probes first so that the page id is known before the
   * writers start, and resolves once every probe has its first full state.
   */
  async connect(concurrency = 50): Promise<void> {
    // Receivers are numbered in join order (probes, writers, then watchers): the order a server that
    // keeps its connections in a set writes to them.
    const tasks: (() => Promise<void>)[] = []
    this.rooms.forEach((room, roomIndex) => {
      for (const p of room.probes) {
        const index = this.receivers++
        tasks.push(() => this.openProbe(room, roomIndex, p, index))
      }
    })
    await runLimited(tasks, concurrency)
    await this.waitProbesSynced(30_000)
    const writers: (() => Promise<void>)[] = []
    const watchers: WatcherSpec[] = []
    this.rooms.forEach((room, roomIndex) => {
      for (const w of room.writers) {
        const index = this.receivers++
        writers.push(() => this.openWriter(room, roomIndex, w, index))
      }
    })
    this.rooms.forEach((room) => {
      for (const w of room.watchers)
        watchers.push({
          receiverIndex: this.receivers++,
          url: w.url,
          headers: w.headers,
          dialect: room.dialect,
          docName: room.docName,
          name: w.name,
        })
    })
    await runLimited(writers, concurrency)
    if (watchers.length >= WATCHER_THREAD_FROM) {
      this.watcherThread = new WatcherThread()
      this.watcherThread.onSocketClose = (code, reason) => this.closeHandler(code, reason)
      await this.watcherThread.open(watchers, concurrency)
    } else {
      const open = watchers.map((spec) => async () => {
        this.sockets.push(await openWatcher(spec, this.presence, this.closeHandler, this.stamps))
      })
      await runLimited(open, concurrency)
    }
    this.heartbeats = setInterval(() => this.presence.renew(), 1000)
  }

  private async waitProbesSynced(timeoutMs: number) {
    const deadline = performance.now() + timeoutMs
    while (this.probes.some((p) => !p.synced)) {
      if (performance.now() > deadline) {
        const missing = this.probes.filter((p) => !p.synced).length
        throw new Error(`${missing} probe(s) not synced after ${timeoutMs} ms`)
      }
      await sleep(10)
    }
  }

  private closeHandler = (code: number, reason: string) => {
    this.counters.closed++
    this.onSocketClose?.(code, reason)
  }

  private async openProbe(
    room: RoomPlan,
    roomIndex: number,
    access: ParticipantAccess,
    receiverIndex: number,
  ) {
    const doc = new Y.Doc()
    const probe: Probe = {
      ws: undefined as unknown as RawWs,
      doc,
      room: roomIndex,
      synced: false,
      syncedAt: 0,
      seen: new Map(),
    }
    doc.getArray('records').observe((event) => {
      const now = performance.now()
      for (const item of event.changes.added) {
        for (const entry of item.content.getContent() as { val?: { meta?: { bench?: unknown } } }[]) {
          const key = entry?.val?.meta?.bench
          if (typeof key === 'string') this.applied(probe, key, now)
        }
      }
    })
    const ws = await openRawWs({
      url: access.url,
      headers: access.headers,
      mode: 'decode',
      onClose: this.closeHandler,
      onChunk: this.stamps.receiver(receiverIndex),
      onMessage: (data) => {
        const message = decodeIncoming(room.dialect, data)
        if (message.kind === 'update') {
          Y.applyUpdate(doc, message.update, 'remote')
          if (message.step2 && !probe.synced) {
            probe.synced = true
            probe.syncedAt = performance.now()
            this.learnPageId(doc)
          }
        } else if (message.kind === 'awareness') {
          const now = performance.now()
          for (const entry of message.entries) this.cursorSeen(entry.clientId, entry.clock, now)
        }
      },
    })
    probe.ws = ws
    for (const m of helloMessages(room.dialect, room.docName)) ws.send(m)
    this.presence.announce(ws, room.dialect, room.docName, access.name)
    this.probes.push(probe)
    this.sockets.push(ws)
  }

  private learnPageId(doc: Y.Doc) {
    for (const entry of doc.getArray('records').toArray() as { key: string; val: { typeName?: string } }[]) {
      if (entry?.val?.typeName === 'page') {
        this.pageId = entry.key
        return
      }
    }
  }

  private async openWriter(
    room: RoomPlan,
    roomIndex: number,
    access: ParticipantAccess,
    receiverIndex: number,
  ) {
    let ws: RawWs | undefined
    const index = this.writerCount++
    const board = new BoardWriter({
      name: `${roomIndex}.${index}`,
      pageId: this.pageId,
      authorId: access.authorId,
      authorName: access.name,
      send: (update) => {
        ws?.send(updateMessage(room.dialect, room.docName, update))
        this.counters.messagesSent++
      },
    })
    ws = await openRawWs({
      url: access.url,
      headers: access.headers,
      mode: 'count',
      onClose: this.closeHandler,
      onChunk: this.stamps.receiver(receiverIndex),
    })
    for (const m of helloMessages(room.dialect, room.docName)) ws.send(m)
    const writer: Writer = {
      ws,
      board,
      index,
      room: roomIndex,
      clientId: randomClientId(),
      clock: 0,
      cursorTimes: new Float64Array(cursorRing),
      nextMove: 0,
      nextIdea: 0,
      nextCursor: 0,
      name: access.name,
    }
    this.writerByClientId.set(writer.clientId, writer)
    this.writers.push(writer)
    this.sockets.push(ws)
  }

  /**
   * A probe applied the edit `key`. A server that coalesces updates may merge two edits of one card
   * into one (the first is then never visible on its own): an edit counts as delivered to a probe when
   * it, or a later edit of the same card, was applied there.
   */
  private applied(probe: Probe, key: string, now: number) {
    if (this.trackApplied && !this.appliedAt.has(key)) this.appliedAt.set(key, wallNow())
    const info = this.keyInfo.get(key)
    if (!info) {
      if (process.env.BENCH_DEBUG) console.log('unknown key', key)
      return
    }
    const keys = this.recordKeys.get(info.record) ?? []
    const from = (probe.seen.get(info.record) ?? -1) + 1
    if (info.index < from) return
    probe.seen.set(info.record, info.index)
    for (let i = from; i <= info.index; i++) {
      const edit = this.edits.get(keys[i])
      if (!edit) continue
      edit.remaining--
      if (edit.remaining > 0) continue
      this.edits.delete(keys[i])
      if (edit.t >= this.windowStart && edit.t < this.windowEnd) {
        this.docHist.recordValue(Math.max(1, Math.round((now - edit.t) * 1000)))
      }
    }
  }

  private cursorSeen(clientId: number, clock: number, now: number) {
    const writer = this.writerByClientId.get(clientId)
    if (!writer || clock > writer.clock || writer.clock - clock >= cursorRing) return
    const t = writer.cursorTimes[clock % cursorRing]
    if (t < this.windowStart || t >= this.windowEnd) return
    this.counters.cursorStates++
    this.cursorHist.recordValue(Math.max(1, Math.round((now - t) * 1000)))
  }

  /** Starts the scheduled load; each writer's first events fall at random phases within one period. */
  start(): void {
    const now = performance.now()
    const cursorPeriod = 1000 / this.rates.cursorHz
    for (const w of this.writers) {
      w.nextMove = now + Math.random() * this.rates.movePeriodMs
      w.nextIdea = now + Math.random() * this.rates.ideaPeriodMs
      w.nextCursor = now + Math.random() * cursorPeriod
    }
    this.ticker = setInterval(() => this.tick(), TICK_MS)
  }

  private tick() {
    const now = performance.now()
    // What falls due before the next tick goes now, timed from now (see TICK_MS); what is overdue keeps
    // its scheduled time, so a generator that falls behind still counts its lateness.
    const horizon = now + TICK_MS
    const cursorPeriod = 1000 / this.rates.cursorHz
    for (const w of this.writers) {
      if (!w.ws.open) continue
      while (w.nextIdea <= horizon) {
        this.edit(w, Math.min(w.nextIdea, now), (stamp) => w.board.postIdea(stamp))
        w.nextIdea += this.rates.ideaPeriodMs
      }
      while (w.nextMove <= horizon) {
        this.edit(w, Math.min(w.nextMove, now), (stamp) => w.board.moveCard(stamp))
        w.nextMove += this.rates.movePeriodMs
      }
      while (w.nextCursor <= horizon) {
        w.clock++
        const scheduled = Math.min(w.nextCursor, now)
        w.cursorTimes[w.clock % cursorRing] = scheduled
        const x = Math.round(500 + 400 * Math.sin(w.clock / 7))
        const y = Math.round(400 + 300 * Math.cos(w.clock / 5))
        const room = this.rooms[w.room]
        w.ws.send(
          awarenessMessage(room.dialect, room.docName, w.clientId, w.clock, {
            user: { name: w.name, color: '#3070e0' },
            // Kenlabour's board presence (client/board/presence.ts): the server rebuilds `board.cursor`
            // from x, y, type (any short string: screens draw an unknown type as the default cursor)
            // and rotation, so the stamp rides as the cursor's type.
            board: {
              pageId: this.pageId,
              cursor: { x, y, type: cursorStamp(w.index, toWall(scheduled)), rotation: 0 },
            },
          }),
        )
        this.counters.messagesSent++
        w.nextCursor += cursorPeriod
      }
    }
  }

  private edit(w: Writer, scheduled: number, make: (stamp: string) => string) {
    const key = make(docStamp(toWall(scheduled)))
    const record = w.board.lastRecordId
    const keys = this.recordKeys.get(record) ?? []
    keys.push(key)
    this.recordKeys.set(record, keys)
    this.keyInfo.set(key, { record, index: keys.length - 1 })
    const probes = this.rooms[w.room].probes.length
    if (probes > 0) this.edits.set(key, { t: scheduled, remaining: probes })
    if (scheduled >= this.windowStart && scheduled < this.windowEnd) {
      this.counters.editsSent++
      if (this.trackApplied) this.windowKeys.add(key)
    }
  }

  /** Opens the measurement window: everything scheduled from now on counts. */
  async beginWindow(): Promise<void> {
    this.windowStart = performance.now()
    this.wallWindowStart = toWall(this.windowStart)
    this.stamps.window(this.wallWindowStart)
    await this.watcherThread?.window(this.wallWindowStart)
    this.windowEnd = Number.POSITIVE_INFINITY
    this.docHist.reset()
    this.cursorHist.reset()
    this.counters = { editsSent: 0, cursorStates: 0, messagesSent: 0, closed: this.counters.closed }
    this.eld.reset()
    this.eld.enable()
    this.cpuAtStart = process.cpuUsage()
    this.wallAtStart = performance.now()
    this.framesAtStart = this.totalFrames()
    this.bytesAtStart = this.totalBytes()
  }

  /** Closes the window (scheduling goes on); returns the load generator's own figures for it. */
  endWindow(): { cpuCores: number; eldP99Ms: number; saturated: boolean; frames: number; bytes: number } {
    this.windowEnd = performance.now()
    this.stamps.window(this.wallWindowStart, toWall(this.windowEnd))
    void this.watcherThread?.window(this.wallWindowStart, toWall(this.windowEnd))
    const wall = this.windowEnd - this.wallAtStart
    const cpu = process.cpuUsage(this.cpuAtStart)
    const cpuCores = (cpu.user + cpu.system) / 1000 / wall
    const eldP99Ms = this.eld.percentile(99) / 1e6
    this.eld.disable()
    return {
      cpuCores,
      eldP99Ms,
      // One core is all it has: above 90 % or with a loop that lags 100 ms, send times slip.
      saturated: cpuCores > 0.9 || eldP99Ms > 100,
      frames: this.totalFrames() - this.framesAtStart,
      bytes: this.totalBytes() - this.bytesAtStart,
    }
  }

  /** Stops scheduling; waits up to `drainMs` for edits of the window still in flight. */
  async stop(drainMs: number): Promise<void> {
    clearInterval(this.ticker)
    const deadline = performance.now() + drainMs
    while (performance.now() < deadline && this.pendingInWindow() > 0) await sleep(20)
  }

  private pendingInWindow(): number {
    let n = 0
    for (const edit of this.edits.values()) if (edit.t >= this.windowStart && edit.t < this.windowEnd) n++
    return n
  }

  /** The window's figures (call after endWindow and stop). */
  async stats(load: ReturnType<LoadRun['endWindow']>): Promise<LoadStats> {
    const missing = this.pendingInWindow()
    return {
      participants: this.participants,
      rooms: this.rooms.length,
      windowS: (this.windowEnd - this.windowStart) / 1000,
      doc: summarize(this.docHist),
      cursor: summarize(this.cursorHist),
      everyReceiver: await this.everyReceiver(),
      editsSent: this.counters.editsSent,
      editsComplete: this.docHist.totalCount,
      editsMissing: missing,
      cursorStatesReceived: this.counters.cursorStates,
      messagesSent: this.counters.messagesSent,
      framesReceived: load.frames,
      bytesReceived: load.bytes,
      closedSockets: this.counters.closed,
      load: {
        cpuCores: round(load.cpuCores, 3),
        eldP99Ms: round(load.eldP99Ms, 1),
        saturated: load.saturated,
      },
    }
  }

  /** Every receiver's figures, this thread's and the watcher thread's together. */
  private async everyReceiver(): Promise<EveryReceiverStats> {
    const parts: ReceiverFigures[] = [this.stamps.figures()]
    let watcherThreadEldP99Ms = 0
    if (this.watcherThread) {
      const thread = await this.watcherThread.figures()
      parts.push(thread.figures)
      watcherThreadEldP99Ms = round(thread.eldP99Ms, 1)
    }
    const merged = mergeFigures(parts)
    const tenths = Array.from({ length: 10 }, () => ({ n: 0, sum: 0 }))
    let worst = 0
    let late = 0
    for (const [index, [n, sum, over50]] of merged.perReceiver) {
      const tenth = tenths[Math.min(9, Math.floor((index * 10) / this.receivers))]
      tenth.n += n
      tenth.sum += sum
      worst = Math.max(worst, sum / n)
      if (over50 > 0) late++
    }
    const expected = this.counters.editsSent * this.receivers
    return {
      doc: summarize(merged.doc),
      cursor: summarize(merged.cursor),
      docCoverage: expected > 0 ? round(merged.doc.totalCount / expected, 3) : 0,
      meanMsByJoinTenth: tenths.map((t) => (t.n > 0 ? round(t.sum / t.n, 1) : 0)),
      worstReceiverMeanMs: round(worst, 1),
      receiversWithLateDeliveries: late,
      receivers: this.receivers,
      watcherThreadEldP99Ms,
    }
  }

  /** Was this edit scheduled inside the window? (Only known when trackApplied was set.) */
  inWindowKey(key: string): boolean {
    return this.windowKeys.has(key)
  }

  /** The probes' documents (to compare replicas). */
  probeDocs(): Y.Doc[] {
    return this.probes.map((p) => p.doc)
  }

  totalFrames(): number {
    return this.sockets.reduce((n, s) => n + s.frames, this.watcherThread?.frames ?? 0)
  }

  totalBytes(): number {
    return this.sockets.reduce((n, s) => n + s.bytes, this.watcherThread?.bytes ?? 0)
  }

  /** Closes every socket. */
  async close(): Promise<void> {
    clearInterval(this.ticker)
    clearInterval(this.heartbeats)
    this.onSocketClose = undefined
    for (const s of this.sockets) s.destroy()
    this.sockets = []
    await this.watcherThread?.close()
    this.watcherThread = null
    this.writers = []
    this.probes = []
    this.edits.clear()
    this.keyInfo.clear()
    this.recordKeys.clear()
    this.presence.clear()
    await sleep(200)
  }
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** Runs async tasks with at most `limit` in flight; rejects with the first failure. */
export async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const task = tasks[next++]
      await task()
    }
  })
  await Promise.all(workers)
}
