import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type PrivateRedis, startPrivateRedis } from '../collab/testing/processes.ts'
import type { Store } from '../db/connect.ts'
import { buildTestApp, signUp } from '../testing/app.ts'
import { storeTargets } from '../testing/stores.ts'
import { createWorkshop } from '../testing/workshops.ts'

/**
 * Two instances behind one address share their limits through Redis: a guesser gains nothing by
 * alternating between them. Runs when TEST_REDIS_URL is set (a private redis-server is started; the
 * global setup says when Redis suites are skipped).
 */
describe.runIf(Boolean(process.env.TEST_REDIS_URL))('rate limits across instances (Redis)', () => {
  let redis: PrivateRedis
  let store: Store
  let a: FastifyInstance
  let b: FastifyInstance
  let joinCode: string

  beforeAll(async () => {
    redis = await startPrivateRedis()
    store = await storeTargets[0]!.open()
    const options = {
      config: { seedDemo: false, redisUrl: redis.url },
      rateLimits: { login: 1000, signup: 1000, join: 6 },
      failureLimits: { join: { max: 3, windowSeconds: 600 } },
    }
    a = await buildTestApp(store, options)
    b = await buildTestApp(store, options)
    await vi.waitFor(() => {
      if (!a.attempts.shared() || !b.attempts.shared()) throw new Error('Redis not ready yet')
    })
    const owner = await signUp(a)
    joinCode = (await createWorkshop(a, owner.cookie)).joinCode
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await store?.close()
    await redis?.stop()
  })

  const join = (app: FastifyInstance, remoteAddress: string, code: string) =>
    app.inject({ method: 'POST', url: '/api/join', remoteAddress, payload: { code, displayName: 'X' } })

  it('counts wrong codes made on either instance against one address', async () => {
    const address = '203.0.113.21'
    expect((await join(a, address, 'AAAA-AAAA')).statusCode).toBe(404)
    expect((await join(b, address, 'AAAA-AAAB')).statusCode).toBe(404)
    expect((await join(a, address, 'AAAA-AAAC')).statusCode).toBe(404)
    const refused = await join(b, address, joinCode)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().error.code).toBe('too_many_failures')
  })

  it('counts requests made on either instance against the ceiling', async () => {
    const address = '203.0.113.22'
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await join(i % 2 ? a : b, address, joinCode)).statusCode)
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429, 429])
  })

  it('keeps limiting on each instance while Redis is unreachable', async () => {
    await redis.stop()
    await expect.poll(() => a.attempts.shared()).toBe(false)
    const address = '203.0.113.23'
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await join(a, address, 'BBBB-BBBB')).statusCode)
    expect(statuses).toEqual([404, 404, 404, 429])
  })
})
