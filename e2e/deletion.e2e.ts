import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { connectClient, synced } from '../server/collab/testing/clients.ts'
import { writeExampleBoard } from '../server/projects/testing/example-board.ts'
import { clearShapes, example, exampleContract } from '../server/projects/testing/example-workshop.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { BOARD_NOISE, browserRun, type Device, eventually, screenshot } from './support/index.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * Deleting things in Chromium, on a desktop window in French and on a phone in English: a workshop
 * (its open board says so, and it leaves the dashboard), a contract (refused while a workshop uses it,
 * deleted once unused), a project record, an unused actor, and the council itself (its name typed).
 * Every delete button and every confirmation dialog is checked to lie inside the viewport, visible and
 * not covered. Screenshots: e2e/artifacts/deletion-<device>-NN-*.png.
 */

const text = {
  desktop: {
    locale: 'fr',
    deleteWorkshop: 'Supprimer l’atelier…',
    confirmForGood: 'Supprimer définitivement',
    workshopDeleted: (title: string) => `Atelier « ${title} » supprimé.`,
    boardDeleted: 'Atelier supprimé',
    deleteContract: 'Supprimer le contrat…',
    contractInUse: /sert encore à 1 atelier/,
    cancel: 'Annuler',
    contractDeleted: (title: string) => `Contrat « ${title} » supprimé.`,
    deleteRecord: 'Supprimer la fiche-projet…',
    recordDeleted: (title: string) => `Fiche-projet « ${title} » supprimée.`,
    deleteActor: (name: string) => `Supprimer ${name}…`,
    confirmActor: 'Supprimer',
    actorDeleted: (name: string) => `Acteur « ${name} » supprimé.`,
    deleteCouncil: 'Supprimer le conseil…',
    typeName: /Pour confirmer, saisissez le nom du conseil/,
    confirmCouncil: 'Supprimer le conseil',
    councilDeleted: (name: string) => `Le conseil « ${name} » et toutes ses données ont été supprimés.`,
  },
  phone: {
    locale: 'en',
    deleteWorkshop: 'Delete the workshop…',
    confirmForGood: 'Delete for good',
    workshopDeleted: (title: string) => `Workshop “${title}” deleted.`,
    boardDeleted: 'Workshop deleted',
    deleteContract: 'Delete the contract…',
    contractInUse: /still used by 1 workshop/,
    cancel: 'Cancel',
    contractDeleted: (title: string) => `Contract “${title}” deleted.`,
    deleteRecord: 'Delete the project record…',
    recordDeleted: (title: string) => `Project record “${title}” deleted.`,
    deleteActor: (name: string) => `Delete ${name}…`,
    confirmActor: 'Delete',
    actorDeleted: (name: string) => `Actor “${name}” deleted.`,
    deleteCouncil: 'Delete the council…',
    typeName: /To confirm, type the council’s name/,
    confirmCouncil: 'Delete the council',
    councilDeleted: (name: string) => `The council “${name}” and all its data were deleted.`,
  },
} satisfies Partial<Record<Device, unknown>>

const run = browserRun()

/** A council of its own: an account, two contracts, a converted workshop, a second workshop, an actor. */
async function councilWithEverything(context: BrowserContext, device: string) {
  const api = <T>(method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) =>
    run.api<T>(context, method, path, data)
  const councilName = `Conseil de développement ${device} – Pays de Brest`
  const displayName = 'Soizic Animatrice'
  const userId = (
    await api<{ userId: string }>('POST', '/api/auth/signup', {
      email: `suppr-${device}-${Date.now()}@example.fr`,
      password: 'correct horse battery',
      displayName,
      councilName,
    })
  ).userId
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  const contract = await api<{ id: string; title: string }>('POST', '/api/contracts', exampleContract)
  const spare = await api<{ id: string; title: string }>('POST', '/api/contracts', {
    ...exampleContract,
    title: 'Contrat sans atelier',
  })
  const converted = await api<{ id: string; boardId: string }>('POST', '/api/workshops', {
    title: example.title,
    contractId: contract.id,
  })
  const origin = run.server.url
  const client = connectClient(origin, converted.boardId, cookie, { headers: { origin } })
  await synced(client)
  clearShapes(client.doc)
  writeExampleBoard(client.doc, example, 'ex', { votes: false, author: { id: userId, name: displayName } })
  const shapes = () =>
    api<{ records: { typeName: string; type?: string }[] }>(
      'GET',
      `/api/boards/${converted.boardId}/snapshot`,
    )
  await eventually(
    async () => (await shapes()).records.filter((r) => r.type === 'cluster').length > 1,
    'the board holds the example',
  )
  client.destroy()
  const conversion = await api<{ projects: { id: string; title: string; version: number }[] }>(
    'POST',
    `/api/workshops/${converted.id}/convert`,
  )
  const record = conversion.projects[0]!
  // A partner named, then removed: an actor that no record names any more.
  const named = await api<{ version: number }>('PATCH', `/api/projects/${record.id}`, {
    version: record.version,
    partners: [{ name: 'Association Ti ar Vro', type: 'association', role: '' }],
  })
  await api('PATCH', `/api/projects/${record.id}`, { version: named.version, partners: [] })
  const live = await api<{ id: string; boardId: string; title: string }>('POST', '/api/workshops', {
    title: `Atelier à supprimer (${device})`,
    contractId: contract.id,
  })
  return { councilName, contract, spare, live, record }
}

describe.each(['desktop', 'phone'] as const)('deleting things in Chromium (%s)', (device) => {
  const t = text[device]
  let context: BrowserContext
  let page: Page
  let watch: { problems: string[] }
  let council: Awaited<ReturnType<typeof councilWithEverything>>
  const shot = (step: string) => screenshot(page, `deletion-${device}-${step}`, { fullPage: false })

  beforeAll(async () => {
    // Expected refusals: the contract still in use (409), and what the deleted things answer afterwards.
    ;({ context, page, watch } = await run.person({
      device,
      ignore: [...BOARD_NOISE, /status of 409/, /status of 404/, /status of 401/],
    }))
    // The language switch's choice, as if made on an earlier visit (client/app/i18n.tsx).
    await context.addInitScript((locale) => localStorage.setItem('kenlabour.locale', locale), t.locale)
    council = await councilWithEverything(context, device)
  }, 120_000)

  it('deletes a workshop from its page: its open board says so, the dashboard no longer lists it', async () => {
    const boardPage = device === 'desktop' ? await context.newPage() : null
    if (boardPage) {
      await boardPage.goto(`/tableau/${council.live.boardId}`)
      await boardPage
        .getByTestId('connection')
        .filter({ hasText: /En ligne|Online/ })
        .waitFor()
    }
    await page.goto(`/ateliers/${council.live.id}`)
    const open = page.getByRole('button', { name: t.deleteWorkshop })
    await expectInViewport(page, open, 'delete workshop button')
    await shot('01-workshop-button')
    await open.click()
    const dialog = page.getByRole('dialog')
    await expectInViewport(page, dialog, 'workshop dialog')
    const confirm = dialog.getByRole('button', { name: t.confirmForGood })
    await expectInViewport(page, confirm, 'workshop confirm button')
    // Focus starts on the harmless choice.
    expect(
      await dialog.getByRole('button', { name: t.cancel }).evaluate((b) => b === document.activeElement),
    ).toBe(true)
    expect(formatViolations(await axeViolations(page))).toEqual([])
    await shot('02-workshop-dialog')
    await confirm.click()
    await page.waitForURL(`${run.server.url}/`)
    await page
      .getByTestId('flash-notice')
      .filter({ hasText: t.workshopDeleted(council.live.title) })
      .waitFor()
    await page.getByRole('link', { name: example.title }).waitFor()
    expect(await page.getByRole('link', { name: council.live.title }).count()).toBe(0)
    await shot('03-dashboard-notice')
    if (boardPage) {
      await boardPage
        .getByTestId('connection')
        .filter({ hasText: t.boardDeleted })
        .waitFor({ timeout: 10_000 })
      await screenshot(boardPage, `deletion-${device}-04-board-closed`, { fullPage: false })
      await boardPage.close()
    }
  })

  it('refuses a contract still in use, deletes an unused one', async () => {
    await page.goto(`/contrats/${council.contract.id}`)
    await page.getByRole('button', { name: t.deleteContract }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: t.confirmForGood }).click()
    await dialog.getByRole('alert').filter({ hasText: t.contractInUse }).waitFor()
    await expectInViewport(page, dialog.getByRole('alert'), 'contract in use error')
    await shot('05-contract-in-use')
    await dialog.getByRole('button', { name: t.cancel }).click()
    expect(await dialog.isVisible()).toBe(false)

    await page.goto(`/contrats/${council.spare.id}`)
    const open = page.getByRole('button', { name: t.deleteContract })
    await expectInViewport(page, open, 'delete contract button')
    await open.click()
    await expectInViewport(page, page.getByRole('dialog'), 'contract dialog')
    await page.getByRole('dialog').getByRole('button', { name: t.confirmForGood }).click()
    await page.waitForURL(`${run.server.url}/`)
    await page
      .getByTestId('flash-notice')
      .filter({ hasText: t.contractDeleted(council.spare.title) })
      .waitFor()
    expect(await page.getByRole('link', { name: council.spare.title }).count()).toBe(0)
  })

  it('deletes a project record and an actor that no record names', async () => {
    await page.goto(`/projets/${council.record.id}`)
    const open = page.getByRole('button', { name: t.deleteRecord })
    await expectInViewport(page, open, 'delete record button')
    await shot('06-record-button')
    await open.click()
    await expectInViewport(page, page.getByRole('dialog'), 'record dialog')
    await shot('07-record-dialog')
    await page.getByRole('dialog').getByRole('button', { name: t.confirmForGood }).click()
    await page.waitForURL(`${run.server.url}/projets`)
    await page
      .getByTestId('flash-notice')
      .filter({ hasText: t.recordDeleted(council.record.title) })
      .waitFor()
    await expect
      .poll(() => page.getByRole('link', { name: council.record.title, exact: true }).count())
      .toBe(0)

    await page.goto('/acteurs')
    const actor = page.getByRole('button', { name: t.deleteActor('Association Ti ar Vro') })
    await expectInViewport(page, actor, 'delete actor button')
    await actor.click()
    const dialog = page.getByRole('dialog')
    await expectInViewport(page, dialog, 'actor dialog')
    await shot('08-actor-dialog')
    await dialog.getByRole('button', { name: t.confirmActor, exact: true }).click()
    await page
      .getByTestId('flash-notice')
      .filter({ hasText: t.actorDeleted('Association Ti ar Vro') })
      .waitFor()
    await expect.poll(() => page.getByRole('heading', { name: 'Association Ti ar Vro' }).count()).toBe(0)
  })

  it('deletes the council once its name is typed, and signs out', async () => {
    await page.goto('/conseil')
    const open = page.getByRole('button', { name: t.deleteCouncil })
    await expectInViewport(page, open, 'delete council button')
    await open.click()
    const dialog = page.getByRole('dialog')
    await expectInViewport(page, dialog, 'council dialog')
    const confirm = dialog.getByRole('button', { name: t.confirmCouncil, exact: true })
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel(t.typeName).fill(`${council.councilName.slice(0, -1)}`)
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel(t.typeName).fill(council.councilName)
    expect(await confirm.isDisabled()).toBe(false)
    await expectInViewport(page, confirm, 'council confirm button')
    expect(formatViolations(await axeViolations(page))).toEqual([])
    await shot('09-council-dialog')
    await confirm.click()
    await page.waitForURL(`${run.server.url}/`)
    await page
      .getByTestId('flash-notice')
      .filter({ hasText: t.councilDeleted(council.councilName) })
      .waitFor()
    await shot('10-council-deleted')
    expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401)
    expect(watch.problems).toEqual([])
  })
})
