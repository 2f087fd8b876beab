import { mkdirSync, writeFileSync } from 'node:fs'
import { setPriority } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { launchBrowser, newContext } from '../e2e/support/browser.ts'
import { ensureClientBuilt } from '../e2e/support/client-build.ts'
import { BoardWriter } from './board-edits.ts'
import { describeMachine, pinSelf } from './machine.ts'
import { randomClientId } from './presence.ts'
import { awarenessMessage, helloMessages, updateMessage } from './protocol.ts'
import { openRawWs, type RawWs } from './raw-ws.ts'
import { type RoomAccess, startKenlabour } from './targets.ts'

/**
 * The board in the browser with a crowd (issue 11, "Scale in the browser"): `npm run bench:browser`
 * (about 3 minutes) or `-- --quick` (a smoke run of the harness, under a minute).
 *
 * For each room size: a real Kenlabour server (embedded PGlite), a real workshop, the facilitator's
 * board page in Chromium at 1400×900 with the people panel open, and `present` guests who joined with
 * the join code and hold a real board connection each (bench/raw-ws.ts). Every guest publishes a board
 * presence (client/board/presence.ts: page, cursor in the facilitator's view, last activity) and renews
 * it every 15 s; `moving` of them (a fifth) also post one card each in view, move it every 2 s and move
 * their cursor at 10 Hz, as W1's active participants do.
 *
 * Measured in the page over the window: the time between animation frames (rAF deltas; 16.7 ms is a
 * frame at 60 Hz, 33 ms one dropped), the main thread's busy time (CDP Performance metrics: script,
 * layout, style, task), the JS heap after a forced GC and the DOM node count, and how many cursors
 * tldraw draws and how many people the panel lists. Chromium, the server and the load generator
 * share this machine's cores: the figures are for that, on purpose (a facilitator's laptop also runs
 * other things), and the bench prints the machine.
 */

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const sizes = (option('present') ?? (quick ? '50,200' : '50,1000')).split(',').map(Number)
const windowS = Number(option('seconds') ?? (quick ? 5 : 20))
const warmupS = quick ? 3 : 8
// `--cursor-hz=0` or `--move-ms=0` turn one kind of activity off, to see what each costs.
const CURSOR_HZ = Number(option('cursor-hz') ?? 10)
const MOVE_PERIOD_MS = Number(option('move-ms') ?? 2000)

interface Step {
  present: number
  moving: number
  windowS: number
  frames: number
  frameMs: { p50: number; p95: number; p99: number; max: number }
  /** Frames that took longer than one and a half frames at 60 Hz (25 ms): at least one frame was missed. */
  dropped: number
  /** Main-thread busy share over the window (script + layout + style + other tasks), 0 to 1. */
  mainThreadBusy: number
  /** Main-thread time per second of window, by kind (CDP Performance metrics). */
  msPerS: { script: number; layout: number; style: number; other: number }
  heapMb: number
  domNodes: number
  drawnCursors: number
  listedPeople: number
  cardsOnBoard: number
  generator: { cursorStates: number; moves: number; renewals: number }
  /** Websocket frames the page sent and received per second over the window. */
  pageFrames: { sentPerS: number; receivedPerS: number }
}

interface Guest {
  ws: RawWs
  clientId: number
  clock: number
  presence: Record<string, unknown>
  writer?: BoardWriter
  cursor: { x: number; y: number }
}

interface View {
  pageId: string
  /** The highest index on the page. */
  topIndex: string
  x: number
  y: number
  w: number
  h: number
}

/** `--trace`: Chromium's timeline over the window, main-thread time by event printed. */
const TRACE = args.includes('--trace')
/** `--profile`: a CPU profile of the page over the window, its top functions printed. */
const PROFILE = args.includes('--profile')
/** The core of the server and of this generator (Chromium may use all). */
const LOAD_CORE = 0
/** Niceness of the server and of this generator (0: all at the same priority as Chromium). */
const BACKGROUND_NICE = Number(option('nice') ?? 0)

/** Websocket frames the page sent and received (all steps; read before and after a window). */
let pageFramesSent = 0
let pageFramesReceived = 0

const print = (line: string) => process.stdout.write(`${line}\n`)

async function runStep(browser: Browser, present: number): Promise<Step> {
  const moving = Math.max(1, Math.round(present / 5))
  const target = await startKenlabour({ core: LOAD_CORE })
  // On a facilitator's laptop the server and the thousand other people are elsewhere: here they run
  // below the browser's priority, so that what is measured is the page's own work. The generator's
  // counts (printed) show whether it still kept its schedule.
  for (const server of target.servers) setPriority(server.pid, BACKGROUND_NICE)
  const guests: Guest[] = []
  let context: BrowserContext | undefined
  try {
    const room = await target.room(present)
    context = await newContext(browser, {
      baseURL: `http://127.0.0.1:${target.servers[0]!.port}`,
      device: 'wide',
    })
    const page = await openBoard(context, room)
    const view = await viewOf(page)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')

    // Everyone arrives, in small groups, as a room fills.
    const rnd = mulberry32(present)
    for (let i = 0; i < room.participants.length; i++) {
      const access = room.participants[i]!
      const ws = await openRawWs({ url: access.url, headers: access.headers, mode: 'count' })
      for (const m of helloMessages('y-websocket', room.docName)) ws.send(m)
      const cursor = { x: view.x + rnd() * view.w, y: view.y + rnd() * view.h }
      const guest: Guest = { ws, clientId: randomClientId(), clock: 0, cursor, presence: {} }
      if (i < moving) {
        guest.writer = new BoardWriter({
          name: `b${i}`,
          pageId: view.pageId,
          authorId: access.authorId,
          authorName: access.name,
          // Above the zones, as the client puts a new card.
          indexAbove: view.topIndex,
          origin: { x: view.x + 20 + rnd() * (view.w - 260), y: view.y + 20 + rnd() * (view.h - 160) },
          send: (update) => ws.send(updateMessage('y-websocket', room.docName, update)),
        })
        guest.writer.postIdea()
      }
      publish(guest, room.docName, view.pageId)
      guests.push(guest)
      if (i % 50 === 49) await sleep(20)
    }
    const counts = { cursorStates: 0, moves: 0, renewals: 0 }
    const stopLoad = driveLoad(guests, room.docName, view, counts)
    await sleep(warmupS * 1000)

    const traced = TRACE ? startTrace(cdp) : null
    if (PROFILE) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    const before = await metrics(cdp)
    const framesBefore = { sent: pageFramesSent, received: pageFramesReceived }
    const frames = await page.evaluate(
      (ms) =>
        new Promise<number[]>((resolve) => {
          const deltas: number[] = []
          let last = performance.now()
          const end = last + ms
          const tick = (now: number) => {
            deltas.push(now - last)
            last = now
            if (now < end) requestAnimationFrame(tick)
            else resolve(deltas)
          }
          requestAnimationFrame((now) => {
            last = now
            requestAnimationFrame(tick)
          })
        }),
      windowS * 1000,
    )
    const after = await metrics(cdp)
    const pageFrames = {
      sentPerS: round((pageFramesSent - framesBefore.sent) / windowS),
      receivedPerS: round((pageFramesReceived - framesBefore.received) / windowS),
    }
    if (traced) printTraceSummary(await traced())
    if (PROFILE) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
      writeFileSync(join(artifacts(), `bench-browser-${present}.cpuprofile`), JSON.stringify(profile))
      printTopFunctions(profile)
    }
    const counted = { ...counts }
    stopLoad()
    const drawn = await page.evaluate(() => {
      const editor = (window as unknown as { kenlabourEditor: KenlabourEditor }).kenlabourEditor
      return {
        cursors: editor.store.query.records('instance_presence').get().length,
        cards: editor.getCurrentPageShapes().filter((s) => s.type === 'idea').length,
      }
    })
    // The panel's title counts everyone present, this person included: "Participants (1 001)".
    const title = (await page.locator('#kb-people-title').textContent()) ?? ''
    const listedPeople = Number(/\(([^)]*)\)/.exec(title)?.[1]?.replace(/\D/g, '') ?? Number.NaN)
    await cdp.send('HeapProfiler.enable')
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = await metrics(cdp)
    await page.screenshot({ path: join(artifacts(), `bench-browser-${present}.png`) })

    const sorted = [...frames].sort((a, b) => a - b)
    const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
    const elapsed = (after.Timestamp ?? 0) - (before.Timestamp ?? 0)
    const perSecond = (key: string) => round((((after[key] ?? 0) - (before[key] ?? 0)) / elapsed) * 1000)
    const busy =
      ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskOtherDuration'].reduce(
        (sum, key) => sum + ((after[key] ?? 0) - (before[key] ?? 0)),
        0,
      ) / elapsed
    return {
      present,
      moving,
      windowS,
      frames: frames.length,
      frameMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted.at(-1) ?? 0) },
      dropped: frames.filter((d) => d > 25).length,
      mainThreadBusy: round(busy),
      msPerS: {
        script: perSecond('ScriptDuration'),
        layout: perSecond('LayoutDuration'),
        style: perSecond('RecalcStyleDuration'),
        other: perSecond('TaskOtherDuration'),
      },
      heapMb: round((heap.JSHeapUsedSize ?? 0) / 2 ** 20),
      domNodes: heap.Nodes ?? 0,
      drawnCursors: drawn.cursors,
      listedPeople,
      cardsOnBoard: drawn.cards,
      generator: counted,
      pageFrames,
    }
  } finally {
    for (const g of guests) g.ws.destroy()
    await context?.close()
    await target.stop()
  }
}

/** The editor's few members this bench reads (window.kenlabourEditor, set by BoardView). */
interface KenlabourEditor {
  store: { query: { records(type: string): { get(): unknown[] } } }
  getCurrentPageShapes(): { type: string }[]
  getCurrentPageId(): string
  getViewportPageBounds(): { x: number; y: number; w: number; h: number }
  getHighestIndexForParent(parentId: string): string
}

/** The facilitator's board page, signed in with the facilitator's session, people panel open. */
async function openBoard(context: BrowserContext, room: RoomAccess): Promise<Page> {
  const baseURL = room.facilitator!.headers.origin!
  const cookie = room.facilitator!.headers.cookie!
  await context.addCookies(
    cookie.split('; ').map((pair) => {
      const [name, ...value] = pair.split('=')
      return { name: name!, value: value.join('='), url: baseURL }
    }),
  )
  const page = await context.newPage()
  page.on('websocket', (ws) => {
    ws.on('framesent', () => pageFramesSent++)
    ws.on('framereceived', () => pageFramesReceived++)
  })
  await page.goto(`/tableau/${room.boardId}`)
  await page.waitForFunction(() => !!(window as { kenlabourEditor?: unknown }).kenlabourEditor, null, {
    timeout: 60_000,
  })
  const toggle = page.locator('[data-drawer-toggle="people"]')
  await toggle.click()
  await page.locator('.kb-drawer .kb-people').waitFor()
  // Let the first framing of the zones settle.
  await sleep(1500)
  return page
}

async function viewOf(page: Page): Promise<View> {
  return page.evaluate(() => {
    const editor = (window as unknown as { kenlabourEditor: KenlabourEditor }).kenlabourEditor
    const b = editor.getViewportPageBounds()
    const pageId = editor.getCurrentPageId()
    return { pageId, topIndex: editor.getHighestIndexForParent(pageId), x: b.x, y: b.y, w: b.w, h: b.h }
  })
}

/** Sends a guest's board presence (client/board/presence.ts), with its next clock. */
function publish(guest: Guest, docName: string, pageId: string) {
  guest.clock++
  guest.presence = {
    board: {
      pageId,
      cursor: { x: guest.cursor.x, y: guest.cursor.y, type: 'default', rotation: 0 },
      selection: [],
      viewport: null,
      editingShapeId: null,
      followingUserId: null,
      lastActivity: Date.now(),
    },
  }
  guest.ws.send(awarenessMessage('y-websocket', docName, guest.clientId, guest.clock, guest.presence))
}

/**
 * The room's activity, on a 10 ms tick: movers move their cursor at 10 Hz (a small random walk inside
 * the view) and their card every 2 s, at staggered times; everyone renews presence every 15 s.
 */
function driveLoad(guests: Guest[], docName: string, view: View, counts: Step['generator']): () => void {
  const rnd = mulberry32(7)
  const start = performance.now()
  const next = guests.map((g, i) => ({
    cursor: g.writer && CURSOR_HZ > 0 ? start + ((i * 97) % 100) : Number.POSITIVE_INFINITY,
    move: g.writer && MOVE_PERIOD_MS > 0 ? start + ((i * 331) % MOVE_PERIOD_MS) : Number.POSITIVE_INFINITY,
    renew: start + ((i * 7919) % 15_000),
  }))
  const timer = setInterval(() => {
    const now = performance.now()
    for (let i = 0; i < guests.length; i++) {
      const g = guests[i]!
      const due = next[i]!
      if (!g.ws.open) continue
      if (now >= due.cursor) {
        g.cursor.x = clamp(g.cursor.x + (rnd() - 0.5) * 60, view.x, view.x + view.w)
        g.cursor.y = clamp(g.cursor.y + (rnd() - 0.5) * 60, view.y, view.y + view.h)
        publish(g, docName, view.pageId)
        counts.cursorStates++
        due.cursor += 1000 / CURSOR_HZ
        due.renew = now + 15_000
      }
      if (now >= due.move) {
        g.writer!.moveCard()
        counts.moves++
        due.move += MOVE_PERIOD_MS
      }
      if (now >= due.renew) {
        g.clock++
        g.ws.send(awarenessMessage('y-websocket', docName, g.clientId, g.clock, g.presence))
        counts.renewals++
        due.renew += 15_000
      }
    }
  }, 10)
  return () => clearInterval(timer)
}

interface TraceEvent {
  name: string
  ph: string
  dur?: number
  tid: number
  pid: number
  args?: { name?: string }
}

/** Records Chromium's timeline trace; the returned function ends it and gives its events. */
function startTrace(cdp: CDPSession): () => Promise<TraceEvent[]> {
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]))
  })
  const started = cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink',
    transferMode: 'ReportEvents',
  })
  return async () => {
    await started
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
    await cdp.send('Tracing.end')
    await done
    return events
  }
}

/** Time on the page's main thread by event name (complete events, nested ones counted in their own name too). */
function printTraceSummary(events: TraceEvent[]) {
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )
  const byName = new Map<string, number>()
  for (const e of events) {
    if (!main || e.tid !== main.tid || e.pid !== main.pid || e.ph !== 'X' || !e.dur) continue
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000)
  }
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 30))
    print(`    ${Math.round(ms)} ms  ${name}`)
}

/** A V8 CPU profile, as far as printTopFunctions reads it. */
interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
    hitCount?: number
  }[]
  samples: number[]
  timeDeltas: number[]
}

/** Prints the functions with the most self time (needs a build without minification to be readable). */
function printTopFunctions(profile: CpuProfile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)!.callFrame
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)
  for (const [key, ms] of top) print(`    ${Math.round(ms)} ms  ${key}`)
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[]
  }
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]))
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
const round = (v: number) => Math.round(v * 100) / 100
const artifacts = () => {
  const dir = new URL('./results/', import.meta.url).pathname
  mkdirSync(dir, { recursive: true })
  return dir
}

const started = performance.now()
// Chromium starts first, free to run on every core; then this generator and the servers it starts
// move to LOAD_CORE (a child inherits its parent's cores), so that the page is not starved by them.
const browser = await launchBrowser()
pinSelf(LOAD_CORE)
setPriority(BACKGROUND_NICE)
print(
  `Browser bench (${quick ? 'quick' : 'full'}): cursors ${CURSOR_HZ} Hz, a card move every ${MOVE_PERIOD_MS} ms, server and generator at nice ${BACKGROUND_NICE}; ${JSON.stringify(describeMachine())}`,
)
await ensureClientBuilt()
const steps: Step[] = []
for (const present of sizes) {
  const step = await runStep(browser, present)
  steps.push(step)
  print(
    `  ${present} present, ${step.moving} moving: frame p50 ${step.frameMs.p50} p95 ${step.frameMs.p95} p99 ${step.frameMs.p99} max ${step.frameMs.max} ms (${step.frames} frames, ${step.dropped} missed) · main thread busy ${Math.round(step.mainThreadBusy * 100)} %, script ${step.msPerS.script}, layout ${step.msPerS.layout}, style ${step.msPerS.style}, other ${step.msPerS.other} ms/s · heap ${step.heapMb} MB, ${step.domNodes} DOM nodes · ${step.drawnCursors} cursors drawn, ${step.listedPeople} listed, ${step.cardsOnBoard} cards · page sent ${step.pageFrames.sentPerS}, received ${step.pageFrames.receivedPerS} frames/s`,
  )
}
const date = new Date().toISOString()
const file = join(
  artifacts(),
  `${date.replaceAll(':', '-').replace(/\..*/, '')}-browser${quick ? '-quick' : ''}.json`,
)
const settings = {
  cursorHz: CURSOR_HZ,
  movePeriodMs: MOVE_PERIOD_MS,
  warmupS,
  windowS,
  nice: BACKGROUND_NICE,
}
writeFileSync(
  file,
  `${JSON.stringify({ date, quick, settings, machine: describeMachine(), steps }, null, 2)}\n`,
)
print(`Results: ${file} (${Math.round((performance.now() - started) / 1000)} s)`)
await browser.close()
if (steps.some((s) => s.frames === 0 || s.drawnCursors === 0)) process.exitCode = 1
