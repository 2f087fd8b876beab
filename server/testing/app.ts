import type { FastifyInstance, HTTPMethods, LightMyRequestResponse } from 'fastify'
import { type AppOptions, buildApp } from '../app.ts'
import type { Store } from '../db/connect.ts'

const generous = { max: 1000, windowSeconds: 60 }

/** The /metrics token of test apps and test server processes. */
export const TEST_METRICS_TOKEN = 'test-metrics-token'
export const metricsHeaders = { authorization: `Bearer ${TEST_METRICS_TOKEN}` }

/**
 * Builds an app on `store` for inject() tests, with generous rate limits unless a test sets them, no
 * demo, and sign-up open (config entries a test gives are merged over these).
 */
export function buildTestApp(store: Store, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({
    store,
    rateLimits: { login: 1000, signup: 1000, join: 1000, applications: 1000 },
    failureLimits: { join: generous, loginPerAddress: generous, loginPerAccount: generous },
    ...options,
    // Sign-up open: suites sign up several unrelated accounts (councils) on one store. Tests of the
    // invite mode set `signup: 'invite'`.
    config: { seedDemo: false, signup: 'open', metricsToken: TEST_METRICS_TOKEN, ...options.config },
  })
}

/** The session cookie a response set, as a `cookie` header value. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'kenlabour_session')
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`)
  return `kenlabour_session=${cookie.value}`
}

let counter = 0

/** Signs up a new account (and council) and returns its cookie and ids. */
export async function signUp(
  app: FastifyInstance,
  overrides: { councilName?: string; inviteToken?: string } = {},
) {
  counter += 1
  const displayName = `Animatrice ${counter}`
  const email = `user${counter}-${crypto.randomUUID().slice(0, 8)}@example.fr`
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email, password: 'correct horse battery', displayName, ...overrides },
  })
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`)
  const body = response.json()
  return {
    cookie: sessionCookieOf(response),
    email,
    userId: body.userId as string,
    displayName,
    councilId: body.councilId as string,
  }
}

/** An account `signUp` made: its session cookie, email, ids and display name. */
export type Account = Awaited<ReturnType<typeof signUp>>

/** Signs up a colleague of the council of the account of `cookie`, through an invitation. */
export async function inviteMember(app: FastifyInstance, cookie: string): Promise<Account> {
  const invite = await app.inject({ method: 'POST', url: '/api/council/invites', headers: { cookie } })
  if (invite.statusCode !== 201) throw new Error(`invite failed: ${invite.statusCode} ${invite.body}`)
  return signUp(app, { inviteToken: invite.json().token })
}

/** `app.inject` in the name of `as` (anonymous without), with `payload` as its JSON body when given. */
export function injectAs(
  app: FastifyInstance,
  method: HTTPMethods,
  url: string,
  as?: { cookie: string },
  payload?: object,
) {
  return app.inject({
    method,
    url,
    headers: as ? { cookie: as.cookie } : {},
    ...(payload ? { payload } : {}),
  })
}
