import type { BrowserContext, Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { example } from '../server/projects/testing/example-workshop.ts'
import type { ContractProgress } from '../shared/api/evaluation.ts'
import type { ProjectRecord } from '../shared/projects/record.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { uniqueEmail } from './support/council.ts'
import { convertedExampleWorkshop } from './support/example-workshop.ts'
import { browserRun, screenshot } from './support/index.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * Evaluation in Chromium against the real server: on a funded record (from the example workshop's
 * board, converted), a council member adds an indicator with two measures, writes the three-part
 * evaluation and marks the record evaluated, at 1400×900; then the contract page shows the progress
 * per priority, as a chart drawn in SVG and the same figures in a table, at 1400×900 and on a
 * 390×844 phone (in English). Screenshots: e2e/artifacts/evaluation-*.png.
 */

const run = browserRun()
let desktop: { context: BrowserContext; page: Page; watch: { problems: string[] } }
let contractId = ''
let record: ProjectRecord

const api = <T>(method: string, path: string, data?: unknown) =>
  run.api<T>(desktop.context, method, path, data)

beforeAll(async () => {
  desktop = await run.person({ device: 'wide' })
  const account = { email: uniqueEmail('evaluation'), displayName: 'Maëlle Évaluatrice' }
  const converted = await convertedExampleWorkshop(run, desktop.context, { account, title: example.title })
  contractId = converted.contractId
  const first = converted.projects.find((p) => p.priorityCode === 'P1')!
  // Funded already (set through the API): what the page is tested for comes after funding.
  record = await api<ProjectRecord>('PATCH', `/api/projects/${first.id}`, {
    version: first.version,
    status: 'funded',
    carrier: { name: 'Commune de Plouguerneau', type: 'collectivite' },
    objectives: first.objectives || 'Ouvrir le tiers-lieu',
    budget: 185000,
    scheduleStart: '2027-03-01',
    scheduleEnd: '2028-12-31',
    fundingSources: [{ name: 'Région Bretagne', amount: 90000, secured: true }],
  })
})

/** `inner`'s box lies inside `outer`'s, and is not empty. */
async function expectWithin(inner: Locator, outer: Locator, what: string) {
  const a = (await inner.boundingBox())!
  const b = (await outer.boundingBox())!
  expect(a.width * a.height, `${what} has an area`).toBeGreaterThan(0)
  const inside =
    a.x >= b.x - 0.5 &&
    a.y >= b.y - 0.5 &&
    a.x + a.width <= b.x + b.width + 0.5 &&
    a.y + a.height <= b.y + b.height + 0.5
  expect(inside, `${what} ${JSON.stringify(a)} inside ${JSON.stringify(b)}`).toBe(true)
}

describe('evaluation of what was funded', () => {
  it('records an indicator with two measures and the evaluation, and marks the record evaluated (1400×900)', async () => {
    const { page } = desktop
    await page.goto(`/projets/${record.id}`)
    await page.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    const indicator = page.getByRole('group', { name: 'Indicateur 1' })
    await indicator.getByLabel('Indicateur', { exact: true }).fill('Emplois créés')
    await indicator.getByLabel('Unité').fill('emplois')
    await indicator.getByLabel('Situation de départ').fill('0')
    await indicator.getByLabel('Cible').fill('10')
    await indicator.getByRole('button', { name: 'Ajouter une mesure' }).click()
    await indicator.getByRole('button', { name: 'Ajouter une mesure' }).click()
    const measure = (n: number) => indicator.getByRole('group', { name: `Mesure ${n}` })
    await measure(1).getByLabel('Valeur mesurée').fill('4')
    await measure(1).getByLabel('Date de la mesure').fill('2027-06-30')
    await measure(2).getByLabel('Valeur mesurée').fill('12,5')
    await measure(2).getByLabel('Date de la mesure').fill('2028-06-30')
    await expect
      .poll(() => indicator.getByTestId('indicator-0-reached').textContent())
      .toBe('Cible atteinte (dernière mesure : 12,5 emplois)')
    for (const n of [1, 2])
      await expectInViewport(page, measure(n).getByLabel('Date de la mesure'), `measure ${n}'s date`)

    await page.getByLabel('Statut').selectOption('evaluated')
    await page.getByLabel('Ce qui a marché').fill('Le café a fédéré les associations dès l’été.')
    await page.getByLabel('Ce qui n’a pas marché').fill('Les bureaux partagés se sont remplis lentement.')
    await page.getByLabel('Enseignements').fill('Ouvrir le café d’abord ; les bureaux suivent.')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Fiche enregistrée.' }).count())
      .toBe(1)

    const saved = await api<ProjectRecord>('GET', `/api/projects/${record.id}`)
    expect(saved.status).toBe('evaluated')
    expect(saved.indicators).toEqual([
      {
        label: 'Emplois créés',
        unit: 'emplois',
        baseline: 0,
        target: 10,
        measures: [
          { value: 4, date: '2027-06-30' },
          { value: 12.5, date: '2028-06-30' },
        ],
      },
    ])
    expect(saved.evaluationLessons).toBe('Ouvrir le café d’abord ; les bureaux suivent.')
    await indicator.scrollIntoViewIfNeeded()
    await screenshot(page, 'evaluation-01-record-indicator', { fullPage: false })
    expect(formatViolations(await axeViolations(page, { include: '.record-form' }))).toEqual([])
    expect(desktop.watch.problems).toEqual([])
  })

  it('shows the contract’s progress per priority as a chart and a table (1400×900)', async () => {
    const { page } = desktop
    const progress = await api<ContractProgress>('GET', `/api/contracts/${contractId}/progress`)
    const p1 = progress.priorities.find((p) => p.priorityCode === 'P1')!
    expect(p1).toMatchObject({
      funded: 1,
      completed: 1,
      evaluated: 1,
      indicatorsWithTarget: 1,
      indicatorsReached: 1,
    })
    expect(p1.ideas).toBeGreaterThan(0)

    await page.goto(`/contrats/${contractId}`)
    const section = page.getByRole('region', { name: 'Avancement par priorité' })
    await section.waitFor()
    const table = section.getByRole('table', { name: 'Avancement par priorité (chiffres du graphique)' })
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^P1 – / }) })
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      String(p1.ideas),
      String(p1.candidates),
      String(p1.applications),
      '1',
      '1',
      '1',
      '1 sur 1',
    ])
    await expectChart(page, 'P1', p1.ideas)
    await screenshot(page, 'evaluation-02-contract-progress', { fullPage: false })
    expect(
      formatViolations(await axeViolations(page, { include: '[data-testid="contract-progress"]' })),
    ).toEqual([])
    expect(desktop.watch.problems).toEqual([])
  })

  it('shows the same chart on a phone, in English (390×844)', async () => {
    const phone = await run.person({ device: 'phone', locale: 'en-GB', sessionOf: desktop })
    const progress = await api<ContractProgress>('GET', `/api/contracts/${contractId}/progress`)
    const p1 = progress.priorities.find((p) => p.priorityCode === 'P1')!
    await phone.page.goto(`/contrats/${contractId}`)
    const section = phone.page.getByRole('region', { name: 'Progress by priority' })
    await section.waitFor()
    expect(
      await section.getByRole('table', { name: 'Progress by priority (the chart’s figures)' }).textContent(),
    ).toContain('1 of 1')
    await expectChart(phone.page, 'P1', p1.ideas, 'Funded: 1')
    await screenshot(phone.page, 'evaluation-03-contract-progress-phone', { fullPage: false })
    expect(phone.watch.problems).toEqual([])
  })
})

/**
 * The priority's chart: inside the viewport once scrolled to, within its card, its bars within it with
 * widths in proportion (the funded bar, 1, against the ideas bar).
 */
async function expectChart(page: Page, code: string, ideas: number, fundedLabel = 'Financés : 1') {
  const chart = page.getByTestId(`progress-chart-${code}`)
  const card = page.locator('.kc-progress-charts li').filter({ has: chart })
  await chart.scrollIntoViewIfNeeded()
  await expectInViewport(page, card.locator('h3'), `the ${code} chart's heading`)
  const box = (await chart.boundingBox())!
  const viewport = page.viewportSize()!
  expect(box.width, 'the chart is not squeezed').toBeGreaterThan(200)
  expect(box.height).toBeGreaterThan(150)
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width)
  // Nothing on the page reaches past the viewport's width (no sideways scrolling).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
  await expectWithin(chart, card, 'the chart in its card')
  const ideasBar = chart.locator('rect[data-stage="ideas"]')
  const fundedBar = chart.locator('rect[data-stage="funded"]')
  const reachedBar = chart.locator('rect[data-stage="indicators"]')
  for (const [bar, what] of [
    [ideasBar, 'ideas bar'],
    [fundedBar, 'funded bar'],
    [reachedBar, 'reached bar'],
  ] as const)
    await expectWithin(bar, chart, what)
  const ideasWidth = (await ideasBar.boundingBox())!.width
  const fundedWidth = (await fundedBar.boundingBox())!.width
  expect(fundedWidth / ideasWidth).toBeCloseTo(1 / Math.max(ideas, 1), 1)
  expect(await chart.textContent()).toContain(fundedLabel)
}
