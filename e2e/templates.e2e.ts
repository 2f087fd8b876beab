import type { BrowserContext, Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultShapeRecord } from '../server/collab/review/testing/records.ts'
import { connectClient, synced } from '../server/collab/testing/clients.ts'
import exampleContract from '../server/demo/contract-example.json' with { type: 'json' }
import { records } from '../shared/board/document.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { signUpWithContract, uniqueEmail } from './support/council.ts'
import {
  BOARD_NOISE,
  browserRun,
  type Device,
  drawnShape,
  drawnZones,
  eventually,
  inside,
  type ScreenRect,
  screenshot,
} from './support/index.ts'

/**
 * Workshop templates in Chromium: a facilitator saves a workshop (zones P1, 1.2 and P2, an
 * instruction on the board) as a template from its page, finds it on the council's templates page
 * (reached from the dashboard), starts a new workshop from it on another contract (which has P1 but
 * neither 1.2 nor P2: the notice names those codes), and on the new board sees the mapped zones, the
 * instruction, and the timer proposing the agenda's minutes at each phase. Desktop in French, phone in
 * English; what is checked is drawn inside the viewport. Screenshots: e2e/artifacts/templates-*.png.
 */

const run = browserRun()
const api = run.api

const otherContract = {
  title: 'Contrat de la vallée',
  territory: 'Vallée',
  period: '2027-2032',
  priorities: [
    { code: 'P1', title: 'Eau et rivières', actions: [{ code: '1.1', title: 'Zones humides' }] },
    { code: 'P4', title: 'Tourisme', actions: [] },
  ],
}

let facilitator: BrowserContext
let workshopId = ''
let otherContractId = ''
const p1 = exampleContract.priorities[0]!
const p2 = exampleContract.priorities[1]!
const a12 = p1.actions[1]!

beforeAll(async () => {
  facilitator = (await run.person()).context
  const account = { email: uniqueEmail('modeles'), displayName: 'Anne Animatrice' }
  const { contractId } = await signUpWithContract(run, facilitator, account, exampleContract)
  otherContractId = (await api<{ id: string }>(facilitator, 'POST', '/api/contracts', otherContract)).id
  const workshop = await api<{ id: string; boardId: string }>(facilitator, 'POST', '/api/workshops', {
    title: 'Atelier mobilités',
    contractId,
    zones: [{ priorityCode: 'P1' }, { priorityCode: 'P1', actionCode: a12.code }, { priorityCode: 'P2' }],
  })
  workshopId = workshop.id
  // The facilitator's instruction, written on the board by a real y-websocket client.
  const origin = run.server.url
  const cookie = (await facilitator.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  const client = connectClient(origin, workshop.boardId, cookie, { headers: { origin } })
  await synced(client)
  const instruction = defaultShapeRecord('shape:consigne', 'text', { x: -700, y: 0, index: 'b20' }) as any
  instruction.props.richText.content[0].content[0].text = 'Consigne : une idée par carte'
  // Written as the built-in templates' instructions are, at the scale of the zones (a 1400-unit zone
  // opens near 24 %, where a scale-1 text would be 6 px high): beside the zones, readable at that zoom.
  Object.assign(instruction.props, { size: 'l', scale: 2.5 })
  instruction.x = -2000
  records(client.doc).set('shape:consigne' as never, instruction)
  await eventually(async () => {
    const snapshot = await api<{ records: { id: string }[] }>(
      facilitator,
      'GET',
      `/api/boards/${workshop.boardId}/snapshot`,
    )
    return snapshot.records.some((r) => r.id === 'shape:consigne')
  }, 'the instruction stored')
  client.destroy()
}, 120_000)

/** `locator`, scrolled into view, lies wholly inside the viewport. */
async function expectInViewport(page: Page, locator: Locator, what: string) {
  await locator.scrollIntoViewIfNeeded()
  const box = await locator.boundingBox()
  const { width, height } = page.viewportSize()!
  expect(box, what).not.toBeNull()
  expect(
    inside({ x: 0, y: 0, width: width + 0.5, height: height + 0.5 }, box!),
    `${what} at ${JSON.stringify(box)}`,
  ).toBe(true)
}

/** The facilitator on `device`, in `locale`: a new browser context with their session. */
async function facilitatorOn(device: Device, locale: 'fr-FR' | 'en-GB') {
  return run.person({ device, locale, cookies: await facilitator.cookies(), ignore: BOARD_NOISE })
}

async function expectAxeClean(page: Page, what: string) {
  const violations = await axeViolations(page)
  expect(formatViolations(violations), what).toEqual([])
}

const text = {
  desktop: {
    locale: 'fr-FR' as const,
    templates: 'Modèles d’ateliers',
    saveTemplate: 'Enregistrer comme modèle',
    templateTitle: 'Titre du modèle',
    saved: (title: string) => `Modèle « ${title} » enregistré.`,
    useTemplate: 'Nouvel atelier avec ce modèle',
    contract: 'Contrat',
    create: "Créer l'atelier",
    missing: /Codes absents de ce contrat : 1\.2, P2/,
    openBoard: 'Ouvrir le tableau',
    panel: 'Panneau d’animation',
    planned: (minutes: number) => `Programme : ${minutes} min prévues pour cette phase.`,
    nothing: 'Programme : rien de prévu pour cette phase.',
    phase: (name: string) => `Passer à l’étape ${name}`,
    ideation: 'Idées',
    clustering: 'Regroupement',
    voting: 'Vote',
    showEverything: 'Tout voir',
    importLabel: 'Fichier de modèle (.json)',
    unsupportedVersion: 'Version de modèle non prise en charge : 2 (attendue : 1).',
    deleteTemplate: 'Supprimer…',
    confirmDelete: 'Supprimer le modèle',
    deleted: (title: string) => `Modèle « ${title} » supprimé.`,
    builtInTitle: 'Modèles fournis avec Kenlabour',
    everyLanguage: 'Afficher aussi les modèles fournis en anglais',
    builtInHere: 'Priorités du contrat',
    builtInOther: 'Contract priorities',
  },
  phone: {
    locale: 'en-GB' as const,
    templates: 'Workshop templates',
    saveTemplate: 'Save as a template',
    templateTitle: 'Template title',
    saved: (title: string) => `Template “${title}” saved.`,
    useTemplate: 'New workshop from this template',
    contract: 'Contract',
    create: 'Create the workshop',
    missing: /Codes this contract lacks: 1\.2, P2/,
    openBoard: 'Open the board',
    panel: 'Facilitator panel',
    planned: (minutes: number) => `Agenda: ${minutes} min planned for this phase.`,
    nothing: 'Agenda: nothing planned for this phase.',
    phase: (name: string) => `Go to phase ${name}`,
    ideation: 'Ideas',
    clustering: 'Clustering',
    voting: 'Voting',
    showEverything: 'Show everything',
    importLabel: 'Template file (.json)',
    unsupportedVersion: 'Unsupported template version: 2 (expected: 1).',
    deleteTemplate: 'Delete…',
    confirmDelete: 'Delete the template',
    deleted: (title: string) => `Template “${title}” deleted.`,
    builtInTitle: 'Templates shipped with Kenlabour',
    everyLanguage: 'Also show the templates shipped in French',
    builtInHere: 'Contract priorities',
    builtInOther: 'Priorités du contrat',
  },
} satisfies Partial<Record<Device, unknown>>

describe.each(Object.entries(text) as [keyof typeof text, (typeof text)['desktop']][])(
  'workshop templates on %s',
  (device, t) => {
    it('saves a workshop as a template, starts another contract’s workshop from it, shows its zones and agenda', async () => {
      const { page, watch } = await facilitatorOn(device, t.locale)
      const templateTitle = `Déroulé mobilités ${device}`

      // 1. The workshop page: save as a template, with an agenda (12 min of ideation, 8 of voting).
      await page.goto(`/ateliers/${workshopId}`)
      await page.getByLabel(t.templateTitle).fill(templateTitle)
      await page.getByLabel(t.ideation, { exact: true }).fill('12')
      await page.getByLabel(t.voting, { exact: true }).fill('8')
      await expectInViewport(page, page.getByRole('button', { name: t.saveTemplate }), 'save button')
      await page.getByRole('button', { name: t.saveTemplate }).click()
      await page
        .getByTestId('flash-notice')
        .filter({ hasText: t.saved(templateTitle) })
        .waitFor()
      await screenshot(page, `templates-${device}-01-saved`)
      expect(
        formatViolations(
          await axeViolations(page, { include: '[aria-labelledby="workshop-template-title"]' }),
        ),
        'template section',
      ).toEqual([])
      const templates = await api<{ id: string; title: string }[]>(facilitator, 'GET', '/api/templates')
      const template = templates.find((one) => one.title === templateTitle)!

      // 2. The dashboard leads to the templates page, which lists it with the built-in ones.
      await page.goto('/')
      await page.getByRole('link', { name: t.templates }).click()
      await page.getByRole('heading', { level: 1, name: t.templates }).waitFor()
      const item = page.getByTestId('template-item').filter({ hasText: templateTitle })
      await expectInViewport(page, item.getByRole('heading'), 'template title')
      // The built-in templates in the page's language (three), the others on request (six in all).
      const builtIns = page.getByRole('region', { name: t.builtInTitle }).getByTestId('template-item')
      const builtInTitles = async () =>
        (await builtIns.getByRole('heading').allTextContents()).map((title) => title.trim())
      await expect.poll(() => builtIns.count()).toBe(3)
      expect(await builtInTitles()).toContain(t.builtInHere)
      expect(await builtInTitles()).not.toContain(t.builtInOther)
      const everyLanguage = page.getByLabel(t.everyLanguage)
      await expectInViewport(page, everyLanguage, 'the every-language box')
      await expectAxeClean(page, 'templates page')
      await everyLanguage.check()
      await expect.poll(() => builtIns.count()).toBe(6)
      expect(await builtInTitles()).toContain(t.builtInOther)
      await expectInViewport(
        page,
        builtIns.filter({ hasText: t.builtInOther }).getByRole('heading'),
        'a built-in template of the other language',
      )
      await screenshot(page, `templates-${device}-02a-every-language`, { fullPage: false })
      await everyLanguage.uncheck()
      await expect.poll(() => builtIns.count()).toBe(3)
      // A file of a later version is refused with a sentence saying so; a good file is imported.
      const fileInput = page.getByLabel(t.importLabel)
      const file = (data: unknown) => ({
        name: 'modele.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(data)),
      })
      const exported = await api<Record<string, unknown>>(
        facilitator,
        'GET',
        '/api/templates/builtin-scheme-evaluation/export',
      )
      await fileInput.setInputFiles(file({ ...exported, version: 2 }))
      const alert = page.getByRole('alert')
      await alert.filter({ hasText: t.unsupportedVersion }).waitFor()
      await expectInViewport(page, alert, 'import refusal')
      await fileInput.setInputFiles(
        file({ ...exported, template: { ...(exported.template as object), title: `Importé ${device}` } }),
      )
      await page
        .getByTestId('flash-notice')
        .filter({ hasText: `Importé ${device}` })
        .waitFor()
      await page
        .getByTestId('template-item')
        .filter({ hasText: `Importé ${device}` })
        .waitFor()
      await screenshot(page, `templates-${device}-02-list`)

      // 3. A new workshop from it, on the other contract: the codes it lacks are said.
      await item.getByRole('link', { name: t.useTemplate }).click()
      await page.waitForURL(`**/ateliers/nouveau?modele=${template.id}`)
      await expect.poll(() => page.locator('#workshop-template').inputValue()).toBe(template.id)
      await page.locator('input[name="title"]').fill(`Atelier de la vallée ${device}`)
      await page.locator('#workshop-contract').selectOption(otherContractId)
      await expectAxeClean(page, 'new workshop form')
      await screenshot(page, `templates-${device}-03-form`)
      await page.getByRole('button', { name: t.create }).click()
      const notice = page.getByTestId('flash-notice')
      await notice.filter({ hasText: t.missing }).waitFor()
      await expectInViewport(page, notice, 'missing codes notice')
      await page.getByRole('link', { name: t.openBoard }).waitFor()
      await screenshot(page, `templates-${device}-04-created`)

      // 4. Its board: the mapped zone, the free zones with their old titles, the instruction.
      await page.getByRole('link', { name: t.openBoard }).click()
      await page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
      await page.getByRole('button', { name: t.showEverything }).click()
      const titles = [
        `P1 — ${otherContract.priorities[0]!.title}`,
        `${a12.code} — ${a12.title}`,
        `P2 — ${p2.title}`,
      ]
      const canvas = await page.locator('.tl-canvas').boundingBox()
      // Once the camera has settled on everything: the three zones and the instruction inside the canvas.
      const view = canvas as ScreenRect
      const drawn = await eventually(async () => {
        const zones = await drawnZones(page, titles)
        const instruction = await drawnShape(page, 'shape:consigne')
        const inView =
          zones.length === 3 &&
          zones.every((z) => inside(view, z.zone)) &&
          instruction !== null &&
          inside(view, instruction)
        return inView ? { zones, instruction } : null
      }, 'the three zones and the instruction drawn inside the canvas')
      expect(drawn.zones.map((z) => z.title).sort()).toEqual([...titles].sort())
      expect(await page.locator('.tl-shape[data-shape-type="idea"]').count()).toBe(0)
      await screenshot(page, `templates-${device}-05-board`)

      // 5. The timer proposes the agenda: 12 minutes in ideation, nothing in clustering, 8 in voting.
      // The facilitator panel: open beside the canvas on a desktop, a drawer behind the menu on a phone.
      const panel = page.locator('.kb-facilitator')
      if (!(await panel.isVisible())) {
        const toggle = page.locator('[data-drawer-toggle="facilitator"]')
        if (!(await toggle.isVisible())) await page.locator('#kb-menu-button').click()
        await toggle.click()
      }
      await panel.waitFor()
      const planned = panel.getByTestId('agenda-planned')
      await expect.poll(() => planned.textContent()).toBe(t.planned(12))
      const minutesInput = panel.getByLabel(/Minutes/)
      await expect.poll(() => minutesInput.inputValue()).toBe('12')
      await expectInViewport(page, planned, 'agenda line')
      await expectInViewport(page, minutesInput, 'minutes field')
      await screenshot(page, `templates-${device}-06-agenda`)
      await panel.getByRole('button', { name: t.phase(t.clustering) }).click()
      await expect.poll(() => planned.textContent()).toBe(t.nothing)
      await panel.getByRole('button', { name: t.phase(t.voting) }).click()
      await expect.poll(() => planned.textContent()).toBe(t.planned(8))
      await expect.poll(() => minutesInput.inputValue()).toBe('8')
      await expectInViewport(page, planned, 'agenda line in voting')
      await screenshot(page, `templates-${device}-07-voting`)

      // 6. Back on the templates page: the template is deleted after a confirmation; the workshop stays.
      await page.goto('/modeles')
      const mine = page.getByTestId('template-item').filter({ hasText: templateTitle })
      await mine.getByRole('button', { name: t.deleteTemplate }).click()
      const dialog = page.getByRole('dialog')
      await expectInViewport(page, dialog.getByRole('button', { name: t.confirmDelete }), 'confirm button')
      await screenshot(page, `templates-${device}-08-delete`)
      await dialog.getByRole('button', { name: t.confirmDelete }).click()
      await page
        .getByTestId('flash-notice')
        .filter({ hasText: t.deleted(templateTitle) })
        .waitFor()
      await expect.poll(() => mine.count()).toBe(0)
      expect(watch.problems).toEqual([])
    }, 180_000)

    it('a built-in template’s instruction is drawn readable on the new board, beside its zones', async () => {
      const { page, watch } = await facilitatorOn(device, t.locale)
      // The French built-in on the desktop, the English one on the phone.
      const [templateId, shapeId] =
        device === 'desktop'
          ? ['builtin-priorites-du-contrat', 'shape:consigne']
          : ['builtin-contract-priorities', 'shape:instructions']
      // The new-workshop form offers the built-in templates of its language, and keeps one of the other
      // language when the templates page sent it (`?modele=`).
      const other = device === 'desktop' ? 'builtin-contract-priorities' : 'builtin-priorites-du-contrat'
      await page.goto(`/ateliers/nouveau?modele=${other}`)
      const select = page.locator('#workshop-template')
      await expect.poll(() => select.inputValue()).toBe(other)
      const builtInOptions = select.locator('optgroup').nth(1).locator('option')
      expect((await builtInOptions.allTextContents()).sort()).toEqual(
        [
          ...(device === 'desktop'
            ? ['Émergence de projets par fiche-action', 'Évaluation d’un dispositif']
            : ['Project emergence by action', 'Evaluating a scheme']),
          t.builtInHere,
          t.builtInOther,
        ].sort(),
      )
      await expectInViewport(page, select, 'the template choice')
      const workshop = await api<{ id: string }>(facilitator, 'POST', '/api/workshops', {
        title: `Atelier du modèle intégré ${device}`,
        contractId: otherContractId,
        templateId,
      })
      await page.goto(`/ateliers/${workshop.id}`)
      await page.getByRole('link', { name: t.openBoard }).click()
      await page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
      await page.getByRole('button', { name: t.showEverything }).click()
      const view = (await page.locator('.tl-canvas').boundingBox()) as ScreenRect
      const firstLine = page.locator(`.tl-shape[data-shape-id="${shapeId}"] p`).first()
      // Once the camera has settled: the instruction inside the canvas, at least 10 px high. On the
      // desktop each line is (the heading "Consigne", as a zone title is about 15 px); on a phone,
      // "show everything" frames a board four times wider than the screen, so only the block is.
      const least = (block: ScreenRect, line: ScreenRect) =>
        device === 'desktop' ? line.height : block.height
      const drawn = await eventually(async () => {
        const block = await drawnShape(page, shapeId)
        const line = await firstLine.boundingBox()
        return block && line && inside(view, block) && least(block, line) >= 10 ? { block, line } : null
      }, 'the instruction drawn inside the canvas, at least 10 px high')
      expect(least(drawn.block, drawn.line)).toBeGreaterThanOrEqual(10)
      await screenshot(page, `templates-${device}-09-built-in`, { fullPage: false })
      expect(watch.problems).toEqual([])
    }, 120_000)
  },
)
