import { expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { connectClient, synced, waitFor } from './testing/clients.ts'

describeEachStore('websocket heartbeat ($name)', (target) => {
  const live = liveApp(target, { config: { heartbeatMs: 200 } })

  it('drops a peer that stopped answering, and keeps one that answers', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(live.app)
    const healthy = connectClient(live.origin, workshop.boardId, facilitator.cookie)
    await synced(healthy)
    // Pings the healthy client receives (the provider's socket is a `ws` WebSocket, which answers them).
    let pings = 0
    ;(healthy.provider.ws as unknown as WebSocket).on('ping', () => {
      pings += 1
    })
    // A peer whose network is gone: it never answers pings (and sends nothing).
    const silent = new WebSocket(`${live.origin.replace('http', 'ws')}/collab/${workshop.boardId}`, {
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
