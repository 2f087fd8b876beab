import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import exampleContract from '../server/demo/contract-example.json' with { type: 'json' }
import { axeViolations, formatViolations } from './support/axe.ts'
import { signUpWithContract, uniqueEmail } from './support/council.ts'
import { browserRun, screenshot } from './support/index.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * Calls for projects in Chromium: a council opens a call from its calls page (desktop, French) with the
 * questions builder and a review grid; a carrier finds it on the public list from a phone (390×844, no
 * account), applies, is shown the private link once, and later opens that link to edit the application;
 * the council's call page then lists the edited application. The English public page on a phone too.
 * Each step: what matters inside the viewport, axe clean. Screenshots: e2e/artifacts/calls-*.png.
 */

const run = browserRun()
const api = run.api

const callTitle = 'Appel à projets Tiers-lieux 2027'
let council: BrowserContext
let callId = ''
let privateLink = ''

beforeAll(async () => {
  council = (await run.person()).context
  const account = {
    email: uniqueEmail('appels'),
    displayName: 'Anne Chargée de mission',
    councilName: 'Conseil de développement du Léon',
  }
  await signUpWithContract(run, council, account, exampleContract)
}, 120_000)

async function expectAxeClean(page: Page, what: string) {
  const violations = await axeViolations(page)
  expect(formatViolations(violations), what).toEqual([])
}

/** A date for `<input type="datetime-local">` in the browser's zone (the server runs in the same). */
const local = (ms: number) => {
  const d = new Date(ms)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

describe('calls for projects', () => {
  it('a council opens a call from its calls page, with questions and a review grid (desktop)', async () => {
    const page = await council.newPage()
    await page.goto('/')
    // The council's link (to /appels/gestion), once the session is known: before it, the header shows the
    // public one (to /appels).
    await page.getByRole('navigation').locator('a[href="/appels/gestion"]').click()
    await page.getByRole('heading', { name: 'Appels à projets et AMI' }).waitFor()
    await page.getByRole('link', { name: 'Nouvel appel' }).click()
    await page.getByRole('heading', { name: 'Nouvel appel' }).waitFor()
    await page.getByLabel(/^Titre( \(obligatoire\))?$/).fill(callTitle)
    await page.getByLabel('Texte de l’appel').fill('Des lieux partagés dans chaque commune.')
    await page.getByRole('radio', { name: 'Appel à manifestation d’intérêt' }).check()
    await page.getByRole('checkbox', { name: /^P1 / }).check()
    await page.getByRole('checkbox', { name: /^P2 / }).check()
    await page.getByRole('checkbox', { name: /^1\.1 / }).check()
    const now = Date.now()
    await page.getByLabel('Ouverture').fill(local(now - 3_600_000))
    await page.getByLabel('Clôture').fill(local(now + 30 * 86_400_000))
    const addQuestion = page.getByRole('button', { name: 'Ajouter une question' })
    await addQuestion.click()
    await page.getByLabel('Intitulé').nth(0).fill('Quel public visez-vous ?')
    await page.getByLabel('Type de réponse').nth(0).selectOption('long')
    await page.getByRole('checkbox', { name: 'Réponse obligatoire' }).nth(0).check()
    await addQuestion.click()
    await page.getByLabel('Intitulé').nth(1).fill('Stade du projet')
    await page.getByLabel('Type de réponse').nth(1).selectOption('choice')
    await page.getByLabel('Choix proposés (un par ligne)').fill('Idée\nLancé')
    await page.getByRole('button', { name: 'Ajouter un critère' }).click()
    await page.getByLabel(/^Critère( \(obligatoire\))?$/).fill('Impact sur le territoire')
    await page.getByLabel('Poids').fill('2')
    await screenshot(page, 'calls-new-desktop', { fullPage: true })
    await expectAxeClean(page, 'the new call form')
    const create = page.getByRole('button', { name: 'Ouvrir l’appel' })
    await expectInViewport(page, create, 'the create button')
    await create.click()
    await page.getByRole('heading', { name: callTitle }).waitFor()
    callId = page.url().split('/').pop()!
    const calls = await api<
      { id: string; kind: string; questions: { type: string }[]; criteria: unknown[] }[]
    >(council, 'GET', '/api/calls')
    expect(calls).toMatchObject([
      {
        id: callId,
        kind: 'ami',
        priorityCodes: ['P1', 'P2'],
        actionCodes: ['1.1'],
        questions: [
          { label: 'Quel public visez-vous ?', type: 'long', required: true },
          { label: 'Stade du projet', type: 'choice', required: false, choices: ['Idée', 'Lancé'] },
        ],
        criteria: [{ label: 'Impact sur le territoire', weight: 2 }],
      },
    ])
    await expectInViewport(page, page.getByText('Aucune candidature pour l’instant.'), 'the empty list')
    await expectAxeClean(page, 'the call page')
  })

  it('a carrier applies from a phone without an account and is shown the private link once', async () => {
    const carrier = await run.person({ device: 'phone' })
    const { page } = carrier
    expect(page.viewportSize()).toEqual({ width: 390, height: 844 })
    await page.goto('/appels')
    const item = page.getByRole('listitem').filter({ hasText: callTitle })
    await expectInViewport(page, item.getByRole('heading', { name: callTitle }), 'the call in the list')
    await expectAxeClean(page, 'the public list')
    await screenshot(page, 'calls-public-list-phone')
    await item.getByRole('link', { name: 'Voir l’appel et candidater' }).click()
    await page.getByRole('heading', { name: callTitle }).waitFor()
    await page.getByLabel('Nom de la structure ou du collectif').fill('Les Amis du Café')
    await page.getByLabel('Type de structure').selectOption('association')
    await page.getByLabel('E-mail de contact').fill('amis.du.cafe@example.fr')
    await page.getByLabel(/^Titre du projet/).fill('Tiers-lieu de Lannilis')
    await page.getByLabel('Résumé du projet').fill('Un café associatif et un atelier partagé.')
    await page.getByLabel('Priorité de votre projet').selectOption('P1')
    await page.getByLabel(/Budget estimé/).fill('185 000')
    await page.getByLabel('Quel public visez-vous ?').fill('Les habitants du bourg')
    await page.getByLabel(/Stade du projet/).selectOption('Idée')
    // The honeypot is drawn off screen and left out of the tab order.
    const honeypot = page.getByLabel('Site web (laissez ce champ vide)')
    const trap = await honeypot.boundingBox()
    expect(trap === null || trap.x + trap.width <= 0, `honeypot at ${JSON.stringify(trap)}`).toBe(true)
    expect(await honeypot.getAttribute('tabindex')).toBe('-1')
    for (const label of [
      'Nom de la structure ou du collectif',
      'E-mail de contact',
      'Quel public visez-vous ?',
    ]) {
      const box = await page.getByLabel(label).boundingBox()
      expect(box!.width, `${label} width`).toBeGreaterThan(300)
      expect(box!.x + box!.width, `${label} right edge`).toBeLessThanOrEqual(390)
    }
    await expectAxeClean(page, 'the application form')
    await screenshot(page, 'calls-form-phone', { fullPage: true })
    const send = page.getByRole('button', { name: 'Envoyer ma candidature' })
    await expectInViewport(page, send, 'the send button')
    await send.click()
    await page.getByRole('heading', { name: 'Candidature envoyée' }).waitFor()
    const link = page.getByTestId('private-link')
    await expectInViewport(page, link, 'the private link')
    await expectInViewport(page, page.getByRole('button', { name: 'Copier le lien' }), 'the copy button')
    await expectInViewport(page, page.getByText(/Gardez ce lien privé/), 'the keep-this-link message')
    privateLink = (await link.textContent())!.trim()
    expect(privateLink).toMatch(/\/candidature\/[0-9a-f-]{36}#[a-z2-7]{32}$/)
    await expectAxeClean(page, 'the confirmation')
    await screenshot(page, 'calls-confirmation-phone')
    expect(carrier.watch.problems).toEqual([])
  })

  it('the carrier edits the application later through the private link (phone)', async () => {
    const later = await run.person({ device: 'phone' })
    const { page } = later
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(privateLink)
    // The application is drawn once its form is there (it is read through the token first).
    const summary = page.getByLabel('Résumé du projet')
    await summary.waitFor()
    expect(await summary.inputValue()).toBe('Un café associatif et un atelier partagé.')
    await summary.fill('Un café associatif, un atelier partagé et une épicerie.')
    await page.getByLabel(/Stade du projet/).selectOption('Lancé')
    const save = page.getByRole('button', { name: 'Enregistrer les modifications' })
    await expectInViewport(page, save, 'the save button')
    await save.click()
    await expectInViewport(page, page.getByText('Modifications enregistrées.'), 'the saved notice')
    await expectAxeClean(page, 'the application page')
    await screenshot(page, 'calls-edit-phone', { fullPage: true })
    // The token is never in an address the server receives.
    const token = privateLink.split('#')[1]!
    expect(requests.filter((url) => url.includes(token))).toEqual([])
    expect(later.watch.problems).toEqual([])

    // The council's call page lists the edited application.
    const page2 = await council.newPage()
    await page2.goto(`/appels/gestion/${callId}`)
    const row = page2.getByRole('row', { name: /Tiers-lieu de Lannilis/ })
    await expectInViewport(page2, row, 'the application row')
    expect(await row.textContent()).toMatch(/Les Amis du Café/)
    const [application] = await api<{ projectId: string }[]>(
      council,
      'GET',
      `/api/calls/${callId}/applications`,
    )
    const record = await api<{ summary: string; status: string; priorityCode: string }>(
      council,
      'GET',
      `/api/projects/${application!.projectId}`,
    )
    expect(record).toMatchObject({
      summary: 'Un café associatif, un atelier partagé et une épicerie.',
      status: 'candidature',
      priorityCode: 'P1',
    })
    await screenshot(page2, 'calls-applications-desktop')
    await expectAxeClean(page2, 'the call page with its application')
  })

  it('the council reads its calls and a call’s applications on a phone', async () => {
    const cookies = await council.cookies()
    const phone = await run.person({ device: 'phone', cookies })
    const { page } = phone
    await page.goto('/appels/gestion')
    await expectInViewport(page, page.getByRole('link', { name: callTitle }), 'the call in the council list')
    await expectAxeClean(page, 'the council list on a phone')
    await page.getByRole('link', { name: callTitle }).click()
    await page.getByRole('heading', { name: callTitle }).waitFor()
    await expectInViewport(
      page,
      page.getByRole('link', { name: 'Tiers-lieu de Lannilis' }),
      'the application',
    )
    await expectInViewport(
      page,
      page.getByRole('button', { name: /^Évaluer — Tiers-lieu/ }),
      'its review button',
    )
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width, 'the page does not scroll sideways (the table scrolls in its box)').toBeLessThanOrEqual(390)
    await expectAxeClean(page, 'the call page on a phone')
    await screenshot(page, 'calls-applications-phone', { fullPage: true })
    expect(phone.watch.problems).toEqual([])
  })

  it('the public call page in English on a phone', async () => {
    const visitor = await run.person({ device: 'phone', locale: 'en-GB' })
    const { page } = visitor
    await page.goto(`/appels/${callId}`)
    await page.getByRole('heading', { name: callTitle }).waitFor()
    await expectInViewport(page, page.getByRole('heading', { name: 'Apply' }), 'the form heading')
    await expectInViewport(page, page.getByLabel('Name of the organisation or group'), 'the first field')
    await expectAxeClean(page, 'the English form')
    await screenshot(page, 'calls-form-phone-en')
  })
})
