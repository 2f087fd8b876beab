import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import JSZip from 'jszip'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import exampleContract from '../server/demo/contract-example.json' with { type: 'json' }
import { parseCsv } from '../server/projects/testing/csv-parse.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { signUpWithContract, uniqueEmail } from './support/council.ts'
import { artifactsDir, browserRun, type Person, screenshot } from './support/index.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * Issue 15 from end to end, in Chromium: a council opens a call for projects on its contract (with a
 * review grid), a carrier applies on a phone (390×844) without an account, keeps the private link and
 * edits the application later through it; the council scores the application on the call's criteria,
 * retains it with a reason, downloads the table and the committee's document, and publishes the record;
 * the council's public showcase then shows it, while another application, not published, is absent
 * from the page and from the open-data feeds (.csv, .json). At each step what matters is drawn inside
 * the viewport, the page is axe clean, and a screenshot is kept in e2e/artifacts/calls-journey-*.png.
 */

const run = browserRun()
const api = run.api

const councilName = 'Conseil de développement des Abers'
const callTitle = 'Appel à projets Tiers-lieux 2027'
const projectTitle = 'Tiers-lieu de Lannilis'
const otherTitle = 'Garage solidaire de Plouguerneau'
const carrierName = 'Les Amis du Café'

let council: BrowserContext
let callId = ''
let applicationLink = ''
let projectId = ''
let otherProjectId = ''
let slug = ''

beforeAll(async () => {
  council = (await run.person()).context
  const account = { email: uniqueEmail('appels'), displayName: 'Anne Chargée de mission', councilName }
  await signUpWithContract(run, council, account, exampleContract)
  slug = (await api<{ slug: string }>(council, 'GET', '/api/council')).slug
}, 120_000)

/** `locator` drawn inside the viewport and on top (support/viewport.ts); its box, to measure it. */
async function boxInViewport(page: Page, locator: Locator, what: string) {
  await expectInViewport(page, locator, what)
  return (await locator.boundingBox())!
}

/** Nothing wider than the screen (no sideways scrolling on a phone). */
async function expectNoSidewaysScroll(page: Page) {
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)
  expect(sideways, 'nothing overflows sideways').toBeLessThanOrEqual(0)
}

async function expectAxeClean(page: Page, what: string) {
  expect(formatViolations(await axeViolations(page)), what).toEqual([])
}

/** A person signed in as the council's member (the council's cookies). */
async function councilPerson(device: 'wide' | 'phone', locale: 'fr-FR' | 'en-GB' = 'fr-FR'): Promise<Person> {
  return run.person({ device, locale, cookies: await council.cookies() })
}

describe('calls for projects, from the call to the public showcase', () => {
  it('a council opens a call with questions and a review grid', async () => {
    const { page, watch } = await councilPerson('wide')
    await page.goto('/appels/nouveau')
    await page.getByRole('textbox', { name: /^Titre/ }).fill(callTitle)
    await page.getByLabel('Texte de l’appel').fill('Des lieux partagés dans chaque commune du territoire.')
    await page.getByRole('checkbox', { name: /^P1/ }).check()
    const now = Date.now()
    const local = (ms: number) => {
      const d = new Date(ms)
      const pad = (n: number) => String(n).padStart(2, '0')
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
    }
    await page.getByLabel('Ouverture').fill(local(now - 3_600_000))
    await page.getByLabel('Clôture').fill(local(now + 30 * 86_400_000))
    await page.getByRole('button', { name: 'Ajouter une question' }).click()
    await page.getByRole('textbox', { name: /^Intitulé/ }).fill('Quel public visez-vous ?')
    await page.getByRole('button', { name: 'Ajouter un critère' }).click()
    await page
      .getByRole('textbox', { name: /^Critère/ })
      .nth(0)
      .fill('Impact sur le territoire')
    await page.getByLabel('Poids').nth(0).fill('2')
    await page.getByRole('button', { name: 'Ajouter un critère' }).click()
    await page
      .getByRole('textbox', { name: /^Critère/ })
      .nth(1)
      .fill('Ancrage dans l’ESS')
    await page.getByLabel('Poids').nth(1).fill('1')
    const create = page.getByRole('button', { name: 'Ouvrir l’appel' })
    await expectInViewport(page, create, 'the create button')
    await screenshot(page, 'calls-journey-01-new-call')
    await create.click()
    await page.getByRole('heading', { name: callTitle }).waitFor()
    callId = new URL(page.url()).pathname.split('/').at(-1)!
    expect(callId).toMatch(/^[0-9a-f-]{36}$/)
    await expectAxeClean(page, 'the call page')
    await screenshot(page, 'calls-journey-02-call-opened')
    expect(watch.problems).toEqual([])
  })

  it('a carrier applies on a phone, keeps the private link, and edits the application later', async () => {
    const { page, watch } = await run.person({ device: 'phone', locale: 'fr-FR' })
    await page.goto(`/appels/${callId}`)
    await page.getByRole('heading', { name: callTitle }).waitFor()
    await expectNoSidewaysScroll(page)
    await page.getByLabel('Nom de la structure ou du collectif').fill(carrierName)
    await page.getByLabel('Type de structure').selectOption('association')
    await page.getByLabel('E-mail de contact').fill('amis.du.cafe@example.fr')
    await page.getByLabel('Titre du projet').fill(projectTitle)
    await page.getByLabel('Résumé du projet').fill('Un café associatif et un atelier partagé au bourg.')
    await page.getByLabel('Quel public visez-vous ?').fill('Les habitants et les associations du bourg')
    await page.getByLabel(/Budget estimé/).fill('185000')
    const send = page.getByRole('button', { name: 'Envoyer ma candidature' })
    const box = await boxInViewport(page, send, 'the send button')
    expect(box.height, 'a finger-sized button').toBeGreaterThanOrEqual(44)
    await expectAxeClean(page, 'the public call form')
    await screenshot(page, 'calls-journey-03-phone-form')
    await send.click()

    await page.getByRole('heading', { name: 'Candidature envoyée' }).waitFor()
    const link = page.getByRole('link', { name: 'Ouvrir ma candidature' })
    await expectInViewport(page, link, 'the private link')
    applicationLink = (await link.getAttribute('href'))!
    expect(applicationLink).toMatch(/\/candidature\/[0-9a-f-]{36}#.+/)
    await expectAxeClean(page, 'the confirmation')
    await screenshot(page, 'calls-journey-04-phone-sent')
    expect(watch.problems).toEqual([])

    // Later, from another browser (the link is all the carrier has), on the phone again.
    const later = await run.person({ device: 'phone', locale: 'fr-FR' })
    await later.page.goto(applicationLink)
    const summary = later.page.getByLabel('Résumé du projet')
    await expect.poll(() => summary.inputValue()).toContain('café associatif')
    await summary.fill('Un café associatif, un atelier partagé et une épicerie au bourg.')
    const save = later.page.getByRole('button', { name: 'Enregistrer les modifications' })
    await expectInViewport(later.page, save, 'the save button')
    await save.click()
    await later.page.getByText('Modifications enregistrées.').waitFor()
    await expectNoSidewaysScroll(later.page)
    await expectAxeClean(later.page, 'the carrier’s application page')
    await screenshot(later.page, 'calls-journey-05-phone-edited')
    expect(later.watch.problems).toEqual([])

    const applications = await api<{ projectId: string; title: string }[]>(
      council,
      'GET',
      `/api/calls/${callId}/applications`,
    )
    projectId = applications.find((a) => a.title === projectTitle)!.projectId
    const record = await api<{ summary: string }>(council, 'GET', `/api/projects/${projectId}`)
    expect(record.summary).toContain('épicerie')

    // A second application, which the council will not publish.
    const other = await api<{ projectId: string }>(
      (await run.person()).context,
      'POST',
      `/api/public/calls/${callId}/applications`,
      {
        carrier: { name: 'Roulons ensemble', kind: 'entreprise', email: 'roulons@example.fr' },
        title: otherTitle,
        summary: 'Réparer les voitures de ceux qui en ont besoin.',
        answers: { [await firstQuestionId()]: 'Personnes sans voiture' },
        budget: 40000,
      },
    )
    otherProjectId = other.projectId
  })

  it('the council scores the application on the criteria and retains it, then downloads the documents', async () => {
    const { page, watch } = await councilPerson('wide')
    await page.goto(`/appels/gestion/${callId}`)
    await page.getByRole('button', { name: `Évaluer — ${projectTitle}` }).click()
    const panel = page.getByRole('form', { name: 'Évaluation' })
    await panel.waitFor()
    const impact = panel.getByRole('group', { name: /Impact sur le territoire/ })
    const ess = panel.getByRole('group', { name: /Ancrage dans l’ESS/ })
    await impact.getByRole('radio', { name: '4 sur 5' }).check()
    await expect
      .poll(() => panel.getByText(/Note pondérée/).textContent())
      .toMatch(/1 critère\(s\) noté\(s\) sur 2/)
    await ess.getByRole('radio', { name: '3 sur 5' }).check()
    await expect.poll(() => panel.getByText(/Note pondérée/).textContent()).toBe('Note pondérée : 3,67 / 5')
    // Each score is a finger-sized target (its label, which the radio fills), inside the screen.
    for (const name of ['0 sur 5', '5 sur 5']) {
      const option = await boxInViewport(page, impact.getByRole('radio', { name }).locator('xpath=..'), name)
      expect(option.width, 'a score is a finger-sized target').toBeGreaterThanOrEqual(44)
      expect(option.height).toBeGreaterThanOrEqual(44)
    }
    await panel.getByRole('radio', { name: 'Retenue' }).check()
    await panel
      .getByLabel('Motif de la décision')
      .fill('Un lieu attendu par les habitants, porté par une équipe solide.')
    const save = panel.getByRole('button', { name: 'Enregistrer l’évaluation' })
    await expectInViewport(page, save, 'the save button')
    await save.click()
    await panel.getByText('Évaluation enregistrée.').waitFor()
    // The list of applications shows the weighted score and the decision.
    const row = page.getByRole('row', { name: new RegExp(projectTitle) })
    await expect.poll(() => row.textContent()).toMatch(/3,67 \/ 5.*Retenue/)
    await expectAxeClean(page, 'the call page with the review open')
    await screenshot(page, 'calls-journey-06-reviewed')
    const record = await api<{ review: { scores: Record<string, number>; decision: string } }>(
      council,
      'GET',
      `/api/projects/${projectId}`,
    )
    expect(record.review.decision).toBe('retained')
    expect(Object.values(record.review.scores).sort()).toEqual([3, 4])

    // The table for a spreadsheet and the committee's document.
    const csvLink = page.getByRole('link', { name: 'Tableau des candidatures (CSV)' })
    await expectInViewport(page, csvLink, 'the CSV link')
    const [csv] = await Promise.all([page.waitForEvent('download'), csvLink.click()])
    const csvPath = join(artifactsDir, 'calls-journey-candidatures.csv')
    await csv.saveAs(csvPath)
    const rows = parseCsv((await readFile(csvPath, 'utf8')).replace(/^\ufeff/, ''))
    expect(rows[1]).toEqual(expect.arrayContaining([projectTitle, carrierName, '3,67', 'Retenue']))
    const docxLink = page.getByRole('link', { name: 'Dossier du comité (DOCX)' })
    const [docx] = await Promise.all([page.waitForEvent('download'), docxLink.click()])
    const docxPath = join(artifactsDir, 'calls-journey-comite.docx')
    await docx.saveAs(docxPath)
    const xml = await (await JSZip.loadAsync(await readFile(docxPath)))
      .file('word/document.xml')!
      .async('string')
    expect(xml).toContain(projectTitle)
    expect(xml).toContain('3,67 / 5')
    expect(watch.problems).toEqual([])
  })

  it('the review panel fits a phone, in English', async () => {
    const { page, watch } = await councilPerson('phone', 'en-GB')
    await page.goto(`/appels/gestion/${callId}`)
    await page.getByRole('button', { name: `Review — ${projectTitle}` }).click()
    const panel = page.getByRole('form', { name: 'Review' })
    await expect.poll(() => panel.getByText(/Weighted score/).textContent()).toBe('Weighted score: 3.67 / 5')
    for (const name of ['5 out of 5', 'Refused']) {
      const box = await boxInViewport(
        page,
        panel.getByRole('radio', { name }).first().locator('xpath=..'),
        name,
      )
      expect(box.height).toBeGreaterThanOrEqual(44)
    }
    await expectInViewport(page, panel.getByRole('button', { name: 'Save the review' }), 'the save button')
    await expectNoSidewaysScroll(page)
    await expectAxeClean(page, 'the review on a phone')
    await screenshot(page, 'calls-journey-07-review-phone', { fullPage: false })
    expect(watch.problems).toEqual([])
  })

  it('the council publishes the record, and the public showcase shows it but not the unpublished one', async () => {
    const { page, watch } = await councilPerson('wide')
    await page.goto(`/projets/${projectId}`)
    // The record says where it comes from: the call, not a workshop.
    await page.getByText(`Candidature à l’appel « ${callTitle} »`).waitFor()
    const panel = page.getByRole('form', { name: 'Vitrine publique' })
    const publish = panel.getByRole('checkbox', { name: 'Publier cette fiche dans la vitrine' })
    await expectInViewport(page, publish, 'the publish switch')
    await publish.check()
    // The carrier and the summary are shown; the application's answers and contact never are.
    await panel.getByRole('checkbox', { name: 'Structure porteuse' }).check()
    await panel.getByRole('checkbox', { name: 'Synthèse du projet' }).check()
    const save = panel.getByRole('button', { name: 'Enregistrer la publication' })
    await expectInViewport(page, save, 'the save button')
    await save.click()
    await panel.getByText('Fiche publiée.').waitFor()
    await expectAxeClean(page, 'the record page with its publication')
    await screenshot(page, 'calls-journey-08-published', { fullPage: false })
    expect(watch.problems).toEqual([])

    const visitor = await run.person({ device: 'phone', locale: 'fr-FR' })
    await visitor.page.goto(`/vitrine/${slug}`)
    const shown = visitor.page.getByRole('heading', { name: projectTitle })
    await expectInViewport(visitor.page, shown, 'the published record')
    const card = visitor.page.getByRole('article').filter({ has: shown })
    await expect.poll(() => card.textContent()).toContain(carrierName)
    expect(await card.textContent()).toContain('épicerie')
    expect(await visitor.page.getByText('amis.du.cafe@example.fr').count(), 'the carrier’s contact').toBe(0)
    expect(await visitor.page.getByText(otherTitle).count(), 'the unpublished application').toBe(0)
    await expectNoSidewaysScroll(visitor.page)
    await expectAxeClean(visitor.page, 'the public showcase')
    await screenshot(visitor.page, 'calls-journey-09-showcase')
    expect(visitor.watch.problems).toEqual([])

    const feeds = await run.person()
    const json = await feeds.context.request.get(
      `${run.server.url}/api/public/councils/${slug}/projects.json`,
    )
    expect(json.status()).toBe(200)
    const showcase = (await json.json()) as { projects: { id: string; title: string }[] }
    expect(showcase.projects.map((p) => p.id)).toEqual([projectId])
    const csv = await feeds.context.request.get(`${run.server.url}/api/public/councils/${slug}/projects.csv`)
    expect(csv.status()).toBe(200)
    const text = await csv.text()
    expect(text).toContain(projectTitle)
    expect(text).not.toContain(otherTitle)
    expect(text).not.toContain(otherProjectId)
  })
})

/** The id of the call's first question (the carrier's second application answers it). */
async function firstQuestionId(): Promise<string> {
  const call = await api<{ questions: { id: string }[] }>(council, 'GET', `/api/calls/${callId}`)
  return call.questions[0]!.id
}
