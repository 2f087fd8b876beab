import { describe, expect, it } from 'vitest'
import { browserRun } from './support/run.ts'

/**
 * The Content-Security-Policy as the browser applies it. Every browser test reports CSP violations
 * through watchPage (support/browser.ts), so the whole e2e suite runs with the policy on; this file
 * proves that reporting works (an injected inline script is refused and reported) and that the app's
 * pages are served with the policy.
 */
describe('Content-Security-Policy in the browser', () => {
  const run = browserRun()

  it('serves the app under a policy that refuses inline scripts and framing, and reports what it refuses', async () => {
    const { context, page, watch } = await run.person({ ignore: [] })
    const response = await page.goto('/')
    await page.getByRole('heading', { level: 1 }).waitFor()
    const policy = response?.headers()['content-security-policy'] ?? ''
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(response?.headers()['x-frame-options']).toBe('DENY')
    // The landing page drew without any refusal.
    expect(watch.problems).toEqual([])

    // An injected inline script does not run: the browser reports its refusal to the page (an inline
    // script allowed would have run as it was appended, before the report).
    const outcome = await page.evaluate(async () => {
      const refused = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
          once: true,
        }),
      )
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.body.append(script)
      const directive = await refused
      return { directive, ran: (window as unknown as { __injected?: boolean }).__injected === true }
    })
    expect(outcome).toEqual({ directive: expect.stringMatching(/^script-src/), ran: false })
    await expect.poll(() => watch.problems.join('\n')).toMatch(/CSP violation: script-src/)
    await context.close()
  })
})
