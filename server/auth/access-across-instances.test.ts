import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { closed, connectClient, eventually, openRaw, synced } from '../collab/testing/clients.ts'
import { joinGuest } from '../collab/testing/http-fixtures.ts'
import type { ServerProcess } from '../collab/testing/processes.ts'
import { twoInstancesEnabled, twoServerProcesses } from '../testing/two-instances.ts'

/**
 * Revocations and presence across instances: two server processes on one Postgres and a Redis of the
 * test's own. Runs when TEST_REDIS_URL and TEST_DATABASE_URL are set (the global setup says when Redis
 * suites are skipped).
 */
describe.runIf(twoInstancesEnabled)('access across instances through Redis', { timeout: 120_000 }, () => {
  const pair = twoServerProcesses()

  /** `closing`, or a failure after 10 s (a close that never comes should not wait for the suite's timeout). */
  const within10s = <T>(closing: Promise<T>) =>
    Promise.race([
      closing,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('socket still open after 10 s')), 10_000),
      ),
    ])
  const collabUrl = (server: ServerProcess) =>
    `${server.origin.replace('http', 'ws')}/collab/${pair.workshop.boardId}`
  /** Opens a live-board socket on B with `cookie`; `closing` resolves when the server closes it. */
  const socketOnB = async (cookie: string) => {
    const onB = await openRaw(collabUrl(pair.b), { cookie })
    if (!('socket' in onB)) throw new Error(`not upgraded: ${onB.status}`)
    return { closing: closed(onB.socket) }
  }
  const call = (server: ServerProcess, method: string, path: string, cookie: string) =>
    fetch(`${server.origin}${path}`, { method, headers: { cookie } })

  it('lists as online a guest connected to the other instance only', async () => {
    const guest = await joinGuest(pair.a.origin, pair.workshop.joinCode, 'Sur B')
    const onB = connectClient(pair.b.origin, pair.workshop.boardId, guest.cookie)
    pair.clients.push(onB)
    await synced(onB)
    onB.provider.awareness.setLocalState({ board: { pageId: 'page:page', cursor: { x: 3, y: 4 } } })
    const list = await eventually(
      async () => {
        const response = await call(
          pair.a,
          'GET',
          `/api/workshops/${pair.workshop.workshopId}/participants`,
          pair.workshop.facilitator.cookie,
        )
        expect(response.status).toBe(200)
        const listed = (await response.json()) as { guestId: string; online: boolean }[]
        return listed.find((p) => p.guestId === guest.guestId)?.online ? listed : undefined
      },
      10_000,
      'the guest on B listed online by A',
      100,
    )
    expect(list.find((p) => p.guestId === pair.workshop.participant.guestId)?.online).toBe(false)
    onB.destroy()
  })

  it('closes on B the socket of a guest removed through A (4403); the old cookie is refused on both', async () => {
    const guest = await joinGuest(pair.a.origin, pair.workshop.joinCode, 'À retirer')
    const { closing } = await socketOnB(guest.cookie)
    const removal = await call(
      pair.a,
      'DELETE',
      `/api/workshops/${pair.workshop.workshopId}/participants/${guest.guestId}`,
      pair.workshop.facilitator.cookie,
    )
    expect(removal.status).toBe(204)
    expect(await within10s(closing)).toEqual({ code: CloseCode.accessRevoked, reason: 'access revoked' })
    for (const server of [pair.a, pair.b]) {
      expect(
        (await call(server, 'GET', `/api/workshops/${pair.workshop.workshopId}`, guest.cookie)).status,
      ).toBe(401)
      expect(await openRaw(collabUrl(server), { cookie: guest.cookie })).toMatchObject({ status: 401 })
    }
  })

  it('closes on B the socket of a session logged out on A (4401)', async () => {
    const guest = await joinGuest(pair.a.origin, pair.workshop.joinCode, 'Qui part')
    const { closing } = await socketOnB(guest.cookie)
    const logout = await call(pair.a, 'POST', '/api/auth/logout', guest.cookie)
    expect(logout.status).toBeLessThan(300)
    expect(await within10s(closing)).toEqual({ code: CloseCode.sessionEnded, reason: 'session ended' })
  })

  const send = (server: ServerProcess, path: string, body: unknown, cookie?: string) =>
    fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    })
  /** A colleague the facilitator invites into the council, signed up through A: their id and cookie. */
  async function invitedColleague(emailPrefix: string, displayName: string) {
    const invite = await send(pair.a, '/api/council/invites', {}, pair.workshop.facilitator.cookie)
    const { token } = (await invite.json()) as { token: string }
    const signup = await send(pair.a, '/api/auth/signup', {
      email: `${emailPrefix}-${crypto.randomUUID().slice(0, 8)}@example.fr`,
      password: 'correct horse battery',
      displayName,
      inviteToken: token,
    })
    expect(signup.status).toBe(201)
    const { userId } = (await signup.json()) as { userId: string }
    return { userId, cookie: signup.headers.getSetCookie()[0]!.split(';')[0]! }
  }

  it('closes on B the socket of a co-facilitator removed through A (4403)', async () => {
    const { userId, cookie } = await invitedColleague('co', 'Co-animatrice')
    const added = await send(
      pair.a,
      `/api/workshops/${pair.workshop.workshopId}/facilitators`,
      { userId },
      pair.workshop.facilitator.cookie,
    )
    expect(added.status).toBe(200)
    const { closing } = await socketOnB(cookie)
    const removal = await call(
      pair.a,
      'DELETE',
      `/api/workshops/${pair.workshop.workshopId}/facilitators/${userId}`,
      pair.workshop.facilitator.cookie,
    )
    expect(removal.status).toBe(200)
    expect(await within10s(closing)).toEqual({ code: CloseCode.accessRevoked, reason: 'access revoked' })
  })

  it('closes on B the sockets of a council member removed through A, at once', async () => {
    const { userId, cookie } = await invitedColleague('membre', 'Membre retiré')
    const { closing } = await socketOnB(cookie)
    const removal = await call(
      pair.a,
      'DELETE',
      `/api/council/members/${userId}`,
      pair.workshop.facilitator.cookie,
    )
    expect(removal.status).toBe(204)
    expect(await within10s(closing)).toEqual({ code: CloseCode.sessionEnded, reason: 'session ended' })
    expect(await openRaw(collabUrl(pair.b), { cookie })).toMatchObject({ status: 401 })
  })

  // Last: it revokes the workshop's observer code.
  it('closes on B the socket of an observer whose code was revoked through A', async () => {
    const observer = await joinGuest(pair.a.origin, pair.workshop.observerCode, 'Élu sur B')
    const { closing } = await socketOnB(observer.cookie)
    const revoke = await fetch(`${pair.a.origin}/api/workshops/${pair.workshop.workshopId}/codes/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: pair.workshop.facilitator.cookie },
      body: JSON.stringify({ kind: 'observer' }),
    })
    expect(revoke.status).toBe(200)
    // The revocation names both the guests and their (deleted) sessions; either close is a final one.
    const { code } = await within10s(closing)
    expect([CloseCode.accessRevoked, CloseCode.sessionEnded]).toContain(code)
    expect(await openRaw(collabUrl(pair.b), { cookie: observer.cookie })).toMatchObject({ status: 401 })
  })
})
