import net from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRaw } from '../collab/testing/clients.ts'
import type { Store } from '../db/connect.ts'
import { buildTestApp } from '../testing/app.ts'
import { storeTargets } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'

/**
 * Slow clients are cut off, and everyone else is served meanwhile: raw sockets that send their headers
 * or their body a byte at a time, stall, or stay idle. Short deadlines here (the defaults are in
 * app.ts, `defaultTimeouts`).
 */
describe('deadlines for slow clients', () => {
  let store: Store
  let app: FastifyInstance
  let port: number
  const timeouts = { headersMs: 1_000, requestMs: 2_000, keepAliveMs: 1_000, checkEveryMs: 200 }

  beforeAll(async () => {
    store = await storeTargets[0]!.open()
    app = await buildTestApp(store, { timeouts })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    port = typeof address === 'object' && address ? address.port : 0
  })
  afterAll(async () => {
    await app.close()
    await store.close()
  })

  /** A raw connection that writes `chunks` one every `everyMs`, and what it saw until it closed. */
  function trickle(first: string, chunks: string[], everyMs: number) {
    const socket = net.connect(port, '127.0.0.1')
    const started = Date.now()
    let received = ''
    socket.on('data', (data) => {
      received += data.toString()
    })
    socket.on('error', () => {})
    socket.write(first)
    let next = 0
    const timer = setInterval(() => {
      if (socket.destroyed || next >= chunks.length) return clearInterval(timer)
      socket.write(chunks[next++]!)
    }, everyMs)
    return new Promise<{ received: string; afterMs: number }>((resolve) => {
      socket.on('close', () => {
        clearInterval(timer)
        resolve({ received, afterMs: Date.now() - started })
      })
    })
  }

  const healthy = async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status

  it('closes a connection whose headers trickle in', async () => {
    const endless = Array.from({ length: 200 }, (_, i) => `X-Slow-${i}: a\r\n`)
    const slow = trickle('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n', endless, 100)
    expect(await healthy()).toBe(200)
    const { received, afterMs } = await slow
    expect(afterMs).toBeGreaterThanOrEqual(timeouts.headersMs - 50)
    expect(afterMs).toBeLessThan(timeouts.headersMs + 1_500)
    expect(received).toMatch(/^HTTP\/1.1 408/)
  })

  it('closes a request whose body trickles in or stalls, with 408', async () => {
    const body = JSON.stringify({ code: 'ABCD-EFGH', displayName: 'Lente' })
    const head = `POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const trickling = trickle(head, [...body], 150)
    const stalled = trickle(head + body.slice(0, 10), [], 1_000)
    expect(await healthy()).toBe(200)
    for (const slow of [await trickling, await stalled]) {
      expect(slow.afterMs).toBeLessThan(timeouts.requestMs + 1_500)
      expect(slow.received).toMatch(/^HTTP\/1.1 408/)
    }
  })

  it('closes an idle keep-alive connection', async () => {
    const idle = trickle(
      'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
      [],
      1_000,
    )
    const { received, afterMs } = await idle
    expect(received).toMatch(/^HTTP\/1.1 200/)
    expect(afterMs).toBeGreaterThanOrEqual(timeouts.keepAliveMs - 50)
    expect(afterMs).toBeLessThan(timeouts.keepAliveMs + 1_500)
  })

  it('leaves a live-board websocket open past every deadline', async () => {
    const { workshop, participant } = await workshopWithGuests(app)
    const opened = await openRaw(`ws://127.0.0.1:${port}/collab/${workshop.boardId}`, {
      cookie: participant.cookie,
    })
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`)
    const socket = opened.socket
    let closed = false
    socket.once('close', () => {
      closed = true
    })
    // Ordinary connections opened beside it, which the server cuts at its deadlines: a request whose
    // body stalls (requestMs) and an idle keep-alive connection (keepAliveMs).
    const body = JSON.stringify({ code: 'ABCD-EFGH', displayName: 'Lente' })
    const cut = await Promise.all([
      trickle(
        `POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
        [],
        1_000,
      ),
      trickle('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n', [], 1_000),
    ])
    expect(cut.map((c) => c.received.slice(0, 12))).toEqual(['HTTP/1.1 408', 'HTTP/1.1 200'])
    // Both deadlines have passed: the websocket is still open, and answers (sync step 2 to a step 1).
    expect(closed).toBe(false)
    const answered = new Promise<void>((resolve) =>
      socket.on('message', (data: ArrayBuffer) => {
        const message = new Uint8Array(data)
        if (message[0] === 0 && message[1] === 1) resolve()
      }),
    )
    socket.send(Uint8Array.from([0, 0, 1, 0]))
    await answered
    socket.close()
  })
})
