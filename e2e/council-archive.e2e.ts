import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserRun } from './support/run.ts'
import { screenshot } from './support/screenshots.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * The council archive's download on the council page (/conseil): an administrator finds the button
 * inside the screen on a desktop (French) and a phone (English), and it downloads the archive; a member
 * does not see it. Screenshots: e2e/artifacts/council-archive-*.png.
 */

const run = browserRun()
const password = 'correct horse battery'
const adminEmail = `archive-${Date.now()}@example.fr`
let downloads: string

/** Signs `context` in as `email` (its cookies then carry the session). */
async function signIn(context: BrowserContext, email: string) {
  await run.api(context, 'POST', '/api/auth/login', { email, password })
}

describe('council archive download in the browser', () => {
  beforeAll(async () => {
    downloads = await mkdtemp(join(tmpdir(), 'kenlabour-archive-'))
    // The administrator (the council's first account) with a contract and a workshop, and a member.
    const { context } = await run.person()
    await run.api(context, 'POST', '/api/auth/signup', {
      email: adminEmail,
      password,
      displayName: 'Annaïg Le Gall',
      councilName: 'Conseil de développement du Léon',
    })
    const contract = JSON.parse(await readFile('e2e/fixtures/contract-example.json', 'utf8'))
    const { id: contractId } = await run.api<{ id: string }>(context, 'POST', '/api/contracts', contract)
    await run.api(context, 'POST', '/api/workshops', { contractId, title: 'Mobilités du quotidien' })
    const invite = await run.api<{ token: string }>(context, 'POST', '/api/council/invites')
    const member = await run.person()
    await run.api(member.context, 'POST', '/api/auth/signup', {
      email: 'membre@example.fr',
      password,
      displayName: 'Yann Kerbrat',
      inviteToken: invite.token,
    })
  })
  afterAll(async () => {
    if (downloads) await rm(downloads, { recursive: true, force: true })
  })

  for (const [device, locale, name] of [
    ['desktop', 'fr-FR', 'Télécharger l’archive (.zip)'],
    ['phone', 'en-GB', 'Download the archive (.zip)'],
  ] as const) {
    it(`shows the administrator the download inside the screen and downloads the archive (${device})`, async () => {
      const { context, page, watch } = await run.person({ device, locale })
      await signIn(context, adminEmail)
      await page.goto('/conseil')
      const link = page.getByRole('link', { name })
      await expectInViewport(page, link, 'the download button')
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)
      expect(sideways, 'nothing overflows sideways').toBeLessThanOrEqual(0)
      // What the person sees at that moment: the screen, scrolled to the button.
      await screenshot(page, `council-archive-${device}`, { fullPage: false })

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
      expect(download.suggestedFilename()).toMatch(
        /^kenlabour-conseil-de-developpement-du-leon-\d{4}-\d{2}-\d{2}\.zip$/,
      )
      const path = join(downloads, `${device}.zip`)
      await download.saveAs(path)
      const zip = await JSZip.loadAsync(await readFile(path))
      const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'))
      expect(manifest).toMatchObject({
        format: 'kenlabour-council',
        version: 1,
        council: { name: 'Conseil de développement du Léon' },
        counts: { members: 2, contracts: 1, workshops: 1 },
      })
      expect(watch.problems).toEqual([])
    })
  }

  it('does not offer it to a member who does not administer the council', async () => {
    const { context, page, watch } = await run.person()
    await signIn(context, 'membre@example.fr')
    await page.goto('/conseil')
    await page.getByText('Annaïg Le Gall', { exact: true }).waitFor()
    expect(await page.getByRole('link', { name: 'Télécharger l’archive (.zip)' }).count()).toBe(0)
    expect(watch.problems).toEqual([])
  })
})
