import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { getIndicesAbove, type IndexKey } from '@tldraw/utils'
import type { Page } from 'playwright-core'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { launchBrowser, startServer } from '../e2e/support/index.ts'
import { clientDist, ensureClientBuilt } from '../scripts/client-build.ts'
import { records as boardRecordsKv } from '../shared/board/document.ts'
import { IDEA_SIZE } from '../shared/board/shapes.ts'

/**
 * Figures for issue 4 (the board in the browser), measured in Chromium against the real server:
 *
 * 1. Load: from navigation start to an editable board (store bound to the synced document, editor
 *    mounted, 1,000 idea cards in the store and drawn), median of several fresh page loads.
 * 2. Bundle: gzip size of what the board page downloads (JS and CSS), from the .gz twins of the build,
 *    and of the whole client build.
 * 3. Frame time while 50 remote participants (Node y-websocket clients, each a joined guest) each move
 *    one card and their cursor 10 times a second: requestAnimationFrame intervals in the page for 10 s,
 *    against the same page idle.
 *
 * Run: `node bench/board-figures.ts` (BENCH_RUNS, BENCH_IDEAS, BENCH_MOVERS, BENCH_SECONDS override).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const IDEAS = Number(process.env.BENCH_IDEAS ?? 1000)
const MOVERS = Number(process.env.BENCH_MOVERS ?? 50)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const HZ = 10
// Each y-websocket provider in Node listens for the process's exit: 50 movers and a few more clients.
process.setMaxListeners(MOVERS + 20)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function main() {
  await ensureClientBuilt({ log: (line) => console.log(line) })
  console.log('client build ready; starting the server')
  const server = await startServer({
    KENLABOUR_JOIN_RATE_LIMIT: '10000',
    KENLABOUR_MAX_CONNECTIONS_PER_ADDRESS: '100000',
  })
  console.log(`server on ${server.url}`)
  const browser = await launchBrowser()
  const origin = server.url
  const cookieOf = (response: Response) => {
    const set = response.headers.getSetCookie().find((c) => c.startsWith('kenlabour_session='))
    if (!set) throw new Error('no session cookie')
    return set.split(';')[0]!
  }
  const call = async (method: string, path: string, body: unknown, cookie?: string) => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    })
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return response
  }
  /** A y-websocket client in Node, authenticated by a session cookie, as a browser would be. */
  const connect = (boardId: string, cookie: string) => {
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie, origin } })
      }
    }
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`${origin.replace(/^http/, 'ws')}/collab`, boardId, doc, {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    })
    const synced = new Promise<void>((resolve) => {
      const onSync = (s: boolean) => {
        if (s) {
          provider.off('sync', onSync)
          resolve()
        }
      }
      provider.on('sync', onSync)
    })
    return { doc, provider, synced }
  }

  try {
    const signup = await call('POST', '/api/auth/signup', {
      email: `bench-${Date.now()}@example.fr`,
      password: 'correct horse battery',
      displayName: 'Bench Animatrice',
    })
    const cookie = cookieOf(signup)
    const contract = await (
      await call(
        'POST',
        '/api/contracts',
        {
          title: 'Contrat de mesure',
          territory: 'Pays',
          period: '2021-2027',
          priorities: [1, 2, 3, 4].map((n) => ({ code: `P${n}`, title: `Priorité ${n}`, actions: [] })),
        },
        cookie,
      )
    ).json()
    const workshop = await (
      await call('POST', '/api/workshops', { title: 'Atelier de mesure', contractId: contract.id }, cookie)
    ).json()
    const boardId: string = workshop.boardId

    // 1,000 ideas, written by the facilitator's Node client through /collab (validated by the server).
    const seeder = connect(boardId, cookie)
    await seeder.synced
    const kv = boardRecordsKv(seeder.doc)
    const page = [...kv.map.values()].map((e) => e.val).find((r) => r.typeName === 'page')!
    const indices = getIndicesAbove('a9' as IndexKey, IDEAS)
    const columns = 40
    for (let start = 0; start < IDEAS; start += 100) {
      seeder.doc.transact(() => {
        for (let i = start; i < Math.min(IDEAS, start + 100); i++) {
          const id = `shape:bench-${i}`
          kv.set(id, {
            id,
            typeName: 'shape',
            type: 'idea',
            x: -5000 + (i % columns) * (IDEA_SIZE.w + 20),
            y: -3000 - Math.floor(i / columns) * (IDEA_SIZE.h + 20),
            rotation: 0,
            index: indices[i],
            parentId: page.id,
            isLocked: false,
            opacity: 1,
            meta: {},
            props: {
              w: IDEA_SIZE.w,
              h: IDEA_SIZE.h,
              text: `Idée ${i + 1} : mutualiser les moyens des communes et des associations du Pays`,
              color: 'yellow',
              authorId: 'bench',
              authorName: 'Bench',
            },
          } as never)
        }
      })
    }
    console.log(`${IDEAS} ideas written`)
    // Let the server store and acknowledge them: a second client must see all of them.
    const check = connect(boardId, cookie)
    await check.synced
    const deadline = Date.now() + 30_000
    while (
      [...boardRecordsKv(check.doc).map.keys()].filter((k) => k.startsWith('shape:bench-')).length < IDEAS
    ) {
      if (Date.now() > deadline) throw new Error('the server did not keep the 1,000 ideas')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    check.provider.destroy()
    seeder.provider.destroy()
    console.log('ideas confirmed by a second client')

    const context = await browser.newContext({
      baseURL: origin,
      locale: 'fr-FR',
      viewport: { width: 1280, height: 800 },
    })
    await context.addCookies([
      {
        name: 'kenlabour_session',
        value: cookie.split('=')[1]!,
        url: origin,
        httpOnly: true,
        sameSite: 'Lax',
      },
    ])

    // 1. Load to an editable board, fresh page each run (HTTP cache kept, as for a returning visitor,
    //    except on the first run).
    const loads: number[] = []
    const assetsLoaded = new Set<string>()
    for (let run = 0; run < RUNS; run++) {
      const page = await context.newPage()
      page.on('response', (response) => {
        const url = new URL(response.url())
        if (url.pathname.startsWith('/assets/') && /\.(js|css)$/.test(url.pathname))
          assetsLoaded.add(url.pathname)
      })
      await page.goto(`/tableau/${boardId}`)
      const ms = await page.waitForFunction(
        (count) => {
          const editor = (window as { kenlabourEditor?: any }).kenlabourEditor
          const ready = document.querySelector('.kb-board[data-board-ready="true"]')
          if (!editor || !ready) return false
          const ideas = editor
            .getCurrentPageShapes()
            .filter((s: { type: string }) => s.type === 'idea').length
          if (ideas < count || editor.getInstanceState().isReadonly) return false
          return performance.now()
        },
        IDEAS,
        { polling: 'raf', timeout: 120_000 },
      )
      loads.push(Number(await ms.jsonValue()))
      console.log(`load ${run + 1}: ${Math.round(loads.at(-1)!)} ms`)
      if (run < RUNS - 1) await page.close()
      else await measureFrames(page, boardId, cookie, connect, call).then((r) => frames.push(r))
    }

    // 2. Bundle sizes from the build's .gz twins.
    let boardGz = 0
    let boardRaw = 0
    for (const path of assetsLoaded) {
      const file = join(clientDist, path)
      boardRaw += (await stat(file)).size
      boardGz += (await stat(`${file}.gz`).catch(() => null))?.size ?? (await readFile(file)).length
    }
    const index = await readFile(join(clientDist, 'index.html'), 'utf8')
    const { readdir } = await import('node:fs/promises')
    let allGz = 0
    for (const name of await readdir(join(clientDist, 'assets'))) {
      if (/\.(js|css)\.gz$/.test(name)) allGz += (await stat(join(clientDist, 'assets', name))).size
    }

    const f = frames[0]!
    const result = {
      ideas: IDEAS,
      loadToEditableMs: { median: Math.round(median(loads)), runs: loads.map(Math.round) },
      bundle: {
        boardPageGzipKiB: Math.round(boardGz / 1024),
        boardPageRawKiB: Math.round(boardRaw / 1024),
        boardPageFiles: assetsLoaded.size,
        wholeBuildJsCssGzipKiB: Math.round(allGz / 1024),
        indexHtmlBytes: index.length,
      },
      frames: f,
    }
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await browser.close()
    await server.stop()
  }
}

const frames: FrameFigures[] = []

interface FrameStats {
  frames: number
  meanMs: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  over50Ms: number
}

interface FrameFigures {
  movers: number
  updatesPerSecond: number
  idle: FrameStats
  moving: FrameStats
  cardsSeenMoving: number
}

async function rafIntervals(page: Page, seconds: number): Promise<number[]> {
  return page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const intervals: number[] = []
        let last = performance.now()
        const end = last + ms
        const tick = (now: number) => {
          intervals.push(now - last)
          last = now
          if (now < end) requestAnimationFrame(tick)
          else resolve(intervals)
        }
        requestAnimationFrame(tick)
      }),
    seconds * 1000,
  )
}

function stats(intervals: number[]): FrameStats {
  const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length
  return {
    frames: intervals.length,
    meanMs: Number(mean.toFixed(2)),
    p50Ms: Number(percentile(intervals, 50).toFixed(2)),
    p95Ms: Number(percentile(intervals, 95).toFixed(2)),
    p99Ms: Number(percentile(intervals, 99).toFixed(2)),
    maxMs: Number(Math.max(...intervals).toFixed(2)),
    over50Ms: intervals.filter((i) => i > 50).length,
  }
}

/**
 * 50 guests join, connect and each move one of the cards in view (and their cursor) 10 times a second,
 * while the page counts its frames. The page's view is set to show the cards being moved.
 */
async function measureFrames(
  page: Page,
  boardId: string,
  _facilitatorCookie: string,
  connect: (
    boardId: string,
    cookie: string,
  ) => { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> },
  call: (method: string, path: string, body: unknown, cookie?: string) => Promise<Response>,
): Promise<FrameFigures> {
  const workshops = await page.evaluate(async () => (await fetch('/api/workshops')).json())
  const joinCode = (workshops as { boardId: string; joinCode: string }[]).find(
    (w) => w.boardId === boardId,
  )!.joinCode
  const movers: { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> }[] = []
  for (let i = 0; i < MOVERS; i++) {
    const response = await call('POST', '/api/join', { code: joinCode, displayName: `Participant ${i + 1}` })
    const set = response.headers.getSetCookie().find((c) => c.startsWith('kenlabour_session='))!
    movers.push(connect(boardId, set.split(';')[0]!))
  }
  await Promise.all(movers.map((m) => m.synced))
  // Show the first cards (the ones that move) on screen.
  await page.evaluate(() => {
    const editor = (window as { kenlabourEditor?: any }).kenlabourEditor
    editor.zoomToBounds({ x: -5000, y: -3400, w: 2400, h: 1400 }, { immediate: true })
  })
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const idle = stats(await rafIntervals(page, SECONDS))

  const timers: NodeJS.Timeout[] = []
  movers.forEach((mover, i) => {
    const kv = boardRecordsKv(mover.doc)
    const id = `shape:bench-${i}`
    let t = 0
    timers.push(
      setInterval(
        () => {
          t++
          const card = kv.get(id)
          if (!card) return
          const x = -5000 + (i % 40) * (IDEA_SIZE.w + 20) + Math.sin(t / 5) * 60
          kv.set(id, { ...card, x } as never)
          mover.provider.awareness.setLocalStateField('board', {
            user: { id: `bench-${i}`, name: `Participant ${i + 1}`, color: '#1864ab', role: 'participant' },
            pageId: (card as { parentId: string }).parentId,
            cursor: { x: x + 100, y: (card as { y: number }).y + 70, type: 'default', rotation: 0 },
            selection: [id],
            viewport: { x: -5000, y: -3400, w: 2400, h: 1400 },
            editingShapeId: null,
            followingUserId: null,
            lastActivity: Date.now(),
          })
        },
        1000 / HZ + (i % 7),
      ),
    )
  })
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const moving = stats(await rafIntervals(page, SECONDS))
  const cardsSeenMoving = await page.evaluate((n) => {
    const editor = (window as any).kenlabourEditor
    let moved = 0
    for (let i = 0; i < n; i++) {
      const shape = editor.getShape(`shape:bench-${i}`)
      const home = -5000 + (i % 40) * 220
      if (shape && Math.abs(shape.x - home) > 0.5) moved++
    }
    return moved
  }, MOVERS)
  for (const timer of timers) clearInterval(timer)
  for (const mover of movers) mover.provider.destroy()
  return { movers: MOVERS, updatesPerSecond: MOVERS * HZ, idle, moving, cardsSeenMoving }
}

await main()
