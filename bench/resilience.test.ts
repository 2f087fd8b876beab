import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createNetServer, connect as netConnect, type Server, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import * as encoding from 'lib0/encoding'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { eventually, waitFor as pollUntil } from '../server/collab/testing/clients.ts'
import { BoardWriter } from './board-edits.ts'
import { openRawWs } from './raw-ws.ts'
import { type PrivatePostgres, type PrivateRedis, startPostgres, startRedis } from './services.ts'
import { startKenlabour, type Target } from './targets.ts'

/**
 * Resilience under load: two Kenlabour instances (real server processes) behind a TCP balancer, sharing
 * a real Postgres and a real Redis (private instances on random ports, so that they can be restarted),
 * 100 real y-websocket providers on one board, 20 of them writing (a card move every 2 s, an idea
 * every 10 s, cursor moves). In the middle of the load one fault: `kill -9` of an instance (its clients
 * reconnect through the balancer to the other), a Postgres restart, or a Redis restart. Afterwards every
 * client's document must be identical, every edit any writer made must be in it, and a fresh instance
 * loading the board from Postgres must see the same records.
 *
 * Runs when TEST_DATABASE_URL and TEST_REDIS_URL are set (real services wanted), like the other
 * Postgres and Redis suites; the global setup says when they are off.
 */

const realServices = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL)
const faults = realServices ? (['kill -9 of one instance', 'Postgres restart', 'Redis restart'] as const) : []
type Fault = (typeof faults)[number]

const participants = 100
const writersCount = 20

/** A TCP balancer: each new connection goes to the next live backend (round robin). */
function startBalancer(backends: () => number[]): Promise<{ server: Server; port: number }> {
  let next = 0
  const sockets = new Set<Socket>()
  const server = createNetServer((client) => {
    const live = backends()
    if (live.length === 0) {
      client.destroy()
      return
    }
    const upstream = netConnect({ host: '127.0.0.1', port: live[next++ % live.length] })
    sockets.add(client)
    sockets.add(upstream)
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
    client.pipe(upstream).pipe(client)
  })
  server.on('close', () => {
    for (const s of sockets) s.destroy()
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 })
    })
  })
}

/** A `ws` WebSocket that sends the guest's cookie and an Origin matching the balancer. */
function websocketWith(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers })
    }
  }
}

interface Client {
  provider: WebsocketProvider
  doc: Y.Doc
  writer?: BoardWriter
}

function recordsOf(doc: Y.Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const entry of doc.getArray('records').toArray() as { key: string; val: unknown }[])
    out[entry.key] = entry.val
  return out
}

/** Polls `check` (every 10 ms, server/collab/testing/clients.ts) until true, or fails after `timeoutMs`. */
const waitFor = (what: string, check: () => boolean, timeoutMs: number) => pollUntil(check, timeoutMs, what)

/** The board as stored in Postgres right now: its snapshot and every log row, in order. */
async function storedBoard(databaseUrl: string, boardId: string): Promise<Y.Doc> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const doc = new Y.Doc()
    const [board] = await sql<
      { snapshot: Uint8Array | null }[]
    >`select snapshot from boards where id = ${boardId}`
    if (board?.snapshot) Y.applyUpdate(doc, board.snapshot)
    const rows = await sql<{ data: Uint8Array }[]>`
      select data from board_updates where board_id = ${boardId} order by id`
    for (const row of rows) Y.applyUpdate(doc, row.data)
    return doc
  } finally {
    await sql.end()
  }
}

describe.each(faults)('two instances under load survive a %s', (fault: Fault) => {
  let pg: PrivatePostgres
  let redis: PrivateRedis
  let target: Target
  let databaseUrl: string
  let balancer: { server: Server; port: number }

  beforeAll(async () => {
    pg = await startPostgres()
    redis = await startRedis()
    databaseUrl = await pg.createDatabase()
    target = await startKenlabour({ databaseUrl, redisUrl: redis.url, instances: 2 })
    // Like a load balancer with health checks: only instances that are still running get connections.
    balancer = await startBalancer(() => target.servers.filter((s) => !s.exited).map((s) => s.port))
  })

  afterAll(async () => {
    balancer?.server.close()
    await target?.stop()
    await redis?.stop()
    await pg?.stop()
  })

  it('every client ends with the same document holding every edit, and Postgres has it too', async () => {
    const room = await target.room(participants)
    const origin = `http://127.0.0.1:${balancer.port}`
    const clients: Client[] = room.participants.map((access) => {
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(`ws://127.0.0.1:${balancer.port}/collab`, room.docName, doc, {
        WebSocketPolyfill: websocketWith({
          cookie: access.headers.cookie,
          origin,
        }) as unknown as typeof globalThis.WebSocket,
        maxBackoffTime: 1000,
        // 100 providers share this process: BroadcastChannel would copy every message to all of them.
        disableBc: true,
      })
      provider.awareness.setLocalStateField('user', { name: access.name })
      return { provider, doc }
    })
    try {
      await waitFor('every client synced', () => clients.every((c) => c.provider.synced), 30_000)
      const pageId =
        (clients[0].doc.getArray('records').toArray() as { key: string; val: { typeName?: string } }[]).find(
          (e) => e.val?.typeName === 'page',
        )?.key ?? 'page:page'
      // The first 20 write (20 % of the room is active); the balancer alternated instances.
      clients.slice(0, writersCount).forEach((c, i) => {
        const access = room.participants[i]
        c.writer = new BoardWriter({
          name: `w${i}`,
          pageId,
          authorId: access.authorId,
          authorName: access.name,
          doc: c.doc,
        })
      })
      const writers = clients.filter((c) => c.writer)
      let tick = 0
      const load = setInterval(() => {
        tick++
        writers.forEach((c, i) => {
          // Each writer: a move every 2 s, an idea every 10 s, a cursor move every 250 ms (4 Hz).
          if ((tick + i) % 20 === 0) c.writer?.postIdea()
          else if ((tick + i) % 4 === 0) c.writer?.moveCard()
          c.provider.awareness.setLocalStateField('cursor', { x: tick, y: i })
        })
      }, 250)
      // Every writer has at least one card before the fault.
      for (const c of writers) c.writer?.postIdea()
      // Load before the fault, not a wait for a result: the fault strikes a room under steady use.
      await sleep(3000)

      if (fault === 'kill -9 of one instance') {
        await target.servers[0].kill9()
      } else if (fault === 'Postgres restart') {
        await pg.restart(1000)
      } else {
        await redis.restart(1000)
      }
      // The load goes on through the fault and the recovery (not a wait for a result: what must hold
      // after it is waited for below).
      await sleep(4000)
      clearInterval(load)
      await waitFor(
        'every client connected again',
        () => clients.every((c) => c.provider.wsconnected),
        20_000,
      )
      const expected = new Map<string, string>()
      for (const c of writers) for (const [id, key] of c.writer?.lastEdits() ?? []) expected.set(id, key)
      const holdsEveryEdit = (doc: Y.Doc) => {
        const records = recordsOf(doc) as Record<string, { meta?: { bench?: string } }>
        for (const [id, key] of expected) if (records[id]?.meta?.bench !== key) return false
        return true
      }
      await waitFor(
        'every client to hold every edit',
        () => clients.every((c) => holdsEveryEdit(c.doc)),
        30_000,
      )
      const reference = JSON.stringify(recordsOf(clients[0].doc))
      await waitFor(
        'identical documents',
        () => clients.every((c) => JSON.stringify(recordsOf(c.doc)) === reference),
        10_000,
      )
      expect(expected.size).toBeGreaterThanOrEqual(writersCount)
      // Storage: every edit reaches Postgres (writes buffered during an outage are retried with a
      // backoff of up to 2 s, and a loaded machine is slower), then a fresh instance that never saw the
      // room loads it from there (snapshot + log).
      for (const c of clients) c.provider.destroy()
      await eventually(
        async () => (holdsEveryEdit(await storedBoard(databaseUrl, room.boardId!)) ? true : undefined),
        20_000,
        'Postgres holding every edit',
        250,
      )
      if (fault === 'kill -9 of one instance') {
        // How many edits the killed instance relayed without storing them, stored by the survivor.
        const metrics = await (await fetch(`http://127.0.0.1:${target.servers[1].port}/metrics`)).text()
        const adopted = /kenlabour_collab_relays_adopted_total (\d+)/.exec(metrics)?.[1]
        console.info(
          `kill -9: the survivor stored ${adopted} relayed updates left unstored by the killed instance`,
        )
      }
      const fresh = await startKenlabour({ databaseUrl, redisUrl: redis.url })
      try {
        const access = (await fresh.join(room, 1))[0]
        const stored = await new Promise<Y.Doc>((resolve, reject) => {
          const doc = new Y.Doc()
          const timer = setTimeout(() => reject(new Error('fresh client did not sync')), 20_000)
          const provider = new WebsocketProvider(
            `ws://127.0.0.1:${fresh.servers[0].port}/collab`,
            room.docName,
            doc,
            {
              WebSocketPolyfill: websocketWith(access.headers) as unknown as typeof globalThis.WebSocket,
            },
          )
          provider.on('sync', (synced: boolean) => {
            if (!synced) return
            clearTimeout(timer)
            provider.destroy()
            resolve(doc)
          })
        })
        expect(holdsEveryEdit(stored)).toBe(true)
        expect(JSON.stringify(recordsOf(stored))).toBe(reference)
      } finally {
        await fresh.stop()
      }
    } catch (error) {
      // The servers' last lines say what they went through.
      for (const server of target.servers) console.error(`instance ${server.port}:\n${server.output()}`)
      throw error
    } finally {
      for (const c of clients) c.provider.destroy()
    }
  }, 180_000)
})

describe('the bench websocket client', () => {
  let server: ReturnType<typeof createHttpServer>
  let port = 0
  const payloads = [
    new Uint8Array(0),
    new Uint8Array(5).fill(1),
    new Uint8Array(300).fill(2),
    new Uint8Array(70_000).fill(3),
  ]

  beforeAll(async () => {
    server = createHttpServer()
    const wss = new WebSocketServer({ server })
    wss.on('connection', (ws, request) => {
      ws.on('message', (data) => {
        if (String(data) === 'ping-me') {
          ws.ping(Buffer.from('hello'))
          ws.send(new Uint8Array([9]))
          return
        }
        // Sends every payload, then a message naming the cookie the upgrade carried.
        for (const p of payloads) ws.send(p)
        const encoder = encoding.createEncoder()
        encoding.writeVarString(encoder, request.headers.cookie ?? '')
        ws.send(encoding.toUint8Array(encoder))
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const address = server.address()
    port = typeof address === 'object' && address ? address.port : 0
  })

  afterAll(() => server.close())

  it('decodes every message whole, counts frames and bytes, and sends the upgrade headers', async () => {
    const received: Uint8Array[] = []
    const ws = await openRawWs({
      url: `ws://127.0.0.1:${port}/x`,
      headers: { cookie: 'kenlabour_session=abc' },
      mode: 'decode',
      onMessage: (data) => received.push(new Uint8Array(data)),
    })
    ws.send(new Uint8Array([1]))
    await waitFor('messages', () => received.length === payloads.length + 1, 5000)
    expect(received.slice(0, payloads.length).map((m) => m.byteLength)).toEqual(
      payloads.map((p) => p.byteLength),
    )
    expect(received[3].every((b) => b === 3)).toBe(true)
    expect(Buffer.from(received[4]).toString('utf8')).toContain('kenlabour_session=abc')
    expect(ws.frames).toBe(payloads.length + 1)
    ws.destroy()
  })

  it('counts without decoding, answers pings, and reports a refused upgrade', async () => {
    const ws = await openRawWs({ url: `ws://127.0.0.1:${port}/x`, mode: 'count' })
    ws.send(new TextEncoder().encode('ping-me'))
    await waitFor('the frame after the ping', () => ws.frames === 1, 5000)
    expect(ws.bytes).toBe(1)
    expect(ws.open).toBe(true)
    ws.close()
    const http = createHttpServer()
    http.on('upgrade', (_request, socket) => {
      const body = '{"error":{"code":"too_many_connections"}}'
      socket.end(`HTTP/1.1 429 Too Many Requests\r\ncontent-length: ${body.length}\r\n\r\n${body}`)
    })
    http.listen(0, '127.0.0.1')
    await once(http, 'listening')
    const address = http.address()
    const refusedPort = typeof address === 'object' && address ? address.port : 0
    await expect(openRawWs({ url: `ws://127.0.0.1:${refusedPort}/x`, mode: 'count' })).rejects.toThrow(
      /429.*too_many_connections/,
    )
    http.close()
  })
})
