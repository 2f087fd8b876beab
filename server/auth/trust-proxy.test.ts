import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTrustProxy, type ServerConfig } from '../config.ts'
import type { Store } from '../db/connect.ts'
import { buildTestApp } from '../testing/app.ts'
import { storeTargets } from '../testing/stores.ts'

describe('TRUST_PROXY', () => {
  it('reads a hop count or a list of addresses, never "trust all"', () => {
    expect(parseTrustProxy(undefined)).toBe(false)
    expect(parseTrustProxy('')).toBe(false)
    expect(parseTrustProxy('0')).toBe(false)
    expect(parseTrustProxy('1')).toBe(1)
    expect(parseTrustProxy('2')).toBe(2)
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1'])
    expect(() => parseTrustProxy('true')).toThrow(/hop count/)
    expect(() => parseTrustProxy('*')).toThrow(/hop count/)
    expect(() => parseTrustProxy('proxy.example')).toThrow(/TRUST_PROXY/)
  })

  let store: Store
  beforeAll(async () => {
    store = await storeTargets[0]!.open()
  })
  afterAll(async () => {
    await store.close()
  })

  const settings: { name: string; trustProxy: ServerConfig['trustProxy'] }[] = [
    { name: 'unset', trustProxy: false },
    { name: 'one hop', trustProxy: 1 },
    { name: 'CIDR list', trustProxy: ['127.0.0.0/8', '::1/128'] },
  ]
  for (const setting of settings) {
    it(`keeps the failed-login limit against spoofed X-Forwarded-For (${setting.name})`, async () => {
      const app = await buildTestApp(store, {
        rateLimits: { login: 1000, signup: 1000, join: 1000 },
        failureLimits: { loginPerAddress: { max: 5, windowSeconds: 900 } },
        config: { seedDemo: false, trustProxy: setting.trustProxy },
      })
      try {
        const address = await app.listen({ host: '127.0.0.1', port: 0 })
        const codes: number[] = []
        let lastCode = ''
        for (let i = 0; i < 12; i++) {
          // An attacker rotates the address it claims; a proxy in front appends the real one (here
          // 203.0.113.7, what the one proxy saw), so only the last hop can be believed.
          const spoofed = `198.51.100.${i + 1}`
          const response = await fetch(`${address}/api/auth/login`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': `${spoofed}, 203.0.113.7`,
            },
            body: JSON.stringify({ email: 'nobody@example.fr', password: 'wrong password 1' }),
          })
          codes.push(response.status)
          lastCode = ((await response.json()) as { error: { code: string } }).error.code
        }
        expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
        expect(codes.slice(5)).toEqual(Array(7).fill(429))
        expect(lastCode).toBe('too_many_failures')
      } finally {
        await app.close()
      }
    })
  }
})
