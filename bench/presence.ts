import { awarenessMessage, type Dialect } from './protocol.ts'
import type { RawWs } from './raw-ws.ts'

const heartbeatMs = 15_000

export function randomClientId(): number {
  return Math.floor(Math.random() * 0xffffffff)
}

/**
 * The awareness state of participants that do not move their cursor: announced on joining and renewed
 * every 15 s, as y-protocols' Awareness does (servers drop silent states after 30 s, and Hocuspocus
 * closes silent sockets). Call `renew` every second: each second renews the sockets whose turn it is.
 */
export class Presence {
  private clocks = new Map<RawWs, { clientId: number; clock: number; dialect: Dialect; room: string }>()

  announce(ws: RawWs, dialect: Dialect, docName: string, name: string): void {
    const clientId = randomClientId()
    ws.send(awarenessMessage(dialect, docName, clientId, 1, { user: { name, color: '#e0a030' } }))
    this.clocks.set(ws, { clientId, clock: 1, dialect, room: docName })
  }

  renew(): void {
    const now = Date.now()
    for (const [ws, hb] of this.clocks) {
      if (!ws.open) continue
      if ((hb.clientId + Math.floor(now / 1000)) % (heartbeatMs / 1000) !== 0) continue
      hb.clock++
      ws.send(
        awarenessMessage(hb.dialect, hb.room, hb.clientId, hb.clock, {
          user: { name: 'p', color: '#e0a030' },
        }),
      )
    }
  }

  clear(): void {
    this.clocks.clear()
  }
}
