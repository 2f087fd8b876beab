import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from './support/axe.ts'
import { signUpWithContract, testContract, testPriorities, uniqueEmail } from './support/council.ts'
import { drawnCard, drawnZones, inside, lowContrastTexts, screenshot, viewports } from './support/index.ts'
import { browserRun, type Person } from './support/run.ts'
import { drawnOnTop } from './support/viewport.ts'

/**
 * Continuity across workshops (issue 16) in Chromium against the real server: a first workshop on a
 * contract is converted with its ideas left outside clusters; on the next workshop of that contract, a
 * participant on a phone writes an idea, is offered the earlier one and links to it (the facilitator
 * then sees the link); the facilitator brings a waiting idea of the contract page onto the new board,
 * where it is drawn in its priority's zone. Bounding boxes inside the viewport at phone and desktop
 * sizes; axe and contrast at each step. Screenshots: e2e/artifacts/continuity-NN-*.png.
 */

const run = browserRun()

const EARLIER_IDEA = 'Des navettes vers la gare le samedi matin'
const WAITING_IDEA = 'Un cadastre solaire pour les toits des écoles'
const FIRST = 'Atelier mobilités 2025'
const NEXT = 'Atelier mobilités 2026'

/** The test territory's priorities, without their actions. */
const contract = testContract(
  'Contrat de partenariat (test de continuité)',
  testPriorities.map((priority) => ({ ...priority, actions: [] })),
)

let facilitator: Person
let contractId = ''
let next = { id: '', boardId: '', joinCode: '' }

function api<T>(p: Person, method: string, path: string, data?: unknown): Promise<T> {
  return run.api<T>(p.context, method, path, data)
}

/** `control` is drawn inside the viewport of `page`, and on top at its centre. */
async function expectInView(page: Page, control: Locator, what: string) {
  await control.scrollIntoViewIfNeeded()
  const box = await control.boundingBox()
  expect(box, `${what}: drawn`).not.toBeNull()
  const viewport = page.viewportSize()!
  expect(box!.x, `${what}: left`).toBeGreaterThanOrEqual(0)
  expect(box!.y, `${what}: top`).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, `${what}: right`).toBeLessThanOrEqual(viewport.width)
  expect(box!.y + box!.height, `${what}: bottom`).toBeLessThanOrEqual(viewport.height)
  expect(await drawnOnTop(control), `${what}: not covered`).toBe(true)
}

async function expectAccessible(page: Page) {
  expect(formatViolations(await axeViolations(page))).toEqual([])
  expect(await lowContrastTexts(page)).toEqual([])
}

beforeAll(async () => {
  facilitator = await run.person({ device: 'desktop' })
  const account = { email: uniqueEmail('continuite'), displayName: 'Anne Animatrice' }
  ;({ contractId } = await signUpWithContract(run, facilitator.context, account, contract))
  const first = await api<{ id: string; boardId: string; joinCode: string }>(
    facilitator,
    'POST',
    '/api/workshops',
    {
      title: FIRST,
      contractId,
    },
  )
  // The first workshop: two ideas, left outside clusters, then converted.
  const guest = await run.person({ device: 'phone' })
  await api(guest, 'POST', '/api/join', { code: first.joinCode, displayName: 'Yann' })
  await api(guest, 'POST', `/api/boards/${first.boardId}/ideas`, { text: EARLIER_IDEA, priorityCode: 'P1' })
  await api(guest, 'POST', `/api/boards/${first.boardId}/ideas`, { text: WAITING_IDEA, priorityCode: 'P2' })
  await api(facilitator, 'POST', `/api/workshops/${first.id}/convert`)
  next = await api(facilitator, 'POST', '/api/workshops', { title: NEXT, contractId })
}, 120_000)

describe('continuity across workshops', () => {
  it('offers a phone participant the earlier idea while writing, and links the new one to it', async () => {
    const lea = await run.person({ device: 'phone' })
    await api(lea, 'POST', '/api/join', { code: next.joinCode, displayName: 'Léa' })
    const { page } = lea
    await page.goto(`/poster/${next.boardId}`)
    await page.locator('.kp-zone').first().waitFor({ timeout: 30_000 })
    await page.getByLabel('Priorité (zone du tableau)').selectOption('P1')
    await page.getByLabel('Votre idée').fill('Des navettes vers la gare')

    const region = page.getByRole('region', { name: 'Déjà proposé lors d’ateliers précédents' })
    await region.waitFor({ timeout: 10_000 })
    await expect.poll(() => region.textContent()).toContain(EARLIER_IDEA)
    expect(await region.textContent()).toContain(FIRST)
    const link = region.getByRole('button', { name: 'Relier mon idée à celle-ci' })
    await expectInView(page, link, 'link button (phone)')
    await screenshot(page, 'continuity-01-suggestion-phone')
    await expectAccessible(page)

    await link.click()
    await expect
      .poll(() => region.getByRole('button', { name: 'Reliée' }).getAttribute('aria-pressed'))
      .toBe('true')
    await page.getByRole('button', { name: 'Envoyer' }).click()
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Idée envoyée')

    const links = await api<{ ideaId: string; earlier: { text: string; workshopTitle: string } }[]>(
      facilitator,
      'GET',
      `/api/boards/${next.boardId}/links`,
    )
    expect(links).toEqual([
      expect.objectContaining({
        earlier: expect.objectContaining({ text: EARLIER_IDEA, workshopTitle: FIRST }),
      }),
    ])
    expect(lea.watch.problems).toEqual([])
  })

  it('offers the earlier idea on the canvas while a card is written, and links the card to it', async () => {
    const mael = await run.person({ device: 'desktop' })
    await api(mael, 'POST', '/api/join', { code: next.joinCode, displayName: 'Maël' })
    const { page } = mael
    await page.goto(`/tableau/${next.boardId}`)
    const newIdea = page.getByRole('button', { name: 'Nouvelle idée (N)' })
    await expect.poll(() => newIdea.isEnabled(), { timeout: 30_000 }).toBe(true)
    await newIdea.click()
    await page.keyboard.type('Des navettes vers la gare', { delay: 20 })

    const region = page.getByRole('region', { name: 'Déjà proposé lors d’ateliers précédents' })
    await region.waitFor({ timeout: 15_000 })
    await expect.poll(() => region.textContent()).toContain(EARLIER_IDEA)
    const link = region.getByRole('button', { name: 'Relier mon idée à celle-ci' })
    await expectInView(page, link, 'link button (canvas)')
    await screenshot(page, 'continuity-05-suggestion-canvas')
    await link.click()
    await expect.poll(() => region.getByRole('button', { name: 'Reliée' }).count()).toBe(1)

    const links = await api<{ ideaId: string; earlier: { text: string } }[]>(
      facilitator,
      'GET',
      `/api/boards/${next.boardId}/links`,
    )
    expect(links.filter((l) => l.earlier.text === EARLIER_IDEA)).toHaveLength(2)
    expect(mael.watch.problems).toEqual([])
  })

  for (const device of ['phone', 'desktop'] as const) {
    it(`lists the waiting ideas on the contract page within the ${device} viewport`, async () => {
      const { page } = await run.person({ device, cookies: await facilitator.context.cookies() })
      await page.goto(`/contrats/${contractId}`)
      const section = page.getByRole('region', { name: 'Idées en attente' })
      await section.waitFor({ timeout: 15_000 })
      await expect.poll(() => section.textContent()).toContain(WAITING_IDEA)
      await expectInView(
        page,
        section.getByRole('checkbox', { name: new RegExp(WAITING_IDEA) }),
        `box (${device})`,
      )
      await expectInView(
        page,
        section.getByRole('button', { name: 'Apporter sur le tableau' }),
        `button (${device})`,
      )
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewports[device].viewport.width,
      )
      await screenshot(page, `continuity-02-waiting-${device}`)
      await expectAccessible(page)
    })
  }

  it('brings a waiting idea onto the new board, drawn in its priority’s zone', async () => {
    const { page } = facilitator
    await page.goto(`/contrats/${contractId}`)
    const section = page.getByRole('region', { name: 'Idées en attente' })
    await section.getByRole('checkbox', { name: new RegExp(WAITING_IDEA) }).check()
    await expect.poll(() => section.getByLabel('Atelier qui les reçoit').inputValue()).toBe(next.id)
    await section.getByRole('button', { name: 'Apporter sur le tableau' }).click()
    await expect.poll(() => section.getByRole('status').textContent()).toContain('1 idée apportée')
    await expect.poll(() => section.textContent()).not.toContain(WAITING_IDEA)

    await page.goto(`/tableau/${next.boardId}`)
    await page.locator('.tl-shape[data-shape-type="idea"]').first().waitFor({ timeout: 30_000 })
    await expect.poll(() => drawnCard(page, WAITING_IDEA), { timeout: 15_000 }).not.toBeNull()
    const drawn = (await drawnCard(page, WAITING_IDEA))!
    const [zone] = await drawnZones(page, ['P2 — Transition énergétique'])
    expect(zone, 'the P2 zone is drawn').toBeDefined()
    expect(inside(zone!.zone, drawn.card), 'card inside the P2 zone').toBe(true)
    const viewport = page.viewportSize()!
    expect(inside({ x: 0, y: 0, width: viewport.width, height: viewport.height }, drawn.card)).toBe(true)
    await screenshot(page, 'continuity-03-brought-onto-board')

    // The facilitator's drawer lists both links: the idea Léa linked, the card brought from the list.
    const linked = page.getByRole('region', { name: 'Idées reliées aux ateliers précédents' })
    await expect.poll(() => linked.textContent(), { timeout: 20_000 }).toContain(EARLIER_IDEA)
    expect(await linked.textContent()).toContain(WAITING_IDEA)
    await expectInView(
      page,
      linked.getByRole('button', { name: 'Montrer la carte' }).first(),
      'show the card',
    )
    await screenshot(page, 'continuity-04-links-in-drawer')
    await expectAccessible(page)
    expect(facilitator.watch.problems).toEqual([])
  })
})
