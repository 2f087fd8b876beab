import { describe, expect, it } from 'vitest'
import { suiteApp } from '../testing/live-app.ts'
import { storeTargets } from '../testing/stores.ts'

describe('security headers', () => {
  const suite = suiteApp(storeTargets[0]!, { config: { seedDemo: false, trustProxy: 1 } })

  it('sends the CSP, no framing, nosniff and a referrer policy on every response', async () => {
    for (const url of ['/api/health', '/api/auth/me', '/api/nope', '/']) {
      const r = await suite.app.inject({ url })
      const csp = String(r.headers['content-security-policy'])
      expect(csp, url).toContain("script-src 'self'")
      expect(csp).not.toMatch(/script-src[^;]*unsafe/)
      expect(csp).toContain("style-src 'self' 'unsafe-inline'")
      expect(csp).toContain("img-src 'self' data: blob:")
      expect(csp).toContain("font-src 'self' data:")
      expect(csp).toContain("connect-src 'self'")
      expect(csp).toContain("worker-src 'self' blob:")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("base-uri 'self'")
      expect(r.headers['x-frame-options']).toBe('DENY')
      expect(r.headers['x-content-type-options']).toBe('nosniff')
      // The suite.app's pages keep their stricter same-origin (client-files.ts: join codes in their URLs).
      expect(['strict-origin-when-cross-origin', 'same-origin']).toContain(r.headers['referrer-policy'])
      expect(r.headers['strict-transport-security']).toBeUndefined()
    }
  })

  it('sends HSTS only when the request came over HTTPS (through the trusted proxy)', async () => {
    const r = await suite.app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } })
    expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/)
  })
})
