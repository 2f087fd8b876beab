import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { example } from '../server/projects/testing/example-workshop.ts'
import type { ProjectRecord } from '../shared/projects/record.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { signUp, uniqueEmail } from './support/council.ts'
import { convertedExampleWorkshop } from './support/example-workshop.ts'
import { browserRun, type Person, screenshot } from './support/index.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * Follow-up in pairs in Chromium against the real server: on a record converted from the example
 * workshop, the council's administrator names a council member and an actor (the social-economy pole)
 * as referents with a next step (already past: overdue) and marks the carrier a small structure asking
 * for a guarantee and engineering, from the record's follow-up panel, at 1400×900. The member then
 * finds the record on "what I follow" (reached from the navigation), marked overdue; the record appears
 * in the guarantee view (reached from the records list) and in the list filtered by that kind of
 * support. The member's page, the guarantee view and the panel again on a 390×844 phone, in English.
 * What is checked is drawn inside the viewport; axe finds nothing. Screenshots: e2e/artifacts/followup-*.png.
 */

const run = browserRun()
let admin: Person
let member: Person
let record: ProjectRecord
const memberName = 'Yann Élu'
const pastDate = '2020-01-10'

const api = <T>(context: BrowserContext, method: string, path: string, data?: unknown) =>
  run.api<T>(context, method, path, data)

beforeAll(async () => {
  admin = await run.person({ device: 'wide' })
  const { projects } = await convertedExampleWorkshop(run, admin.context, {
    account: { email: uniqueEmail('suivi'), displayName: 'Maëlle Présidente' },
    title: example.title,
  })
  const first = projects.find((p) => p.priorityCode === 'P1')!
  // The carrier and the pole become actors of the council by being named on the record.
  record = await api<ProjectRecord>(admin.context, 'PATCH', `/api/projects/${first.id}`, {
    version: first.version,
    carrier: { name: 'Café des Abers', type: 'association' },
    partners: [{ name: 'Pôle ESS du Pays', type: 'ess', role: 'Animation' }],
    budget: 42000,
  })
  const invite = await api<{ token: string }>(admin.context, 'POST', '/api/council/invites')
  member = await run.person({ device: 'wide' })
  await signUp(run, member.context, {
    email: uniqueEmail('elu'),
    displayName: memberName,
    inviteToken: invite.token,
  })
})

/** The record's follow-up panel. */
const panel = (page: Page, name = 'Suivi en binôme et accompagnement') => page.getByRole('form', { name })

describe('follow-up in pairs and the guarantee view', () => {
  it('names a member and an actor as referents with a next step and marks the support (1400×900)', async () => {
    const { page } = admin
    await page.goto(`/projets/${record.id}`)
    const form = panel(page)
    await form.waitFor()
    await form.getByRole('button', { name: 'Ajouter un·e référent·e' }).click()
    await form.getByLabel('Référent·e 1').selectOption({ label: memberName })
    await expect.poll(() => form.getByLabel('Rôle de la personne 1').inputValue()).toBe('élu·e référent·e')
    await form.getByRole('button', { name: 'Ajouter un·e référent·e' }).click()
    await form.getByLabel('Référent·e 2').selectOption({ label: 'Pôle ESS du Pays' })
    await expect.poll(() => form.getByLabel('Rôle de la personne 2').inputValue()).toBe('pôle ESS')
    await form
      .getByLabel('Prochaine étape', { exact: true })
      .fill('Présenter le dossier au comité de garantie')
    await form.getByLabel('Date de la prochaine étape').fill(pastDate)
    await form.getByLabel('Garantie').check()
    await form.getByLabel('Ingénierie').check()
    await form.getByLabel('Le porteur est une petite structure').check()
    await form.getByRole('button', { name: 'Enregistrer le suivi' }).click()
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Suivi enregistré.')

    const saved = await api<ProjectRecord>(admin.context, 'GET', `/api/projects/${record.id}`)
    expect(saved.referents.map((r) => [r.name, r.role])).toEqual([
      [memberName, 'élu·e référent·e'],
      ['Pôle ESS du Pays', 'pôle ESS'],
    ])
    expect(saved).toMatchObject({
      nextStep: 'Présenter le dossier au comité de garantie',
      nextStepDate: pastDate,
      supportKinds: ['engineering', 'guarantee'],
      smallStructure: true,
    })
    for (const [what, locator] of [
      ['the first referent', form.getByLabel('Référent·e 1')],
      ['the second role', form.getByLabel('Rôle de la personne 2')],
      ['the next step date', form.getByLabel('Date de la prochaine étape')],
      ['the save button', form.getByRole('button', { name: 'Enregistrer le suivi' })],
    ] as const)
      await expectInViewport(page, locator, what)
    await form.getByRole('heading', { name: 'Suivi en binôme et accompagnement' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'followup-01-record-panel', { fullPage: false })
    expect(formatViolations(await axeViolations(page, { include: '.followup-panel' }))).toEqual([])
    expect(admin.watch.problems).toEqual([])
  })

  it('shows the member what they follow, overdue marked, from the navigation (1400×900)', async () => {
    const { page } = member
    await page.goto('/')
    await page.getByRole('link', { name: 'Mon suivi' }).click()
    await page.getByRole('heading', { level: 1, name: 'Ce que je suis' }).waitFor()
    const item = page.getByTestId('followed-record')
    await expect.poll(() => item.count()).toBe(1)
    const text = await item.textContent()
    expect(text).toContain(record.title)
    expect(text).toContain('élu·e référent·e')
    expect(text).toContain('Présenter le dossier au comité de garantie')
    expect(text).toContain('En retard')
    await expectInViewport(page, item.getByRole('link', { name: record.title }), 'the followed record')
    await expectInViewport(page, item.getByText('En retard'), 'the overdue mark')
    await screenshot(page, 'followup-02-what-i-follow', { fullPage: false })
    expect(formatViolations(await axeViolations(page, { include: 'main' }))).toEqual([])

    // The same records on the actor's page, reached from the actors page.
    await page.goto('/acteurs')
    await page.getByRole('link', { name: 'Ce que suit Pôle ESS du Pays' }).click()
    await page.getByRole('heading', { level: 1, name: 'Ce que suit Pôle ESS du Pays' }).waitFor()
    await expect.poll(() => page.getByTestId('followed-record').textContent()).toContain('pôle ESS')
    expect(member.watch.problems).toEqual([])
  })

  it('lists the record in the guarantee view and in the list filtered by kind of support (1400×900)', async () => {
    const { page } = admin
    await page.goto('/projets')
    await page.getByRole('link', { name: 'Garantie : petites structures' }).click()
    const table = page.getByRole('table', { name: 'Petites structures demandant une garantie' })
    await table.waitFor()
    const rows = table.getByRole('row')
    await expect.poll(() => rows.count()).toBe(2)
    const cells = await rows.nth(1).getByRole('cell').allTextContents()
    expect(cells[0]).toBe('Café des Abers (Association)')
    expect(cells[1]?.replace(/\s/g, '')).toBe('42000,00€')
    const csv = await page.request.get(`${run.server.url}/api/followup/guarantee.csv`)
    expect(await csv.text()).toContain('Café des Abers')
    await expectInViewport(page, rows.nth(1).getByRole('link', { name: record.title }), 'the guarantee row')
    await expectInViewport(
      page,
      page.getByRole('link', { name: 'Télécharger le tableau (CSV)' }),
      'the CSV link',
    )
    await screenshot(page, 'followup-03-guarantee', { fullPage: false })
    expect(formatViolations(await axeViolations(page, { include: 'main' }))).toEqual([])

    await page.goto('/projets')
    await page.getByLabel('Accompagnement').selectOption('guarantee')
    await page.getByRole('button', { name: 'Appliquer' }).click()
    await page.waitForURL(/supportKind=guarantee/)
    const list = page.locator('.project-list > li')
    await expect.poll(() => list.count()).toBe(1)
    expect(await list.first().textContent()).toContain(record.title)
    await expectInViewport(page, page.getByLabel('Accompagnement'), 'the support filter')
    await screenshot(page, 'followup-04-filter', { fullPage: false })
    expect(admin.watch.problems).toEqual([])
  })

  it('works on a phone, in English (390×844)', async () => {
    const phone = await run.person({ device: 'phone', locale: 'en-GB', sessionOf: member })
    await phone.page.goto('/suivi')
    await phone.page.getByRole('heading', { level: 1, name: 'What I follow' }).waitFor()
    const item = phone.page.getByTestId('followed-record')
    await expect.poll(() => item.textContent()).toContain('Overdue')
    await expectInViewport(phone.page, item.getByRole('link', { name: record.title }), 'the followed record')
    await expectInViewport(phone.page, item.getByText('Overdue'), 'the overdue mark')
    const box = (await item.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390.5)
    await screenshot(phone.page, 'followup-05-phone-what-i-follow', { fullPage: false })
    expect(formatViolations(await axeViolations(phone.page, { include: 'main' }))).toEqual([])

    const adminPhone = await run.person({ device: 'phone', locale: 'en-GB', sessionOf: admin })
    await adminPhone.page.goto(`/projets/${record.id}`)
    const form = panel(adminPhone.page, 'Follow-up in pairs and support')
    await form.waitFor()
    for (const [what, locator] of [
      ['the first referent', form.getByLabel('Referent 1')],
      ['the first role', form.getByLabel('Role of person 1')],
      ['the second referent', form.getByLabel('Referent 2')],
      ['the next step', form.getByLabel('Next step', { exact: true })],
      ['the small structure box', form.getByLabel('The carrier is a small structure')],
      ['the save button', form.getByRole('button', { name: 'Save the follow-up' })],
    ] as const)
      await expectInViewport(adminPhone.page, locator, what)
    await form.getByLabel('Referent 2').scrollIntoViewIfNeeded()
    await screenshot(adminPhone.page, 'followup-06-phone-panel', { fullPage: false })
    expect(formatViolations(await axeViolations(adminPhone.page, { include: '.followup-panel' }))).toEqual([])

    await adminPhone.page.goto('/garantie')
    const table = adminPhone.page.getByRole('table', { name: 'Small structures asking for a guarantee' })
    await table.waitFor()
    // The table scrolls sideways inside its frame; the page itself does not.
    const width = await adminPhone.page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    await expectInViewport(
      adminPhone.page,
      table.getByRole('link', { name: record.title }),
      'the guarantee row',
    )
    await screenshot(adminPhone.page, 'followup-07-phone-guarantee', { fullPage: false })
    expect(phone.watch.problems).toEqual([])
    expect(adminPhone.watch.problems).toEqual([])
  })
})
