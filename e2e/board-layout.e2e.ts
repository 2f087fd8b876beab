import { readFile } from 'node:fs/promises'
import { join as joinPath } from 'node:path'
import type { BrowserContext, Cookie, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../scripts/client-build.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import {
  boardGeometry,
  camera,
  cameraAtRest,
  canvasMeasured,
  type Device,
  drawnCard,
  drawnShape,
  drawnZones,
  inside,
  lowContrastTexts,
  overlap,
  type ScreenRect,
  screenshot,
} from './support/index.ts'
import { browserRun, eventually } from './support/run.ts'

/**
 * The board as people see it (issue 11, "Layout and camera"), measured in what Chromium draws: for a
 * facilitator, a participant and an observer on a 1400×900 laptop, a tablet held both ways and a phone,
 * the canvas fills the space under the header, the header stays one bar, the zones of a board of eight
 * open whole and with titles at least 12 px high (on the phone: the first zones, legible), another
 * participant's new idea is on screen or announced within 2 s, and a drawer never leaves the canvas
 * less than two thirds of the screen. Then the camera: it never jumps on its own, "show everything" and
 * "my zone" frame what they say; and where a guest lands after joining. Screenshots:
 * e2e/artifacts/board-layout-<role>-<size>*.png.
 */

const run = browserRun()

type Role = 'facilitator' | 'participant' | 'observer'
const ROLES: Role[] = ['facilitator', 'participant', 'observer']
const SIZES: { device: Device; name: string }[] = [
  { device: 'wide', name: '1400x900' },
  { device: 'tablet', name: '1024x768' },
  { device: 'tabletPortrait', name: '768x1024' },
  { device: 'phone', name: '390x844' },
]

/** The session cookies of each role: every screen of a role is the same person on another device. */
const cookies: Partial<Record<Role, Cookie[]>> = {}
let boardId = ''
let joinCode = ''
let zoneTitles: string[] = []

/** A participant who is not on any screen: posts ideas over HTTP, as the phone page does. */
let poster: BrowserContext

/** The demo's contract (3 priorities, 3 actions each) and a workshop of eight zones drawn from it. */
const ZONES = {
  priorityCodes: ['P1', 'P2', 'P3'],
  zones: [
    { priorityCode: 'P1', actionCode: '1.1' },
    { priorityCode: 'P1', actionCode: '1.2' },
    { priorityCode: 'P2', actionCode: '2.1' },
    { priorityCode: 'P2', actionCode: '2.3' },
    { priorityCode: 'P3', actionCode: '3.1' },
  ],
}

const api = run.api

interface Screen {
  context: BrowserContext
  page: Page
  watch: { problems: string[] }
}

/** Opens the board as `role` on `device`, and waits until the first view is settled. */
async function openBoard(role: Role, device: Device): Promise<Screen> {
  const { context, page, watch } = await run.person({ device, cookies: cookies[role]! })
  await page.goto(`/tableau/${boardId}`)
  await page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
  await page.locator('.tl-shape[data-shape-type="zone"]').first().waitFor()
  await settled(page)
  return { context, page, watch }
}

/** The camera at rest (the opening framing, or the move asked for, done). */
const settled = cameraAtRest

/** The rectangles of the interface drawn over the canvas: nothing to read may hide under them. */
function overlays(page: Page): Promise<{ what: string; rect: ScreenRect }[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        // tldraw's style panel too: issue 11 wants it only while something is selected.
        '.tlui-menu-zone, .tlui-main-toolbar__inner, .tlui-navigation-panel, .tlui-style-panel, .kb-camera, .kb-notice, .kb-follow, .kb-statusline',
      ),
    ]
      .map((element) => {
        const r = element.getBoundingClientRect()
        return { what: element.className, rect: { x: r.x, y: r.y, width: r.width, height: r.height } }
      })
      .filter(({ rect }) => rect.width > 0 && rect.height > 0),
  )
}

/** Opens a drawer by its toggle (in the header, or in the menu on a phone). */
async function openDrawer(page: Page, panel: 'people' | 'facilitator') {
  const toggle = page.locator(`[data-drawer-toggle="${panel}"]`)
  if (!(await toggle.isVisible())) await page.locator('#kb-menu-button').click()
  await toggle.click()
  await page.locator('.kb-drawer').waitFor()
}

/** The page reaches the board's canvas: ready, the camera at rest, the canvas filling the screen. */
async function expectOnCanvas(page: Page) {
  await page.waitForURL(`**/tableau/${boardId}`)
  await page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
  await settled(page)
  await expectCanvasFills(page)
}

/** The canvas fills what the header and the drawer leave, and keeps two thirds of the screen or more. */
async function expectCanvasFills(page: Page) {
  const g = await boardGeometry(page)
  const { width, height } = g.viewport
  // The header: at the top, full width, one bar (no item wraps out of it), no taller than 56 px.
  expect(g.header.y).toBe(0)
  expect(g.header.width).toBeCloseTo(width, 0)
  expect(g.header.height).toBeLessThanOrEqual(56)
  expect(g.headerOverflow).toEqual([])
  // Nothing overflows the page: no scrollbar, no part of the board below the fold.
  expect(g.scroll.width).toBeLessThanOrEqual(width)
  expect(g.scroll.height).toBeLessThanOrEqual(height)
  // The canvas starts under the header and reaches the bottom (or the sheet) and the sides (or the drawer).
  expect(g.canvas.y).toBeCloseTo(g.header.y + g.header.height, 0)
  expect(g.canvas.x).toBe(0)
  if (!g.drawer) {
    expect(g.canvas.width).toBeCloseTo(width, 0)
    expect(g.canvas.y + g.canvas.height).toBeCloseTo(height, 0)
  } else if (g.drawer.y > g.canvas.y + 1) {
    // A bottom sheet under the canvas.
    expect(g.canvas.width).toBeCloseTo(width, 0)
    expect(g.canvas.y + g.canvas.height).toBeCloseTo(g.drawer.y, 0)
    expect(g.drawer.y + g.drawer.height).toBeCloseTo(height, 0)
    expect(g.canvas.height).toBeGreaterThanOrEqual((2 / 3) * height - 1)
  } else {
    // A drawer beside the canvas.
    expect(g.canvas.x + g.canvas.width).toBeCloseTo(g.drawer.x, 0)
    expect(g.drawer.x + g.drawer.width).toBeCloseTo(width, 0)
    expect(g.canvas.y + g.canvas.height).toBeCloseTo(height, 0)
    expect(g.canvas.width).toBeGreaterThanOrEqual((2 / 3) * width - 1)
  }
  // tldraw draws over the whole canvas area.
  expect(g.drawing).toEqual(g.canvas)
  // One main landmark: the page's frame gives it; the board nests no other.
  expect(await page.locator('main').count()).toBe(1)
  return g
}

beforeAll(async () => {
  const example = JSON.parse(
    await readFile(joinPath(repoRoot, 'server', 'demo', 'contract-example.json'), 'utf8'),
  )

  const facilitator = (await run.person()).context
  await api(facilitator, 'POST', '/api/auth/signup', {
    email: `animation-${Date.now()}@example.fr`,
    password: 'correct horse battery',
    displayName: 'Anne Animatrice',
  })
  const contract = await api<{ id: string }>(facilitator, 'POST', '/api/contracts', {
    title: example.title,
    territory: example.territory,
    period: example.period,
    priorities: example.priorities,
  })
  const workshop = await api<{ boardId: string; joinCode: string; observerCode: string }>(
    facilitator,
    'POST',
    '/api/workshops',
    { title: 'Atelier attractivité et services du territoire', contractId: contract.id, ...ZONES },
  )
  boardId = workshop.boardId
  joinCode = workshop.joinCode
  cookies.facilitator = await facilitator.cookies()

  const join = async (code: string, displayName: string) => {
    const { context } = await run.person()
    await api(context, 'POST', '/api/join', { code, displayName })
    return context
  }
  cookies.participant = await (await join(workshop.joinCode, 'Paul Participant')).cookies()
  cookies.observer = await (await join(workshop.observerCode, 'Olga Observatrice')).cookies()
  poster = await join(workshop.joinCode, 'Léa Lointaine')

  const ideas = await api<{ zones: { title: string }[] }>(poster, 'GET', `/api/boards/${boardId}/ideas`)
  zoneTitles = ideas.zones.map((zone) => zone.title)
  expect(zoneTitles).toHaveLength(8)
})

/** A zone for each role's new idea, so each screen has news from a zone of its own. */
const ideaZone: Record<Role, { priorityCode: string; actionCode: string }> = {
  facilitator: { priorityCode: 'P1', actionCode: '1.1' },
  participant: { priorityCode: 'P2', actionCode: '2.3' },
  observer: { priorityCode: 'P3', actionCode: '3.1' },
}

describe.each(SIZES)('the board at $name', ({ device, name }) => {
  it.each(ROLES)(
    '%s: the canvas fills the screen, the zones open framed and legible, a new idea shows or is announced',
    async (role) => {
      const { context, page, watch } = await openBoard(role, device)
      const g = await expectCanvasFills(page)
      // A facilitator on a laptop finds the panel open beside the canvas; elsewhere it starts closed.
      expect(g.drawer !== null).toBe(role === 'facilitator' && device === 'wide')

      // The zones: all eight framed (the phone: the first ones, at a legible zoom), titles ≥ 12 px high.
      const zones = await drawnZones(page, zoneTitles)
      const shown = zones.filter((zone) => overlap(g.canvas, zone.titleBox))
      if (device === 'phone') {
        // Eight zones do not fit legibly on a phone: it opens on one zone, whole.
        expect(shown.length).toBeGreaterThanOrEqual(1)
        expect(zones.filter((zone) => inside(g.canvas, zone.zone)).length).toBeGreaterThanOrEqual(1)
      } else {
        expect(zones.map((zone) => zone.title).sort()).toEqual([...zoneTitles].sort())
        for (const zone of zones) expect(inside(g.canvas, zone.zone), zone.title).toBe(true)
      }
      const ui = await overlays(page)
      for (const zone of shown) {
        expect(zone.titleLines.length, zone.title).toBeGreaterThan(0)
        for (const line of zone.titleLines) expect(line.height, zone.title).toBeGreaterThanOrEqual(12)
        // At least the start of the title shows: the ellipsis leaves readable words.
        expect(zone.titleBox.width, zone.title).toBeGreaterThan(80)
        if (device !== 'phone') expect(inside(g.canvas, zone.titleBox), zone.title).toBe(true)
        // No menu, toolbar or message of the page lies over a title.
        for (const { what, rect } of ui)
          expect(overlap(rect, zone.titleBox), `${zone.title} under ${what}`).toBe(false)
      }
      await screenshot(page, `board-layout-${role}-${name}`, { fullPage: false })
      expect(await lowContrastTexts(page)).toEqual([])

      // Another participant posts an idea over HTTP: within 2 s it is drawn legibly on this screen, or
      // announced with the name of its zone.
      const text = `Idée pour ${role} en ${name} ${Date.now() % 100_000}`
      const posted = await api<{ id: string }>(poster, 'POST', `/api/boards/${boardId}/ideas`, {
        text,
        ...ideaZone[role],
      })
      const since = Date.now()
      const zoneTitle = zoneTitles.find((t) => t.startsWith(`${ideaZone[role].actionCode} `))!
      const outcome = await eventually(
        async () => {
          const card = await drawnCard(page, text)
          const canvas = (await boardGeometry(page)).canvas
          if (card && inside(canvas, card.card) && card.textLines.every((line) => line.height >= 12))
            return 'shown' as const
          const notice = page.locator('[data-testid="new-idea-notice"]', { hasText: zoneTitle })
          return (await notice.isVisible()) ? ('announced' as const) : null
        },
        `the new idea shown or announced on the ${role}'s ${name} screen`,
        2000,
      )
      expect(Date.now() - since).toBeLessThanOrEqual(2000)
      if (outcome === 'announced') {
        if (role === 'participant')
          await screenshot(page, `board-layout-${role}-${name}-new-idea`, { fullPage: false })
        expect(await lowContrastTexts(page)).toEqual([])
        // "Show" goes there: the card is on screen, its text at least 12 px high.
        await page.getByRole('button', { name: `Voir la nouvelle idée dans ${zoneTitle}` }).click()
        await eventually(async () => {
          const card = await drawnCard(page, text)
          const canvas = (await boardGeometry(page)).canvas
          return !!card && inside(canvas, card.card) && card.textLines.every((line) => line.height >= 12)
        }, 'the announced idea on screen, legible')
        expect(await page.locator('[data-testid="new-idea-notice"]', { hasText: zoneTitle }).count()).toBe(0)
        if (role === 'participant' && device === 'phone')
          await screenshot(page, `board-layout-${role}-${name}-went-to-idea`, { fullPage: false })
      }
      expect(posted.id).toMatch(/^shape:/)

      // On a phone every action is in the header's menu: it opens over the canvas, and Escape closes it.
      if (device === 'phone') {
        await page.locator('#kb-menu-button').click()
        await page.locator('.kb-more-body').waitFor()
        const menu = (await page.locator('.kb-more-body').boundingBox())!
        const viewport = page.viewportSize()!
        expect(inside({ x: 0, y: 0, ...viewport }, menu)).toBe(true)
        await screenshot(page, `board-layout-${role}-${name}-menu`, { fullPage: false })
        expect(formatViolations(await axeViolations(page))).toEqual([])
        await page.keyboard.press('Escape')
        await page.locator('.kb-more-body').waitFor({ state: 'hidden' })
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('kb-menu-button')
      }

      // The panels: each one leaves the canvas two thirds of the screen or more.
      await openDrawer(page, 'people')
      await page.locator('.kb-drawer .kb-people').waitFor()
      await expectCanvasFills(page)
      if (role !== 'facilitator' && (device === 'phone' || device === 'tabletPortrait'))
        await screenshot(page, `board-layout-${role}-${name}-people`, { fullPage: false })
      if (role === 'facilitator') {
        await openDrawer(page, 'facilitator')
        await page.locator('.kb-drawer .kb-facilitator').waitFor()
        await expectCanvasFills(page)
        if (device !== 'wide')
          await screenshot(page, `board-layout-${role}-${name}-panel`, { fullPage: false })
      }
      expect(await lowContrastTexts(page)).toEqual([])
      expect(formatViolations(await axeViolations(page))).toEqual([])
      // Escape closes the drawer and gives the canvas back its whole width.
      await page.locator('.kb-drawer').focus()
      await page.keyboard.press('Escape')
      await page.locator('.kb-drawer').waitFor({ state: 'detached' })
      await expectCanvasFills(page)
      expect(watch.problems).toEqual([])
      await context.close()
    },
  )
})

describe('the camera', () => {
  it('never moves by itself once the person is working: not for a new idea, a resize or a panel', async () => {
    const { context, page, watch } = await openBoard('participant', 'wide')
    // The person pans with the wheel: from now on the view is theirs.
    const { canvas } = await boardGeometry(page)
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2)
    await page.mouse.wheel(0, 250)
    await settled(page)
    const before = await camera(page)

    // Someone's idea out of view is announced; the view stays.
    const text = `Idée hors de la vue ${Date.now() % 100_000}`
    await api(poster, 'POST', `/api/boards/${boardId}/ideas`, { text, priorityCode: 'P1', actionCode: '1.2' })
    await page.locator('[data-testid="new-idea-notice"]').first().waitFor({ timeout: 2000 })
    await settled(page)
    expect(await camera(page)).toEqual(before)

    // The window changes size (a tablet turned, a projector plugged in): the view keeps its place, once
    // tldraw has measured the new canvas.
    await page.setViewportSize({ width: 1300, height: 820 })
    await canvasMeasured(page)
    await settled(page)
    expect(await camera(page)).toEqual(before)
    await page.setViewportSize({ width: 1400, height: 900 })
    await openDrawer(page, 'people')
    await canvasMeasured(page)
    await settled(page)
    expect(await camera(page)).toEqual(before)
    await page.getByRole('button', { name: 'Fermer le panneau' }).click()
    await page.locator('.kb-drawer').waitFor({ state: 'detached' })
    // The focus goes back to the toggle that opened the panel.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-drawer-toggle'))).toBe(
      'people',
    )
    expect(await camera(page)).toEqual(before)
    expect(watch.problems).toEqual([])
    await context.close()
  })

  it('opens on the zones, not on a stray card; "show everything" shows it too', async () => {
    // An idea posted without a zone lands in the loose area, outside every zone.
    const text = `Idée sans zone ${Date.now() % 100_000}`
    const posted = await api<{ id: string }>(poster, 'POST', `/api/boards/${boardId}/ideas`, { text })
    const { context, page, watch } = await openBoard('participant', 'wide')
    const canvas = (await boardGeometry(page)).canvas
    const zones = await drawnZones(page, zoneTitles)
    expect(zones).toHaveLength(8)
    for (const zone of zones) expect(inside(canvas, zone.zone), zone.title).toBe(true)
    // The zones fill the view: the stray card did not shrink them (their union spans most of a side).
    const left = Math.min(...zones.map((z) => z.zone.x))
    const right = Math.max(...zones.map((z) => z.zone.x + z.zone.width))
    const top = Math.min(...zones.map((z) => z.zone.y))
    const bottom = Math.max(...zones.map((z) => z.zone.y + z.zone.height))
    expect(Math.max((right - left) / canvas.width, (bottom - top) / canvas.height)).toBeGreaterThan(0.75)

    await page.getByRole('button', { name: 'Tout voir' }).click()
    await settled(page)
    // Found by its id: zoomed this far out, a card may be a coloured block without its text.
    const card = await drawnShape(page, posted.id)
    expect(card).not.toBeNull()
    expect(inside(canvas, card!)).toBe(true)
    for (const zone of await drawnZones(page, zoneTitles))
      expect(inside(canvas, zone.zone), zone.title).toBe(true)
    await screenshot(page, 'board-layout-participant-1400x900-show-everything', { fullPage: false })
    expect(watch.problems).toEqual([])
    await context.close()
  })

  it('"my zone" frames the zone of my ideas, then the zone I last worked in', async () => {
    const { context, page, watch } = await openBoard('participant', 'wide')
    expect(await page.locator('[data-testid="back-to-my-zone"]').count()).toBe(0)
    // My idea, posted from my phone: its zone becomes mine.
    const p3 = zoneTitles.find((t) => t.startsWith('P3 '))!
    await api(context, 'POST', `/api/boards/${boardId}/ideas`, {
      text: 'Mon idée pour P3',
      priorityCode: 'P3',
    })
    await page.getByRole('button', { name: `Revenir à ma zone : ${p3}` }).click()
    await settled(page)
    const framed = async (title: string) => {
      const canvas = (await boardGeometry(page)).canvas
      const zone = (await drawnZones(page, zoneTitles)).find((z) => z.title === title)
      expect(zone, title).toBeDefined()
      expect(inside(canvas, zone!.zone), title).toBe(true)
      // Framed: the zone spans most of the canvas, its title large.
      expect(Math.max(zone!.zone.width / canvas.width, zone!.zone.height / canvas.height)).toBeGreaterThan(
        0.75,
      )
      for (const line of zone!.titleLines) expect(line.height).toBeGreaterThanOrEqual(20)
    }
    await framed(p3)

    // I move my card into zone 1.2 on the canvas: the zone I last worked in wins over the count.
    const z12 = zoneTitles.find((t) => t.startsWith('1.2 '))!
    await page.evaluate((title) => {
      const editor = (window as any).kenlabourEditor
      const shapes = editor.getCurrentPageShapes()
      const zone = shapes.find((s: any) => s.type === 'zone' && s.props.title === title)
      const idea = shapes.find((s: any) => s.type === 'idea' && s.props.text === 'Mon idée pour P3')
      editor.updateShapes([{ id: idea.id, type: 'idea', x: zone.x + 300, y: zone.y + 400 }])
    }, z12)
    await page.getByRole('button', { name: `Revenir à ma zone : ${z12}` }).click()
    await settled(page)
    await framed(z12)
    await screenshot(page, 'board-layout-participant-1400x900-my-zone', { fullPage: false })
    expect(watch.problems).toEqual([])
    await context.close()
  })
})

describe('where a guest lands after joining', () => {
  async function join(device: Device, name: string) {
    const { context, page, watch } = await run.person({ device })
    await page.goto(`/j/${joinCode}`)
    await page.getByTestId('join-preview').waitFor()
    await page.getByLabel('Votre nom ou pseudonyme').fill(name)
    await page.getByRole('button', { name: 'Rejoindre' }).click()
    return { context, page, watch }
  }

  it('a phone lands on the phone page, whose link opens the canvas, which fills the phone', async () => {
    const { context, page, watch } = await join('phone', 'Inès au téléphone')
    await page.waitForURL(`**/poster/${boardId}`)
    const toCanvas = page.locator(`a[href="/tableau/${boardId}"]`)
    await toCanvas.waitFor()
    await screenshot(page, 'board-layout-participant-390x844-landing', { fullPage: false })
    await toCanvas.click()
    await expectOnCanvas(page)
    expect(watch.problems).toEqual([])
    await context.close()
  })

  it.each([
    ['tablet', 'Tom à la tablette'],
    ['tabletPortrait', 'Tina à la tablette'],
    ['wide', 'Luc au portable'],
  ] as const)('a %s lands on the canvas', async (device, name) => {
    const { context, page, watch } = await join(device, name)
    await expectOnCanvas(page)
    expect(watch.problems).toEqual([])
    await context.close()
  })
})
