import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BrowserContext } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProjectRecord } from '../shared/projects/record.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { signUp, uniqueEmail } from './support/council.ts'
import { convertedExampleWorkshop } from './support/example-workshop.ts'
import { browserRun, type Person, screenshot } from './support/index.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * The public showcase in Chromium against the real server: the administrator publishes a record from
 * its page (the switch and three public fields) at 1400×900; someone without a session opens the
 * council's public page at 1400×900 and on a 390×844 phone (in English there): the published record is
 * there with its carrier and funded amount, the unpublished one and its private fields are not. The
 * widget loads inside an iframe of a page of another origin, reading nothing from any origin but the
 * instance's, while the full public page refuses to be framed there. Screenshots: e2e/artifacts/showcase-*.png.
 */

const run = browserRun()
let admin: Person
let published: ProjectRecord
let hidden: ProjectRecord
let slug: string

const api = <T>(context: BrowserContext, method: string, path: string, data?: unknown) =>
  run.api<T>(context, method, path, data)

beforeAll(async () => {
  admin = await run.person({ device: 'wide' })
  const account = {
    email: uniqueEmail('vitrine'),
    displayName: 'Maëlle Présidente',
    councilName: 'Conseil de développement du Pays des Abers',
  }
  const { projects } = await convertedExampleWorkshop(run, admin.context, {
    account,
    title: 'Atelier mobilités',
  })
  const [first, second] = projects
  published = await api<ProjectRecord>(admin.context, 'PATCH', `/api/projects/${first!.id}`, {
    version: first!.version,
    summary: 'Un atelier vélo qui tourne dans les bourgs du pays.',
    carrier: { name: 'Café des Abers', type: 'association' },
    partners: [{ name: 'Pôle ESS du Pays', type: 'ess', role: 'Animation' }],
    fundingSources: [{ name: 'Région', amount: 42000, secured: true }],
    objectives: 'Objectif confidentiel du comité',
    supportNeeded: 'Besoin confidentiel du porteur',
  })
  hidden = await api<ProjectRecord>(admin.context, 'PATCH', `/api/projects/${second!.id}`, {
    version: second!.version,
    title: 'Projet resté privé',
  })
  slug = (await api<{ slug: string }>(admin.context, 'GET', '/api/council')).slug
})

describe('public showcase', () => {
  it('publishes a record with three public fields from its page (1400×900)', async () => {
    const { page } = admin
    await page.goto(`/projets/${published.id}`)
    const form = page.getByRole('form', { name: 'Vitrine publique' })
    await form.waitFor()
    await form.getByLabel('Publier cette fiche dans la vitrine').check()
    await form.getByLabel('Synthèse du projet').check()
    await form.getByLabel('Structure porteuse').check()
    await form.getByLabel('Montant financé et financements').check()
    await form.getByRole('button', { name: 'Enregistrer la publication' }).click()
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Fiche publiée.')
    const saved = await api<ProjectRecord>(admin.context, 'GET', `/api/projects/${published.id}`)
    expect(saved).toMatchObject({ published: true, publicFields: ['summary', 'carrier', 'funding'] })
    for (const [what, locator] of [
      ['the switch', form.getByLabel('Publier cette fiche dans la vitrine')],
      ['a field', form.getByLabel('Suivi chiffré : cibles et mesures')],
      ['the save button', form.getByRole('button', { name: 'Enregistrer la publication' })],
      ['the public page link', form.getByRole('link', { name: 'Voir la vitrine publique' })],
    ] as const)
      await expectInViewport(page, locator, what)
    await screenshot(page, 'showcase-01-publication-panel', { fullPage: false })
    expect(formatViolations(await axeViolations(page, { include: '.publication-panel' }))).toEqual([])
    expect(admin.watch.problems).toEqual([])
  })

  it('shows the published record without a session, and nothing else (1400×900)', async () => {
    const visitor = await run.person({ device: 'wide' })
    const { page } = visitor
    await page.goto(`/vitrine/${slug}`)
    await page
      .getByRole('heading', {
        level: 1,
        name: 'Projets soutenus par Conseil de développement du Pays des Abers',
      })
      .waitFor()
    const cards = page.getByTestId('showcase-project')
    await expect.poll(() => cards.count()).toBe(1)
    const card = cards.first()
    const text = (await card.textContent()) ?? ''
    expect(text).toContain(published.title)
    expect(text).toContain('Un atelier vélo qui tourne dans les bourgs du pays.')
    expect(text).toContain('Café des Abers')
    expect(text.replace(/\s/g, '')).toContain('42000,00€')
    expect(text).toContain('Issu de l’atelier « Atelier mobilités »')
    const whole = (await page.content()) + (await page.locator('body').textContent())
    for (const secret of [
      'Projet resté privé',
      hidden.id,
      'Objectif confidentiel',
      'Besoin confidentiel',
      'Pôle ESS',
      'Maëlle',
    ])
      expect(whole, secret).not.toContain(secret)
    await expectInViewport(page, card.getByRole('heading', { name: published.title }), 'the record title')
    await expectInViewport(page, card.getByText('Café des Abers'), 'the carrier')
    const box = (await card.boundingBox())!
    expect(box.width).toBeGreaterThan(300)
    expect(box.x + box.width).toBeLessThanOrEqual(1400)
    await screenshot(page, 'showcase-02-public-page', { fullPage: true })
    expect(formatViolations(await axeViolations(page, { include: 'main' }))).toEqual([])
    // The open data answers the same, without a session.
    const json = await page.request.get(`${run.server.url}/api/public/councils/${slug}/projects.json`)
    expect(JSON.parse(await json.text()).projects.map((p: { id: string }) => p.id)).toEqual([published.id])
    expect(visitor.watch.problems).toEqual([])
  })

  it('fits a phone, in English (390×844)', async () => {
    const visitor = await run.person({ device: 'phone', locale: 'en-GB' })
    const { page } = visitor
    await page.goto(`/vitrine/${slug}`)
    await page.getByRole('heading', { level: 1, name: /^Projects supported by/ }).waitFor()
    const card = page.getByTestId('showcase-project').first()
    await expectInViewport(page, card.getByRole('heading', { name: published.title }), 'the record title')
    const box = (await card.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390.5)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(await card.textContent()).toContain('Funded amount')
    await screenshot(page, 'showcase-03-phone', { fullPage: true })
    expect(formatViolations(await axeViolations(page, { include: 'main' }))).toEqual([])
    // The widget alone, in English by its query.
    await page.goto(`/vitrine/${slug}/widget?lang=en`)
    const item = page.getByTestId('widget-project').first()
    await expectInViewport(page, item, 'the widget item')
    expect(await page.getByRole('link', { name: 'See the whole showcase' }).getAttribute('target')).toBe(
      '_blank',
    )
    expect(formatViolations(await axeViolations(page, { include: 'main' }))).toEqual([])
    expect(visitor.watch.problems).toEqual([])
  })

  it('loads the widget inside an iframe of another origin, with no request elsewhere; the page refuses framing', async () => {
    const embedder = await run.person({ device: 'wide' })
    const { page } = embedder
    const widgetUrl = `${run.server.url}/vitrine/${slug}/widget`
    const html = `<!doctype html><html lang="fr"><head><title>Site du conseil</title></head><body>
      <h1>Notre territoire</h1>
      <iframe id="widget" title="Projets soutenus" src="${widgetUrl}" width="360" height="420"></iframe>
      <iframe id="page" title="Vitrine complète" src="${run.server.url}/vitrine/${slug}" width="360" height="200"></iframe>
    </body></html>`
    // The council's own site: another origin (another port) of this machine.
    const site = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
    })
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
    const outside = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
    expect(outside).not.toBe(run.server.url)
    const requests: string[] = []
    page.on('request', (request) => {
      if (request.frame() !== page.mainFrame()) requests.push(request.url())
    })
    await page.goto(`${outside}/index.html`)
    const widget = page.frameLocator('#widget')
    const items = widget.getByTestId('widget-project')
    await items.first().waitFor()
    expect(await items.count()).toBe(1)
    expect(await items.first().textContent()).toContain(published.title)
    expect(await items.first().textContent()).toContain('Café des Abers')
    expect(await widget.locator('body').textContent()).not.toContain('Projet resté privé')
    await expectInViewport(page, page.locator('#widget'), 'the widget frame')
    const frameBox = (await page.locator('#widget').boundingBox())!
    const itemBox = (await items.first().boundingBox())!
    expect(itemBox.x).toBeGreaterThanOrEqual(frameBox.x)
    expect(itemBox.x + itemBox.width).toBeLessThanOrEqual(frameBox.x + frameBox.width + 0.5)
    // Everything the frames asked for came from the instance.
    expect(requests.length).toBeGreaterThan(0)
    for (const url of requests) expect(url.startsWith(run.server.url), url).toBe(true)
    // The full page is not framable: its frame shows no showcase.
    const pageFrame = page
      .frames()
      .find((f) => f.url().includes(`/vitrine/${slug}`) && !f.url().endsWith('/widget'))
    const framedText = pageFrame
      ? await pageFrame
          .locator('body')
          .textContent()
          .catch(() => '')
      : ''
    expect(framedText ?? '').not.toContain(published.title)
    await screenshot(page, 'showcase-04-widget-in-iframe', { fullPage: false })
    site.close()
    // The only problems on the page: Chromium refused to frame the full page, because of its CSP.
    const problems = [...embedder.watch.problems].sort()
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/^console error: Framing .* violates .*"frame-ancestors 'none'"/s)
    expect(problems[1]).toBe(`request failed: ${run.server.url}/vitrine/${slug} net::ERR_BLOCKED_BY_RESPONSE`)
  })

  it('shows an unpublished record nowhere once the switch is off', async () => {
    await api(admin.context, 'PATCH', `/api/projects/${published.id}`, {
      version: (await api<ProjectRecord>(admin.context, 'GET', `/api/projects/${published.id}`)).version,
      published: false,
    })
    const visitor = await run.person({ device: 'wide' })
    await visitor.page.goto(`/vitrine/${slug}`)
    await visitor.page.getByText('Aucun projet publié pour l’instant.').waitFor()
    expect(await visitor.page.getByTestId('showcase-project').count()).toBe(0)
    await visitor.page.goto(`/vitrine/${slug}/widget`)
    await visitor.page.getByText('Aucun projet publié pour l’instant.').waitFor()
    expect(await visitor.page.content()).not.toContain(published.title)
    expect(visitor.watch.problems).toEqual([])
  })
  it('gives the address and widget code on the council page; an administrator changes the address (1400×900)', async () => {
    const { page } = admin
    const other = await run.person()
    await signUp(run, other.context, {
      email: uniqueEmail('autre'),
      displayName: 'Autre',
      councilName: 'Conseil voisin',
    })
    const otherSlug = (await api<{ slug: string }>(other.context, 'GET', '/api/council')).slug
    await page.goto('/conseil')
    const section = page.getByRole('region', { name: 'Vitrine publique' })
    await section.waitFor()
    expect(await section.locator('code').textContent()).toContain(`/vitrine/${slug}/widget`)
    const field = section.getByLabel('Adresse de la vitrine')
    await field.fill(otherSlug)
    await section.getByRole('button', { name: 'Changer l’adresse' }).click()
    await expect.poll(() => section.textContent()).toContain('déjà prise par un autre conseil')
    await field.fill('pays-des-abers')
    await section.getByRole('button', { name: 'Changer l’adresse' }).click()
    await expect.poll(() => section.getByRole('status').textContent()).toBe('Adresse enregistrée.')
    await expect.poll(() => section.locator('code').textContent()).toContain('/vitrine/pays-des-abers/widget')
    expect((await api<{ slug: string }>(admin.context, 'GET', '/api/council')).slug).toBe('pays-des-abers')
    await expectInViewport(page, field, 'the address field')
    await screenshot(page, 'showcase-05-council-address', { fullPage: false })
    expect(formatViolations(await axeViolations(page, { include: '.showcase-address' }))).toEqual([])
    // The refused address answered 409, which the page shows; nothing else went wrong.
    expect(admin.watch.problems.filter((p) => !p.includes('409'))).toEqual([])
  })
})
