import { describe, expect, it } from 'vitest'
import { isFramablePage } from '../http/security-headers.ts'
import { suiteApp } from '../testing/live-app.ts'
import { storeTargets } from '../testing/stores.ts'

/** Only the showcase widget's page may be framed by another site; every other answer still refuses it. */
describe('framing: the showcase widget only', () => {
  const suite = suiteApp(storeTargets[0]!, { config: { seedDemo: false } })
  const framing = async (url: string, method: 'GET' | 'POST' = 'GET') => {
    const r = await suite.app.inject({ url, method })
    return { csp: String(r.headers['content-security-policy']), xfo: r.headers['x-frame-options'] }
  }

  it('lets any site frame /vitrine/:slug/widget, with the rest of the policy unchanged', async () => {
    for (const url of ['/vitrine/conseil-du-tregor/widget', '/vitrine/conseil-du-tregor/widget?lang=en']) {
      const { csp, xfo } = await framing(url)
      expect(csp, url).toContain('frame-ancestors *')
      expect(csp).not.toContain("frame-ancestors 'none'")
      expect(xfo).toBeUndefined()
      // Still nothing from another origin: no tracker, no outside request.
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("connect-src 'self' data: blob:")
      expect(csp).toContain("form-action 'self'")
    }
  })

  it('refuses framing everywhere else: pages, the public page, the API, look-alike paths, other methods', async () => {
    const urls = [
      '/',
      '/connexion',
      '/projets/1',
      '/vitrine/conseil-du-tregor',
      '/vitrine/conseil-du-tregor/',
      '/vitrine/conseil-du-tregor/widget/autre',
      '/vitrine/conseil-du-tregor/widgets',
      '/vitrine//widget',
      '/vitrine/a/b/widget',
      '/x/vitrine/conseil-du-tregor/widget',
      '/api/public/councils/conseil-du-tregor/projects',
      '/api/public/councils/conseil-du-tregor/projects.csv',
      '/api/health',
    ]
    for (const url of urls) {
      const { csp, xfo } = await framing(url)
      expect(csp, url).toContain("frame-ancestors 'none'")
      expect(xfo, url).toBe('DENY')
    }
    const posted = await framing('/vitrine/conseil-du-tregor/widget', 'POST')
    expect(posted.csp).toContain("frame-ancestors 'none'")
  })

  it('matches the widget path only', () => {
    expect(isFramablePage('/vitrine/a-b-1/widget')).toBe(true)
    expect(isFramablePage('/vitrine/a-b-1/widget/')).toBe(true)
    expect(isFramablePage('/vitrine/A/widget')).toBe(false)
    expect(isFramablePage('/vitrine/a%2F..%2Fb/widget')).toBe(false)
  })
})
