import { afterAll, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { liveApp } from '../testing/live-app.ts'
import { storeTargets } from '../testing/stores.ts'
import { joinAsGuest, workshopWithGuests } from '../testing/workshops.ts'
import { closed, openRaw } from './testing/clients.ts'

/**
 * The caps on live connections, tried as the attacker of issue 13 would: one person holding the public
 * join code joins as many guests from one address and opens every socket they may. Small caps here, the
 * same rules as the defaults (shared/collab/limits.ts). Addresses come from X-Forwarded-For behind one
 * trusted proxy, as on a public instance.
 */
describe('live connection caps', () => {
  const live = liveApp(storeTargets[0]!, {
    config: {
      seedDemo: false,
      trustProxy: 1,
      connectionCaps: {
        perBoard: 12,
        facilitatorReserve: 4,
        perAccount: 16,
        perGuest: 2,
        perAddress: 6,
        observersPerBoard: 3,
      },
    },
  })
  const sockets: WebSocket[] = []
  afterAll(() => {
    for (const socket of sockets) socket.close()
  })

  const open = async (boardId: string, cookie: string, address: string) => {
    const url = `${live.origin.replace('http', 'ws')}/collab/${boardId}`
    const opened = await openRaw(url, { cookie, 'x-forwarded-for': address })
    if ('socket' in opened) {
      sockets.push(opened.socket)
      return { status: 101, socket: opened.socket, message: '' }
    }
    return { status: opened.status, socket: null, message: JSON.parse(opened.body).error.message as string }
  }

  it('keeps a board open to others and to its facilitator when one address joins as many guests', async () => {
    const { workshop, facilitator } = await workshopWithGuests(live.app)
    const attacker = '203.0.113.50'
    const statuses: number[] = []
    const messages: string[] = []
    // Four guest seats from one address, three sockets tried with each.
    for (let g = 0; g < 4; g++) {
      const guest = await joinAsGuest(live.app, workshop.joinCode, `Faux ${g}`)
      for (let s = 0; s < 3; s++) {
        const result = await open(workshop.boardId, guest.cookie, attacker)
        statuses.push(result.status)
        messages.push(result.message)
      }
    }
    // Two sockets per guest; six per address: the fourth guest gets none.
    expect(statuses).toEqual([101, 101, 429, 101, 101, 429, 101, 101, 429, 429, 429, 429])
    expect(messages[2]).toMatch(/personne/)
    expect(messages[9]).toMatch(/adresse/)

    // Other people, one address each, fill the board up to its cap minus the facilitators' reserve.
    const others: number[] = []
    for (let p = 0; p < 3; p++) {
      const guest = await joinAsGuest(live.app, workshop.joinCode, `Personne ${p}`)
      others.push((await open(workshop.boardId, guest.cookie, `198.51.100.${p + 1}`)).status)
    }
    expect(others).toEqual([101, 101, 429])

    // The facilitator still gets in, even from the attacker's address, up to the board's cap.
    const facilitatorStatuses: number[] = []
    for (let i = 0; i < 5; i++)
      facilitatorStatuses.push((await open(workshop.boardId, facilitator.cookie, attacker)).status)
    expect(facilitatorStatuses).toEqual([101, 101, 101, 101, 429])
  })

  it('gives observers their own share of a board', async () => {
    const { workshop } = await workshopWithGuests(live.app)
    const statuses: number[] = []
    for (let o = 0; o < 4; o++) {
      const observer = await joinAsGuest(live.app, workshop.observerCode, `Écran ${o}`)
      statuses.push((await open(workshop.boardId, observer.cookie, `192.0.2.${o + 1}`)).status)
    }
    expect(statuses).toEqual([101, 101, 101, 429])
    const participant = await joinAsGuest(live.app, workshop.joinCode, 'Participante')
    expect((await open(workshop.boardId, participant.cookie, '192.0.2.99')).status).toBe(101)
  })

  it('frees an address’s place when one of its sockets closes', async () => {
    const { workshop } = await workshopWithGuests(live.app)
    const address = '203.0.113.77'
    const held: WebSocket[] = []
    for (let g = 0; g < 3; g++) {
      const guest = await joinAsGuest(live.app, workshop.joinCode, `Invité ${g}`)
      for (let s = 0; s < 2; s++) held.push((await open(workshop.boardId, guest.cookie, address)).socket!)
    }
    const late = await joinAsGuest(live.app, workshop.joinCode, 'En retard')
    expect((await open(workshop.boardId, late.cookie, address)).status).toBe(429)
    const gone = closed(held[0]!)
    held[0]!.close()
    await gone
    await expect
      .poll(async () => {
        const result = await open(workshop.boardId, late.cookie, address)
        return result.status
      })
      .toBe(101)
  })
})
