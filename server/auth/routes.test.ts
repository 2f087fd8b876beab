import { expect, it } from 'vitest'
import { buildTestApp, injectAs, sessionCookieOf, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { sessionLifetimes, validateSessionToken } from './sessions.ts'
import { hashToken } from './tokens.ts'

describeEachStore('accounts and sessions ($name)', (target) => {
  const suite = suiteApp(target)
  /** The status GET /api/auth/me answers the session of `cookie` with. */
  const meStatus = async (cookie: string) =>
    (await suite.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode

  it('signs up, creating a council, and knows who is signed in', async () => {
    const account = await signUp(suite.app, { councilName: 'Conseil de développement du Léon' })
    const me = await suite.app.inject({ url: '/api/auth/me', headers: { cookie: account.cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({
      kind: 'account',
      email: account.email,
      councilName: 'Conseil de développement du Léon',
    })
  })

  it('sets an HttpOnly SameSite=Lax cookie holding a 160-bit token, stored only as its SHA-256', async () => {
    const response = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: 'cookie@example.fr', password: 'long enough password', displayName: 'Cookie' },
    })
    const cookie = response.cookies.find((c) => c.name === 'kenlabour_session')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    expect(cookie.secure).toBeUndefined()
    expect(cookie.value).toMatch(/^[a-z2-7]{32}$/)
    const rows = await suite.store.db.selectFrom('sessions').select('id').execute()
    expect(rows.map((r) => r.id)).toContain(hashToken(cookie.value))
    expect(rows.map((r) => r.id)).not.toContain(cookie.value)
  })

  it('marks the cookie Secure behind HTTPS', async () => {
    const secureApp = await buildTestApp(suite.store)
    secureApp.addHook('onRequest', async (request) => {
      Object.defineProperty(request, 'protocol', { value: 'https' })
    })
    const response = await secureApp.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: 'secure@example.fr', password: 'long enough password', displayName: 'S' },
    })
    expect(response.cookies.find((c) => c.name === 'kenlabour_session')?.secure).toBe(true)
    await secureApp.close()
  })

  it('refuses a duplicate e-mail, a wrong password and an unknown account with the same answer', async () => {
    const account = await signUp(suite.app)
    const dup = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: account.email.toUpperCase(), password: 'another password', displayName: 'X' },
    })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error.code).toBe('email_taken')
    const wrong = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: account.email, password: 'nope nope' },
    })
    const unknown = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.fr', password: 'nope nope' },
    })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json()).toEqual(unknown.json())
  })

  it('issues a new token at each login and ends the previous session (no fixation)', async () => {
    const account = await signUp(suite.app)
    const login = await injectAs(suite.app, 'POST', '/api/auth/login', account, {
      email: account.email,
      password: 'correct horse battery',
    })
    expect(login.statusCode).toBe(200)
    const fresh = sessionCookieOf(login)
    expect(fresh).not.toBe(account.cookie)
    expect(await meStatus(account.cookie)).toBe(401)
    expect(await meStatus(fresh)).toBe(200)
  })

  it('logs out: the token no longer works', async () => {
    const account = await signUp(suite.app)
    const out = await injectAs(suite.app, 'POST', '/api/auth/logout', account)
    expect(out.statusCode).toBe(204)
    expect(await meStatus(account.cookie)).toBe(401)
  })

  it('slides expiry forward on use but never past the absolute cap', async () => {
    const account = await signUp(suite.app)
    const token = account.cookie.split('=')[1]!
    const id = hashToken(token)
    const life = sessionLifetimes.account
    const created = new Date()
    // Just before idle expiry: the session slides forward by a full idle period.
    const nearIdle = new Date(created.getTime() + life.idle - 1000)
    const slid = await validateSessionToken(suite.store.db, token, nearIdle)
    expect(slid?.refreshed).toBe(true)
    expect(slid!.expiresAt.getTime()).toBeGreaterThan(nearIdle.getTime() + life.idle - 60_000)
    // Keep using it until the cap: expiry never exceeds created + cap, and past it the session is gone.
    let now = nearIdle
    for (let i = 0; i < 10; i++) {
      now = new Date(now.getTime() + life.idle - life.refreshWhenLeft + 1000)
      const session = await validateSessionToken(suite.store.db, token, now)
      if (!session) break
      expect(session.expiresAt.getTime()).toBeLessThanOrEqual(created.getTime() + life.cap + 5000)
    }
    expect(
      await validateSessionToken(suite.store.db, token, new Date(created.getTime() + life.cap + 10_000)),
    ).toBeNull()
    expect(
      await suite.store.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined()
  })

  it('refuses state-changing requests from a foreign Origin, accepts its own', async () => {
    const account = await signUp(suite.app)
    const foreign = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: account.cookie, origin: 'https://evil.example', host: 'kenlabour.local' },
    })
    expect(foreign.statusCode).toBe(403)
    expect(foreign.json().error.code).toBe('foreign_origin')
    expect(await meStatus(account.cookie)).toBe(200)
    const own = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: account.cookie, origin: 'http://kenlabour.local', host: 'kenlabour.local' },
    })
    expect(own.statusCode).toBe(204)
  })

  it('invites a colleague into the same council with a single-use link', async () => {
    const owner = await signUp(suite.app, { councilName: 'Conseil du Trégor' })
    const invite = await suite.app.inject({
      method: 'POST',
      url: '/api/council/invites',
      headers: { cookie: owner.cookie },
    })
    expect(invite.statusCode).toBe(201)
    const { token } = invite.json()
    expect((await suite.app.inject({ url: `/api/invites/${token}` })).json()).toEqual({
      councilName: 'Conseil du Trégor',
    })
    const colleague = await signUp(suite.app, { inviteToken: token })
    expect(colleague.councilId).toBe(owner.councilId)
    const council = await suite.app.inject({ url: '/api/council', headers: { cookie: owner.cookie } })
    expect(council.json().members).toHaveLength(2)
    const again = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: {
        email: 'late@example.fr',
        password: 'long enough password',
        displayName: 'Late',
        inviteToken: token,
      },
    })
    expect(again.statusCode).toBe(404)
  })

  it('answers bad input with 4xx and an error body, never a stack', async () => {
    const cases = [
      {
        payload: '{"email":',
        headers: { 'content-type': 'application/json' },
        status: 400,
        code: 'invalid_json',
      },
      {
        payload: { email: 42, password: 'x'.repeat(10), displayName: 'A' },
        status: 400,
        code: 'invalid_input',
      },
      {
        payload: { email: 'not-an-email', password: 'x'.repeat(10), displayName: 'A' },
        status: 400,
        code: 'invalid_input',
      },
      {
        payload: { email: 'a@b.fr', password: 'short', displayName: 'A' },
        status: 400,
        code: 'invalid_input',
      },
      { payload: { email: 'a@b.fr', password: 'x'.repeat(10) }, status: 400, code: 'invalid_input' },
      {
        payload: 'x'.repeat(2 * 1024 * 1024),
        headers: { 'content-type': 'application/json' },
        status: 413,
        code: 'body_too_large',
      },
      {
        payload: 'email=a',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        status: 415,
        code: 'unsupported_media_type',
      },
    ]
    for (const c of cases) {
      const response = await suite.app.inject({
        method: 'POST',
        url: '/api/auth/signup',
        payload: c.payload,
        headers: c.headers,
      })
      expect(response.statusCode, JSON.stringify(c.payload).slice(0, 80)).toBe(c.status)
      expect(response.json().error.code).toBe(c.code)
      expect(response.body).not.toMatch(/\n\s+at /)
    }
    expect((await suite.app.inject({ url: '/api/auth/me' })).json().error.code).toBe('unauthorized')
    expect((await suite.app.inject({ url: '/api/nope' })).statusCode).toBe(404)
  })

  it('throttles failed logins per address and per account, not successful ones', async () => {
    const limited = await buildTestApp(suite.store, {
      rateLimits: { login: 1000, signup: 1000, join: 1000 },
      failureLimits: {
        loginPerAddress: { max: 3, windowSeconds: 900 },
        loginPerAccount: { max: 5, windowSeconds: 900 },
      },
    })
    try {
      const account = await signUp(limited)
      const login = (email: string, password: string, remoteAddress: string) =>
        limited.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress,
          payload: { email, password },
        })
      // Many successful logins from one address (a council office) are never throttled.
      for (let i = 0; i < 8; i++)
        expect((await login(account.email, 'correct horse battery', '192.0.2.1')).statusCode).toBe(200)
      // Per address: three misses, then even the right password is refused from there.
      const codes: number[] = []
      for (let i = 0; i < 3; i++) codes.push((await login(`x${i}@y.fr`, 'whatever1', '192.0.2.2')).statusCode)
      const blocked = await login(account.email, 'correct horse battery', '192.0.2.2')
      codes.push(blocked.statusCode)
      expect(codes).toEqual([401, 401, 401, 429])
      expect(blocked.json().error.code).toBe('too_many_failures')
      expect(blocked.headers['retry-after']).toBeDefined()
      // Per account: five misses from five addresses lock that account's logins from new addresses...
      for (let i = 0; i < 5; i++)
        expect((await login(account.email, 'wrong password', `198.51.100.${i + 1}`)).statusCode).toBe(401)
      expect((await login(account.email, 'correct horse battery', '203.0.113.9')).statusCode).toBe(429)
      // ...but not from where its owner signed in before (whoever hammers it cannot lock them out)...
      expect((await login(account.email, 'correct horse battery', '192.0.2.1')).statusCode).toBe(200)
      // ...and only that account's: another person logs in from anywhere.
      const colleague = await signUp(limited)
      expect((await login(colleague.email, 'correct horse battery', '203.0.113.9')).statusCode).toBe(200)
      // The blocked office address: a colleague who signed in there before still may, a wrong password
      // from there is refused before it is checked.
      expect((await login(account.email, 'correct horse battery', '192.0.2.2')).statusCode).toBe(429)
      expect((await login(colleague.email, 'wrong password', '192.0.2.2')).statusCode).toBe(429)
    } finally {
      await limited.close()
    }
  })

  it('keeps a ceiling on login requests per address', async () => {
    const limited = await buildTestApp(suite.store, { rateLimits: { login: 3, signup: 3, join: 3 } })
    const codes: number[] = []
    for (let i = 0; i < 5; i++) {
      const r = await limited.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'x@y.fr', password: 'whatever1' },
      })
      codes.push(r.statusCode)
    }
    expect(codes).toEqual([401, 401, 401, 429, 429])
    await limited.close()
  })
})
