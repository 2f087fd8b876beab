import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import postgres from 'postgres'
import * as Y from 'yjs'
import { BoardWriter, benchKeysInUpdate } from './board-edits.ts'
import { LoadRun, type LoadStats, type RoomPlan, round, runLimited, workshopRates } from './load.ts'
import { coreBusySeconds } from './machine.ts'
import { decodeIncoming, helloMessages, updateMessage } from './protocol.ts'
import { openRawWs, type RawWs } from './raw-ws.ts'
import type { RoomAccess, ServerProcess, Target } from './targets.ts'

/** Durations and sizes of one run (full or --quick). */
export interface Settings {
  quick: boolean
  serverCore: number
  loadCore: number
  warmupMs: number
  windowMs: number
  /** A window lasts long enough for this many edits (small rooms make few: their median needs more). */
  minWindowEdits: number
  drainMs: number
  w1Ks: number[]
  w2Ms: number[]
  w3Ideas: number
  w3JoinSeconds: number
  w3JoinsPerSecond: number
  w5Ks: number[]
  w6Boards: number
  w6Seconds: number
  w6ChurnPerSecond: number
  memoryIdleConnections: number
  memoryBoardIdeas: number
  /** Wait for rooms to store and unload (Kenlabour unloads a room 2 s after its last client left). */
  settleMs: number
}

export const fullSettings: Settings = {
  quick: false,
  serverCore: 1,
  loadCore: 0,
  warmupMs: 3000,
  windowMs: 8000,
  minWindowEdits: 200,
  drainMs: 3000,
  w1Ks: [50, 100, 200, 400, 700, 1000],
  w2Ms: [50, 500],
  w3Ideas: 5000,
  w3JoinSeconds: 30,
  w3JoinsPerSecond: 20,
  w5Ks: [200, 1000],
  w6Boards: 500,
  w6Seconds: 300,
  w6ChurnPerSecond: 50,
  memoryIdleConnections: 1000,
  memoryBoardIdeas: 5000,
  settleMs: 6000,
}

export const quickSettings: Settings = {
  quick: true,
  serverCore: 1,
  loadCore: 0,
  warmupMs: 700,
  windowMs: 2000,
  minWindowEdits: 0,
  drainMs: 1500,
  w1Ks: [10, 30],
  w2Ms: [6],
  w3Ideas: 300,
  w3JoinSeconds: 2,
  w3JoinsPerSecond: 10,
  w5Ks: [20],
  w6Boards: 10,
  w6Seconds: 2,
  w6ChurnPerSecond: 10,
  memoryIdleConnections: 30,
  memoryBoardIdeas: 300,
  settleMs: 2500,
}

/** The targets of the issue, for K_max: document p99 ≤ 100 ms, cursor p99 ≤ 250 ms, no drops. */
export const kmaxRule = { docP99Ms: 100, cursorP99Ms: 250 }
/** Rooms whose stages the server probe times (its own BIG_ROOM, bench/server-probe.ts). */
const BIG_ROOM = 500

/** One measured step: the load's figures plus the server side. */
export interface Step extends LoadStats {
  workload: string
  target: string
  /** K (W1, W5) or M boards (W2). */
  size: number
  server: {
    /** Cores used by the server process(es) during the window. */
    cpuCores: number
    /** Server CPU per participant, in ms of CPU per second. */
    cpuMsPerParticipantPerS: number
    /** Server CPU per message the clients sent (edits + cursor moves), in µs. */
    cpuUsPerMessageIn: number
    /** Event-loop delay during the window (worst instance); null when the server did not answer. */
    eldP99Ms: number | null
    eldMaxMs: number | null
    rssMiB: number
    /** CPU used on the server core by other processes (this machine is shared): noise indicator. */
    foreignCpuOnServerCore: number
    /** Kenlabour only: where an edit's time went in the big room (bench/server-probe.ts, `stages`). */
    stages?: ServerStages | null
  }
  /** CPU used on the load generator's core by other processes (our private Postgres/Redis included). */
  foreignCpuOnLoadCore: number
  durability?: DurabilityStats
  /** Whether this step passes the K_max rule (null when it was discarded: load generator saturated). */
  passes: boolean | null
  note?: string
}

interface StageSummary {
  count: number
  p50: number
  p99: number
  max: number
  mean: number
}

/** Per-stage timing inside Kenlabour's rooms of 500 or more (server/collab/stage-timings.ts), in ms. */
export interface ServerStages {
  docWait: StageSummary
  presenceWait: StageSummary
  write: StageSummary
  writePerConnectionUs: StageSummary
  review: StageSummary
  broadcasts: number
  meanBytes: number
}

export interface DurabilityStats {
  /** Edits of the window matched with their row in board_updates. */
  matched: number
  /** Edits of the window never seen in a row (possibly compacted before a poll saw them). */
  unmatched: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  lastPollError?: string
}

function probeWithin<T>(
  server: ServerProcess,
  op: 'eld-reset' | 'eld' | 'stages',
  timeoutMs: number,
  flag = false,
): Promise<T | null> {
  return Promise.race([server.probe<T>(op, flag).catch(() => null), sleep(timeoutMs).then(() => null)])
}

/** Splits K participants of one room into probes, writers (20 %: the active ones) and watchers. */
export function roomPlan(room: RoomAccess, participants = room.participants): RoomPlan {
  const k = participants.length
  const probes = Math.max(1, Math.min(10, Math.floor(k / 10)))
  const writers = Math.max(1, Math.round(k * 0.2))
  return {
    dialect: room.dialect,
    docName: room.docName,
    probes: participants.slice(0, probes),
    writers: participants.slice(probes, probes + writers),
    watchers: participants.slice(probes + writers),
  }
}

/**
 * Runs the workshop load on `plans` against `target` and measures one window: connect, warm up,
 * measure, drain. With `durability`, also polls board_updates to time each edit's row (W4).
 */
export async function measure(
  settings: Settings,
  target: Target,
  plans: RoomPlan[],
  meta: { workload: string; size: number },
  durability?: { databaseUrl: string; boardIds: string[] },
  /** When given, the window lasts as long as this runs instead of `settings.windowMs`. */
  during?: () => Promise<void>,
): Promise<Step> {
  const run = new LoadRun(plans)
  let closes = ''
  run.onSocketClose = (code, reason) => {
    if (closes.length < 200) closes += `${code} ${reason}; `
  }
  try {
    await run.connect()
    run.trackApplied = durability !== undefined
    run.start()
    await sleep(settings.warmupMs)
    const servers = target.servers
    // The stage timings cost the server a little per broadcast: only while a big room is measured.
    const bigRoom = plans.some((p) => p.probes.length + p.writers.length + p.watchers.length >= BIG_ROOM)
    await Promise.all(servers.map((s) => probeWithin(s, 'eld-reset', 2000, bigRoom)))
    const cpu0 = servers.map((s) => s.cpuSeconds())
    const core0 = coreBusySeconds(settings.serverCore)
    const loadCore0 = coreBusySeconds(settings.loadCore)
    const wall0 = performance.now()
    const poller = durability ? new RowPoller(durability.databaseUrl, durability.boardIds) : undefined
    await run.beginWindow()
    if (during) await during()
    else await sleep(windowMs(settings, plans))
    const load = run.endWindow()
    const wallS = (performance.now() - wall0) / 1000
    const cpu = servers.reduce((sum, s, i) => sum + (s.exited ? 0 : s.cpuSeconds() - cpu0[i]), 0) / wallS
    const coreBusy = (coreBusySeconds(settings.serverCore) - core0) / wallS
    const loadCoreBusy = (coreBusySeconds(settings.loadCore) - loadCore0) / wallS
    const elds = await Promise.all(
      servers.map((s) => probeWithin<{ p99: number; max: number }>(s, 'eld', settings.drainMs + 2000)),
    )
    const rss = servers.reduce((sum, s) => sum + (s.exited ? 0 : s.rssBytes()), 0)
    // Stages of the first server (W5: the other instance has a like share of the room).
    const stages = await probeWithin<ServerStages>(servers[0], 'stages', 2000)
    await run.stop(settings.drainMs)
    const stats = await run.stats(load)
    let durabilityStats: DurabilityStats | undefined
    if (poller) {
      await sleep(300)
      durabilityStats = await poller.finish(run.appliedAt, run)
    }
    const participants = stats.participants
    const unresponsive = elds.some((e) => e === null)
    const step: Step = {
      ...meta,
      target: target.name,
      ...stats,
      server: {
        cpuCores: round(cpu, 3),
        cpuMsPerParticipantPerS: round((cpu * 1000) / participants, 3),
        cpuUsPerMessageIn: round((cpu * wallS * 1e6) / Math.max(1, stats.messagesSent), 1),
        eldP99Ms: unresponsive ? null : round(Math.max(...elds.map((e) => e?.p99 ?? 0)), 1),
        eldMaxMs: unresponsive ? null : round(Math.max(...elds.map((e) => e?.max ?? 0)), 1),
        rssMiB: round(rss / 2 ** 20, 1),
        foreignCpuOnServerCore: round(Math.max(0, coreBusy - cpu), 3),
        stages,
      },
      foreignCpuOnLoadCore: round(Math.max(0, loadCoreBusy - load.cpuCores), 3),
      durability: durabilityStats,
      passes: null,
    }
    step.passes = stats.load.saturated
      ? null
      : stats.doc.p99Ms <= kmaxRule.docP99Ms &&
        stats.cursor.p99Ms <= kmaxRule.cursorP99Ms &&
        stats.editsMissing === 0 &&
        stats.closedSockets === 0 &&
        stats.doc.count > 0
    const notes = []
    if (stats.load.saturated)
      notes.push(
        'DISCARDED: load generator saturated (its CPU > 0.9 core or its event-loop delay p99 > 100 ms)',
      )
    if (unresponsive) notes.push('server did not answer the probe (event loop blocked)')
    if (closes) notes.push(`closes: ${closes}`)
    if (step.server.foreignCpuOnServerCore > 0.15)
      notes.push(`other processes used ${step.server.foreignCpuOnServerCore} of the server core`)
    if (step.foreignCpuOnLoadCore > 0.15)
      notes.push(`other processes used ${step.foreignCpuOnLoadCore} of the load core`)
    if (notes.length > 0) step.note = notes.join('; ')
    return step
  } finally {
    await run.close()
  }
}

/** The window of a step: `settings.windowMs`, longer when the writers make few edits (at most 40 s). */
function windowMs(settings: Settings, plans: RoomPlan[]): number {
  const writers = plans.reduce((n, p) => n + p.writers.length, 0)
  const editsPerSecond = writers * (1000 / workshopRates.movePeriodMs + 1000 / workshopRates.ideaPeriodMs)
  const needed = editsPerSecond > 0 ? (settings.minWindowEdits / editsPerSecond) * 1000 : 0
  return Math.min(40_000, Math.max(settings.windowMs, needed))
}

/** A step that collapsed: do not climb higher with this target. */
export function collapsed(step: Step): boolean {
  return (
    step.server.eldP99Ms === null ||
    step.doc.p99Ms > 2000 ||
    step.doc.count === 0 ||
    step.editsMissing > step.editsSent * 0.05
  )
}

/**
 * W4: reads board_updates while the load runs and matches each row's edits (their `meta.bench` keys)
 * with the moment a probe first applied them. The row's `created_at` is Postgres' now(), the start of
 * the server's insert transaction. Polls every 25 ms because compaction deletes rows once folded.
 */
class RowPoller {
  readonly #sql: postgres.Sql
  readonly #rowTimes = new Map<string, number>()
  #lastId = 0
  #stopped = false
  readonly #loop: Promise<void>
  readonly #boardIds: string[]
  lastError: string | undefined

  constructor(url: string, boardIds: string[]) {
    this.#sql = postgres(url, { max: 1, onnotice: () => {} })
    this.#boardIds = boardIds
    this.#loop = this.#run()
  }

  async #run() {
    while (!this.#stopped) {
      try {
        const rows = await this.#sql<{ id: string; data: Uint8Array; created_at: Date }[]>`
          select id, data, created_at from board_updates
          where board_id = any(${this.#boardIds}::text[]) and id > ${this.#lastId}
          order by id`
        for (const row of rows) {
          this.#lastId = Math.max(this.#lastId, Number(row.id))
          for (const key of benchKeysInUpdate(new Uint8Array(row.data))) {
            if (!this.#rowTimes.has(key)) this.#rowTimes.set(key, row.created_at.getTime())
          }
        }
      } catch (error) {
        // A failed poll is retried; the figures say how many edits were never matched, and why.
        this.lastError = error instanceof Error ? error.message : String(error)
      }
      await sleep(25)
    }
  }

  async finish(appliedAt: Map<string, number>, run: LoadRun): Promise<DurabilityStats> {
    this.#stopped = true
    await this.#loop
    await this.#sql.end()
    const lags: number[] = []
    let unmatched = 0
    for (const [key, applied] of appliedAt) {
      if (!run.inWindowKey(key)) continue
      const rowAt = this.#rowTimes.get(key)
      if (rowAt === undefined) unmatched++
      else lags.push(Math.max(0, rowAt - applied))
    }
    lags.sort((a, b) => a - b)
    const at = (p: number) =>
      lags.length === 0 ? 0 : lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]
    return {
      matched: lags.length,
      unmatched,
      p50Ms: round(at(0.5), 1),
      p99Ms: round(at(0.99), 1),
      maxMs: round(lags[lags.length - 1] ?? 0, 1),
      ...(this.lastError ? { lastPollError: this.lastError } : {}),
    }
  }
}

/** W1 (and W4 for Kenlabour on Postgres): one board, K participants, K climbing until collapse. */
export async function runW1(
  settings: Settings,
  target: Target,
  log: (step: Step) => void,
  durabilityUrl?: string,
): Promise<Step[]> {
  const steps: Step[] = []
  for (const k of settings.w1Ks) {
    const room = await target.room(k)
    const step = await measure(
      settings,
      target,
      [roomPlan(room)],
      { workload: 'W1', size: k },
      durabilityUrl && room.boardId ? { databaseUrl: durabilityUrl, boardIds: [room.boardId] } : undefined,
    )
    steps.push(step)
    log(step)
    if (collapsed(step)) break
  }
  return steps
}

/** W2: M boards × 5 participants (1 writer, 1 probe, 3 watchers each). */
export async function runW2(settings: Settings, target: Target, log: (step: Step) => void): Promise<Step[]> {
  const steps: Step[] = []
  for (const m of settings.w2Ms) {
    const rooms: RoomAccess[] = []
    await runLimited(
      Array.from({ length: m }, () => async () => {
        rooms.push(await target.room(5))
      }),
      4,
    )
    const plans = rooms.map((room) => ({
      dialect: room.dialect,
      docName: room.docName,
      probes: room.participants.slice(0, 1),
      writers: room.participants.slice(1, 2),
      watchers: room.participants.slice(2),
    }))
    const step = await measure(settings, target, plans, { workload: 'W2', size: m })
    steps.push(step)
    log(step)
    if (collapsed(step)) break
  }
  return steps
}

/** W5: two instances behind Redis, participants alternating between them. */
export async function runW5(settings: Settings, target: Target, log: (step: Step) => void): Promise<Step[]> {
  const steps: Step[] = []
  for (const k of settings.w5Ks) {
    const room = await target.room(k)
    const step = await measure(settings, target, [roomPlan(room)], { workload: 'W5', size: k })
    steps.push(step)
    log(step)
    if (collapsed(step)) break
  }
  return steps
}

/**
 * Posts `count` ideas to a room through one writer socket (the facilitator where the server limits
 * participants), in updates of at most 500 ideas, after learning the board's page id from its first
 * full state. Resolves with the socket still open.
 */
export async function fillBoard(room: RoomAccess, count: number): Promise<RawWs> {
  const access = room.facilitator ?? room.participants[0]
  const synced = await timeToSynced(access, room)
  const pending: Uint8Array[] = []
  const writer = new BoardWriter({
    name: `fill-${Date.now()}`,
    pageId: synced.pageId,
    authorId: access.authorId,
    authorName: access.name,
    send: (update) => pending.push(update),
  })
  for (let done = 0; done < count; done += 500) {
    writer.postMany(Math.min(500, count - done))
    for (const update of pending.splice(0)) synced.ws.send(updateMessage(room.dialect, room.docName, update))
    await sleep(100)
  }
  await sleep(1000)
  return synced.ws
}

/** Opens a decoding socket and resolves with the time to its first full state, and the state's size. */
export async function timeToSynced(access: RoomAccess['participants'][number], room: RoomAccess) {
  const start = performance.now()
  return new Promise<{ ms: number; bytes: number; ideas: number; pageId: string; ws: RawWs }>(
    (resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('first sync timed out')), 60_000)
      let ws: RawWs | undefined
      openRawWs({
        url: access.url,
        headers: access.headers,
        mode: 'decode',
        onMessage: (data) => {
          const message = decodeIncoming(room.dialect, data)
          if (message.kind === 'update' && message.step2) {
            const ms = performance.now() - start
            clearTimeout(timer)
            const doc = new Y.Doc()
            Y.applyUpdate(doc, message.update)
            const records = doc.getArray('records').toArray() as {
              key: string
              val?: { type?: string; typeName?: string }
            }[]
            const ideas = records.filter((e) => e?.val?.type === 'idea').length
            const pageId = records.find((e) => e?.val?.typeName === 'page')?.key ?? 'page:page'
            doc.destroy()
            const wait = () =>
              ws ? resolve({ ms, bytes: data.byteLength, ideas, pageId, ws }) : setImmediate(wait)
            wait()
          }
        },
      }).then((opened) => {
        ws = opened
        for (const m of helloMessages(room.dialect, room.docName)) opened.send(m)
      }, reject)
    },
  )
}

export interface W3Result {
  ideas: number
  stateBytes: number
  firstSyncMs: number
  joins: number
  joinSync: { p50Ms: number; p99Ms: number; maxMs: number; unfinished: number }
  probeRoom: Step
}

/**
 * W3: a board of many ideas stored in Postgres and no longer in memory (its room unloaded), then the
 * first client's time to synced, then joins at a steady rate for a while, each timed until it has
 * received the whole state, while a small probe board under the workshop load measures its own p99.
 */
export async function runW3(settings: Settings, target: Target): Promise<W3Result> {
  const joins = settings.w3JoinSeconds * settings.w3JoinsPerSecond
  const big = await target.room(2 + joins)
  const filler = await fillBoard(big, settings.w3Ideas)
  filler.close()
  // Let the room store everything and unload (Kenlabour unloads 2 s after the last client leaves).
  await sleep(settings.settleMs)
  const first = await timeToSynced(big.participants[1], big)
  const probeRoom = await target.room(settings.quick ? 10 : 20)
  const joiners: { ws: RawWs; start: number; done: number }[] = []
  const joinLoad = async () => {
    const started = performance.now()
    for (let i = 0; i < joins; i++) {
      const due = started + (i * 1000) / settings.w3JoinsPerSecond
      if (due > performance.now()) await sleep(due - performance.now())
      const access = big.participants[2 + i]
      const entry = { ws: undefined as unknown as RawWs, start: due, done: 0 }
      openRawWs({ url: access.url, headers: access.headers, mode: 'count' }).then(
        (ws) => {
          entry.ws = ws
          for (const m of helloMessages(big.dialect, big.docName)) ws.send(m)
          joiners.push(entry)
        },
        () => {},
      )
    }
  }
  // Joins are timed by bytes: a joiner is synced once it received at least the full state's size.
  const watch = setInterval(() => {
    const now = performance.now()
    for (const j of joiners) if (!j.done && j.ws.bytes >= first.bytes * 0.98) j.done = now
  }, 5)
  const step = await measure(
    settings,
    target,
    [roomPlan(probeRoom)],
    { workload: 'W3', size: joins },
    undefined,
    joinLoad,
  )
  await sleep(2000)
  clearInterval(watch)
  const times = joiners
    .filter((j) => j.done)
    .map((j) => j.done - j.start)
    .sort((a, b) => a - b)
  const at = (p: number) =>
    times.length === 0 ? 0 : times[Math.min(times.length - 1, Math.floor(p * times.length))]
  for (const j of joiners) j.ws.destroy()
  first.ws.destroy()
  return {
    ideas: first.ideas,
    stateBytes: first.bytes,
    firstSyncMs: round(first.ms, 1),
    joins: joiners.length,
    joinSync: {
      p50Ms: round(at(0.5), 1),
      p99Ms: round(at(0.99), 1),
      maxMs: round(times[times.length - 1] ?? 0, 1),
      unfinished: joins - times.length,
    },
    probeRoom: step,
  }
}

export interface W6Result {
  boards: number
  seconds: number
  connects: number
  failedConnects: number
  baseline: MemorySample
  duringPeak: MemorySample
  after: MemorySample
  /** after.heapUsed / baseline.heapUsed − 1 */
  heapGrowth: number
  rssGrowth: number
}

export interface MemorySample {
  heapUsedMiB: number
  rssMiB: number
}

async function memory(server: ServerProcess): Promise<MemorySample> {
  const m = await server.probe<{ heapUsed: number; rss: number }>('memory', true)
  return { heapUsedMiB: round(m.heapUsed / 2 ** 20, 1), rssMiB: round(m.rss / 2 ** 20, 1) }
}

/**
 * W6: connects and disconnects at a steady rate over many boards (each connection syncs, announces its
 * presence, stays a second and leaves), then checks that memory after GC comes back to the baseline.
 */
export async function runW6(settings: Settings, target: Target): Promise<W6Result> {
  const server = target.servers[0]
  const rooms: RoomAccess[] = []
  await runLimited(
    Array.from({ length: settings.w6Boards }, () => async () => {
      rooms.push(await target.room(2))
    }),
    4,
  )
  // The baseline is taken after one round of churn has loaded and unloaded code paths and pools.
  await churn(rooms, settings.quick ? 1 : 3, settings.w6ChurnPerSecond)
  await sleep(settings.settleMs)
  const baseline = await memory(server)
  let peak: MemorySample = baseline
  const sampler = setInterval(async () => {
    const m = await memory(server).catch(() => peak)
    if (m.heapUsedMiB > peak.heapUsedMiB) peak = m
  }, 10_000)
  const result = await churn(rooms, settings.w6Seconds, settings.w6ChurnPerSecond)
  clearInterval(sampler)
  // Rooms unload 2 s after their last client leaves, once stored.
  await sleep(settings.settleMs + 2000)
  const after = await memory(server)
  return {
    boards: rooms.length,
    seconds: settings.w6Seconds,
    connects: result.connects,
    failedConnects: result.failed,
    baseline,
    duringPeak: peak,
    after,
    heapGrowth: round(after.heapUsedMiB / baseline.heapUsedMiB - 1, 3),
    rssGrowth: round(after.rssMiB / baseline.rssMiB - 1, 3),
  }
}

async function churn(rooms: RoomAccess[], seconds: number, perSecond: number) {
  let connects = 0
  let failed = 0
  const open = new Set<Promise<void>>()
  const started = performance.now()
  const total = Math.round(seconds * perSecond)
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond
    if (due > performance.now()) await sleep(due - performance.now())
    const room = rooms[Math.floor(Math.random() * rooms.length)]
    const access = room.participants[i % room.participants.length]
    const task = (async () => {
      try {
        const ws = await openRawWs({ url: access.url, headers: access.headers, mode: 'count' })
        for (const m of helloMessages(room.dialect, room.docName)) ws.send(m)
        connects++
        await sleep(1000)
        ws.close()
      } catch {
        failed++
      }
    })()
    open.add(task)
    task.finally(() => open.delete(task))
  }
  await Promise.all(open)
  return { connects, failed }
}

export interface MemoryResult {
  idleConnections: number
  rssPerIdleConnectionKiB: number
  heapPerIdleConnectionKiB: number
  boardIdeas: number
  rssPerLoadedBoardMiB: number
  heapPerLoadedBoardMiB: number
}

/** RSS (and heap) per idle connection, and per loaded board of many ideas, after GC. */
export async function runMemory(settings: Settings, target: Target): Promise<MemoryResult> {
  const server = target.servers[0]
  const n = settings.memoryIdleConnections
  const room = await target.room(n)
  const before = await memory(server)
  const sockets: RawWs[] = []
  await runLimited(
    room.participants.map((access) => async () => {
      const ws = await openRawWs({ url: access.url, headers: access.headers, mode: 'count' })
      for (const m of helloMessages(room.dialect, room.docName)) ws.send(m)
      sockets.push(ws)
    }),
    50,
  )
  await sleep(settings.quick ? 1000 : 2000)
  const idle = await memory(server)
  for (const ws of sockets) ws.destroy()
  await sleep(settings.settleMs)
  const boardRoom = await target.room(1)
  const beforeBoard = await memory(server)
  const filler = await fillBoard(boardRoom, settings.memoryBoardIdeas)
  const loaded = await memory(server)
  filler.destroy()
  return {
    idleConnections: n,
    rssPerIdleConnectionKiB: round(((idle.rssMiB - before.rssMiB) * 1024) / n, 1),
    heapPerIdleConnectionKiB: round(((idle.heapUsedMiB - before.heapUsedMiB) * 1024) / n, 1),
    boardIdeas: settings.memoryBoardIdeas,
    rssPerLoadedBoardMiB: round(loaded.rssMiB - beforeBoard.rssMiB, 1),
    heapPerLoadedBoardMiB: round(loaded.heapUsedMiB - beforeBoard.heapUsedMiB, 1),
  }
}
