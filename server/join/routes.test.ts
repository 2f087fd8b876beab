import { beforeAll, expect, it } from 'vitest'
import type { AccessRevoked } from '../auth/access-events.ts'
import { sessionCookieOf, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { rowWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'

describeEachStore('joining as a guest ($name)', (target) => {
  const suite = suiteApp(target, { bodyLimit: 16 * 1024 })
  const revocations: AccessRevoked[] = []
  beforeAll(() => {
    suite.app.access.onRevoke((event) => revocations.push(event))
  })

  const join = (payload: unknown, headers: Record<string, string> = {}) =>
    suite.app.inject({ method: 'POST', url: '/api/join', headers, payload: payload as any })

  it('gives a participant session for the join code, tied to the workshop', async () => {
    const owner = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, owner.cookie, { title: 'Atelier santé' })
    const response = await join({ code: workshop.joinCode, displayName: '  Léa  ' })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({
      workshopId: workshop.id,
      boardId: workshop.boardId,
      role: 'participant',
      title: 'Atelier santé',
      guestId: expect.any(String),
      displayName: 'Léa',
    })
    const cookie = response.cookies.find((c) => c.name === 'kenlabour_session')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    const me = await suite.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookieOf(response) } })
    expect(me.json()).toMatchObject({
      kind: 'guest',
      displayName: 'Léa',
      workshopId: workshop.id,
      role: 'participant',
    })
    const guest = await rowWhere(suite.store.db, 'guests', 'id', response.json().guestId)
    expect(guest).toMatchObject({
      workshop_id: workshop.id,
      role: 'participant',
      code: workshop.joinCode.replace('-', ''),
    })
  })

  it('gives an observer session for the observer code, typed in any case, with spaces or without dash', async () => {
    const owner = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, owner.cookie)
    const [a, b] = workshop.observerCode.split('-')
    for (const typed of [workshop.observerCode.toLowerCase(), ` ${a} ${b} `, `${a}${b}`]) {
      const response = await join({ code: typed, displayName: 'Élu' })
      expect(response.statusCode, typed).toBe(201)
      expect(response.json().role).toBe('observer')
    }
  })

  it('ends whatever session the browser held before joining', async () => {
    const owner = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, owner.cookie)
    revocations.length = 0
    const asAccount = await join({ code: workshop.joinCode, displayName: 'Moi' }, { cookie: owner.cookie })
    expect(asAccount.statusCode).toBe(201)
    expect(
      (await suite.app.inject({ url: '/api/auth/me', headers: { cookie: owner.cookie } })).statusCode,
    ).toBe(401)
    expect(revocations).toHaveLength(1)
    expect(revocations[0].sessionIds).toHaveLength(1)

    const other = await createWorkshop(suite.app, (await signUp(suite.app)).cookie)
    const first = await joinAsGuest(suite.app, workshop.joinCode)
    const second = await join({ code: other.joinCode, displayName: 'Moi' }, { cookie: first.cookie })
    expect(second.statusCode).toBe(201)
    expect(
      (await suite.app.inject({ url: '/api/auth/me', headers: { cookie: first.cookie } })).statusCode,
    ).toBe(401)
    const me = await suite.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookieOf(second) } })
    expect(me.json().workshopId).toBe(other.id)
  })

  it('answers 404 unknown_code for unknown, malformed and revoked codes', async () => {
    const owner = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, owner.cookie)
    await suite.app.inject({
      method: 'POST',
      url: `/api/workshops/${workshop.id}/codes/revoke`,
      headers: { cookie: owner.cookie },
      payload: { kind: 'join' },
    })
    for (const code of ['ABCD-EFGH', 'not a code', 'ABC', workshop.joinCode]) {
      const response = await join({ code, displayName: 'X' })
      expect(response.statusCode, code).toBe(404)
      expect(response.json().error.code).toBe('unknown_code')
      const preview = await suite.app.inject({ url: `/api/join/${encodeURIComponent(code)}` })
      expect(preview.statusCode, code).toBe(404)
      expect(preview.json().error.code).toBe('unknown_code')
    }
    expect(
      await suite.store.db.selectFrom('guests').select('id').where('workshop_id', '=', workshop.id).execute(),
    ).toEqual([])
  })

  it('refuses bad input with 4xx', async () => {
    const owner = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, owner.cookie)
    for (const payload of [
      { code: workshop.joinCode },
      { code: workshop.joinCode, displayName: '' },
      { code: workshop.joinCode, displayName: '   ' },
      { code: workshop.joinCode, displayName: 'x'.repeat(61) },
      { code: 12345678, displayName: 'X' },
      { code: 'x'.repeat(33), displayName: 'X' },
      { displayName: 'X' },
    ]) {
      const response = await join(payload)
      expect(response.statusCode, JSON.stringify(payload)).toBe(400)
      expect(response.json().error.code).toBe('invalid_input')
    }
    const malformed = await suite.app.inject({
      method: 'POST',
      url: '/api/join',
      headers: { 'content-type': 'application/json' },
      payload: '{"code":',
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.code).toBe('invalid_json')
    const huge = await join({ code: workshop.joinCode, displayName: 'X', padding: 'x'.repeat(20_000) })
    expect(huge.statusCode).toBe(413)
    const foreign = await join(
      { code: workshop.joinCode, displayName: 'X' },
      { origin: 'https://evil.example' },
    )
    expect(foreign.statusCode).toBe(403)
    expect(foreign.json().error.code).toBe('foreign_origin')
  })

  it('previews what a code opens for the join page', async () => {
    const owner = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, owner.cookie, { title: 'Atelier eau' })
    const preview = await suite.app.inject({ url: `/api/join/${workshop.joinCode.toLowerCase()}` })
    expect(preview.statusCode).toBe(200)
    expect(preview.json()).toEqual({ title: 'Atelier eau', role: 'participant' })
    const observer = await suite.app.inject({ url: `/api/join/${workshop.observerCode}` })
    expect(observer.json()).toEqual({ title: 'Atelier eau', role: 'observer' })
  })
})

describeEachStore('join rate limits ($name)', (target) => {
  const suite = suiteApp(target, {
    rateLimits: { login: 1000, signup: 1000, join: 60 },
    failureLimits: { join: { max: 4, windowSeconds: 600 } },
  })

  const joinFrom = (remoteAddress: string, code: string, displayName = 'X') =>
    suite.app.inject({ method: 'POST', url: '/api/join', remoteAddress, payload: { code, displayName } })

  it('refuses an address after a few wrong codes across POST /api/join and its preview, right code included', async () => {
    const owner = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, owner.cookie)
    const attacker = '203.0.113.7'
    const statuses: number[] = []
    for (let i = 0; i < 3; i += 1) statuses.push((await joinFrom(attacker, 'ABCD-EFGH')).statusCode)
    statuses.push(
      (await suite.app.inject({ url: '/api/join/ABCD-EFGH', remoteAddress: attacker })).statusCode,
    )
    expect(statuses).toEqual([404, 404, 404, 404])
    // The fifth attempt is refused even with the right code, by either route, and says when to retry.
    const blocked = await joinFrom(attacker, workshop.joinCode)
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json().error.code).toBe('too_many_failures')
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(500)
    expect(blocked.cookies).toEqual([])
    expect(
      (await suite.app.inject({ url: `/api/join/${workshop.joinCode}`, remoteAddress: attacker })).statusCode,
    ).toBe(429)
    // Another address is not affected.
    expect((await joinFrom('198.51.100.9', workshop.joinCode, 'Y')).statusCode).toBe(201)
  })

  it('admits a hall behind one address, even while someone in it guesses codes', async () => {
    const owner = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, owner.cookie)
    const hall = '192.0.2.44'
    const statuses: number[] = []
    // Twenty-five people, each looking at the code's preview and then joining (50 requests), and two typos.
    for (let i = 0; i < 25; i += 1) {
      statuses.push(
        (await suite.app.inject({ url: `/api/join/${workshop.joinCode}`, remoteAddress: hall })).statusCode,
      )
      statuses.push((await joinFrom(hall, workshop.joinCode, `Personne ${i}`)).statusCode)
    }
    expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(50)
    // Someone in the hall guesses: after four misses their guesses are refused, while the hall's code,
    // which worked from this address, still admits people; another workshop's code does not.
    const other = await createWorkshop(suite.app, owner.cookie)
    const guesses: number[] = []
    for (let i = 0; i < 6; i += 1) guesses.push((await joinFrom(hall, `ZZZZ-ZZZ${'ABCDEF'[i]}`)).statusCode)
    expect(guesses).toEqual([404, 404, 404, 404, 429, 429])
    expect((await joinFrom(hall, workshop.joinCode, 'Retardataire')).statusCode).toBe(201)
    expect((await joinFrom(hall, other.joinCode)).statusCode).toBe(429)
    // The ceiling on requests (60 a minute here) still holds, as `rate_limited`.
    const over: number[] = []
    for (let i = 0; i < 4; i += 1) over.push((await joinFrom(hall, workshop.joinCode)).statusCode)
    expect(over).toEqual([201, 201, 429, 429])
    expect((await joinFrom(hall, workshop.joinCode)).json().error.code).toBe('rate_limited')
  })
})
