import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { Store } from '../db/connect.ts'
import { buildTestApp } from '../testing/app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { connectClient, synced, waitFor } from './testing/clients.ts'

describeEachStore('websocket heartbeat ($name)', (target) => {
  let store: Store
  let app: FastifyInstance
  let origin: string
  beforeAll(async () => {
    store = await target.open()
    app = await buildTestApp(store, { config: { heartbeatMs: 200 } })
    // listen() resolves to the address it bound: http://127.0.0.1:<port>.
    origin = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await app.close()
    await store.close()
  })

  it('drops a peer that stopped answering, and keeps one that answers', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(app)
    const healthy = connectClient(origin, workshop.boardId, facilitator.cookie)
    await synced(healthy)
    // Pings the healthy client receives (the provider's socket is a `ws` WebSocket, which answers them).
    let pings = 0
    ;(healthy.provider.ws as unknown as WebSocket).on('ping', () => {
      pings += 1
    })
    // A peer whose network is gone: it never answers pings (and sends nothing).
    const silent = new WebSocket(`${origin.replace('http', 'ws')}/collab/${workshop.boardId}`, {
      headers: { cookie: participant.cookie },
      autoPong: false,
    })
    let closed = false
    silent.on('close', () => {
      closed = true
    })
    await new Promise((resolve) => silent.once('open', resolve))
    await waitFor(() => closed, 5_000, 'silent peer dropped')
    // Three more heartbeats (one every 200 ms) reach the healthy client: it is checked and kept.
    const seen = pings
    await waitFor(() => pings >= seen + 3, 5_000, 'three more pings')
    expect(healthy.provider.wsconnected).toBe(true)
    expect(healthy.closes).toEqual([])
    healthy.destroy()
  })
})
