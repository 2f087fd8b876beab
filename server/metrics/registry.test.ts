import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../db/connect.ts'
import { buildTestApp } from '../testing/app.ts'
import { storeTargets } from '../testing/stores.ts'

describe('GET /metrics', () => {
  let store: Store
  beforeAll(async () => {
    store = await storeTargets[0]!.open()
  })
  afterAll(async () => {
    await store.close()
  })

  it('answers only with the bearer token', async () => {
    const app = await buildTestApp(store, { config: { seedDemo: false, metricsToken: 's3cret-token' } })
    try {
      const anonymous = await app.inject({ url: '/metrics' })
      expect(anonymous.statusCode).toBe(401)
      expect(anonymous.json().error.code).toBe('unauthorized')
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/)
      for (const authorization of [
        'Bearer wrong',
        'Bearer s3cret-toke',
        's3cret-token',
        'Basic s3cret-token',
      ])
        expect((await app.inject({ url: '/metrics', headers: { authorization } })).statusCode).toBe(401)
      const allowed = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer s3cret-token' } })
      expect(allowed.statusCode).toBe(200)
      expect(allowed.body).toContain('kenlabour_collab_connections')
    } finally {
      await app.close()
    }
  })

  it('does not exist without KENLABOUR_METRICS_TOKEN', async () => {
    const app = await buildTestApp(store, { config: { seedDemo: false, metricsToken: undefined } })
    try {
      const response = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer anything' } })
      expect(response.statusCode).toBe(404)
      expect(response.body).not.toContain('kenlabour_')
    } finally {
      await app.close()
    }
  })
})
