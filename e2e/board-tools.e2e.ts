import { readFile } from 'node:fs/promises'
import { join as joinPath } from 'node:path'
import type { Cookie, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../scripts/client-build.ts'
import { boardGeometry, cameraAtRest, type Device, drawnShape, inside, screenshot } from './support/index.ts'
import { browserRun, eventually } from './support/run.ts'

/**
 * Tools made for a workshop (issue 11), in real Chromium against the real server: the toolbar each role
 * gets (by the buttons' accessible names and tool ids), no sticky note nor drawing for participants,
 * not even by their keyboard shortcuts; the facilitator's annotations reaching another screen; a
 * cluster created with the Groupe tool and renamed in place; a zone renamed and one added; undo and redo
 * of one's own move. On a 1400×900 laptop and a 390×844 phone. Screenshots: e2e/artifacts/tools-NN-*.png.
 */

const run = browserRun()
type Role = 'facilitator' | 'participant' | 'observer'
const cookies: Partial<Record<Role, Cookie[]>> = {}
let boardId = ''

interface Screen {
  page: Page
  watch: { problems: string[] }
}

async function openBoard(role: Role, device: Device): Promise<Screen> {
  const { page, watch } = await run.person({ device, cookies: cookies[role]! })
  await page.goto(`/tableau/${boardId}`)
  await page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
  await page.locator('.tl-shape[data-shape-type="zone"]').first().waitFor({ state: 'attached' })
  await cameraAtRest(page)
  return { page, watch }
}

/** Runs `code` with `editor` (the page's tldraw editor) in scope. */
function inEditor<T>(page: Page, code: string): Promise<T> {
  return page.evaluate((source) => {
    const editor = (window as any).kenlabourEditor
    const result = new Function('editor', `return (${source})`)(editor)
    // Editor methods that chain return the editor itself, which cannot be sent back.
    return result === editor ? null : result
  }, code) as Promise<T>
}

/**
 * What lies above the zones: the shapes whose index is below a zone's (they would be drawn under its
 * tinted fill in an export), and the cards that something else covers at their centre on screen.
 */
async function underZones(page: Page): Promise<{ indexBelowAZone: string[]; coveredCards: string[] }> {
  const indexBelowAZone = await inEditor<string[]>(
    page,
    `(() => {
      const top = editor.getSortedChildIdsForParent(editor.getCurrentPageId()).map((id) => editor.getShape(id))
      const zones = top.filter((s) => s.type === 'zone').map((s) => s.index)
      const highest = zones.sort().at(-1)
      return top.filter((s) => s.type !== 'zone' && highest && s.index < highest).map((s) => s.type + ' ' + s.id)
    })()`,
  )
  const coveredCards = await page.evaluate(() =>
    [...document.querySelectorAll('.kb-idea')].flatMap((card) => {
      const r = card.getBoundingClientRect()
      const x = r.x + r.width / 2
      const y = r.y + r.height / 2
      if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return []
      const top = document.elementFromPoint(x, y)
      return top && !top.closest('.tl-shape[data-shape-type="zone"]') ? [] : [card.textContent ?? '']
    }),
  )
  return { indexBelowAZone, coveredCards }
}

/** How many shapes of each type the page's board holds. */
function shapeCounts(page: Page): Promise<Record<string, number>> {
  return inEditor(
    page,
    `editor.getCurrentPageShapes().reduce((n, s) => (n[s.type] = (n[s.type] ?? 0) + 1, n), {})`,
  )
}

/** The toolbar's tool buttons: tool id (data-value) and accessible name. */
function toolbarButtons(page: Page): Promise<{ tool: string; name: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.tlui-main-toolbar button[data-value]')].map((button) => ({
      tool: button.getAttribute('data-value') ?? '',
      name: button.getAttribute('aria-label') ?? button.getAttribute('title') ?? button.textContent ?? '',
    })),
  )
}

/** Where the shape with this id is drawn, on screen. */
beforeAll(async () => {
  const example = JSON.parse(
    await readFile(joinPath(repoRoot, 'server', 'demo', 'contract-example.json'), 'utf8'),
  )
  const facilitator = (await run.person()).context
  await run.api(facilitator, 'POST', '/api/auth/signup', {
    email: `outils-${Date.now()}@example.fr`,
    password: 'correct horse battery',
    displayName: 'Anne Animatrice',
  })
  const contract = await run.api<{ id: string }>(facilitator, 'POST', '/api/contracts', {
    title: example.title,
    territory: example.territory,
    period: example.period,
    priorities: example.priorities,
  })
  const workshop = await run.api<{ boardId: string; joinCode: string; observerCode: string }>(
    facilitator,
    'POST',
    '/api/workshops',
    {
      title: 'Atelier outils',
      contractId: contract.id,
      priorityCodes: ['P1', 'P2'],
      zones: [
        { priorityCode: 'P1', actionCode: '1.1' },
        { priorityCode: 'P2', actionCode: '2.1' },
      ],
    },
  )
  boardId = workshop.boardId
  cookies.facilitator = await facilitator.cookies()
  const join = async (code: string, displayName: string) => {
    const { context } = await run.person()
    await run.api(context, 'POST', '/api/join', { code, displayName })
    return (await context.cookies()) as Cookie[]
  }
  cookies.participant = await join(workshop.joinCode, 'Paul Participant')
  cookies.observer = await join(workshop.observerCode, 'Olga Observatrice')
})

const DEVICES: { device: Device; name: string }[] = [
  { device: 'wide', name: '1400x900' },
  { device: 'phone', name: '390x844' },
]

describe.each(DEVICES)('tools at $name', ({ device, name }) => {
  it('a participant has select, hand and Idée, no sticky note; shortcuts make nothing refused; the Idée tool places a card', async () => {
    const { page, watch } = await openBoard('participant', device)
    const buttons = await toolbarButtons(page)
    expect(buttons.map((b) => b.tool)).toEqual(['select', 'hand', 'kenlabour-idea'])
    expect(buttons.find((b) => b.tool === 'kenlabour-idea')?.name).toMatch(/^Idée/)
    for (const b of buttons) expect(b.name).not.toMatch(/note|pense|draw|dessin/i)
    // Every toolbar button is drawn on screen, at a tappable size.
    const g = await boardGeometry(page)
    for (const b of buttons) {
      const box = (await page.locator(`.tlui-main-toolbar button[data-value="${b.tool}"]`).boundingBox())!
      expect(inside({ x: 0, y: 0, ...g.viewport }, box), b.tool).toBe(true)
      expect(box.width, b.tool).toBeGreaterThanOrEqual(32)
      expect(box.height, b.tool).toBeGreaterThanOrEqual(32)
    }

    // tldraw's shortcuts of removed tools: draw, rectangle, arrow, text, eraser, frame, line, sticky note.
    const before = await shapeCounts(page)
    await inEditor(page, `editor.selectNone()`)
    const canvas = (await page.locator('.tl-canvas').boundingBox())!
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2)
    for (const key of ['d', 'r', 'a', 't', 'f', 'l', 'e', 'o', 'x']) {
      await page.keyboard.press(key)
      await page.mouse.move(canvas.x + canvas.width / 2 - 40, canvas.y + canvas.height / 2 - 40)
      await page.mouse.down()
      await page.mouse.move(canvas.x + canvas.width / 2 + 40, canvas.y + canvas.height / 2 + 40, { steps: 4 })
      await page.mouse.up()
      expect(await inEditor<string>(page, `editor.getCurrentToolId()`), key).toMatch(/^(select|hand)$/)
    }
    // N is the board's new idea (an idea card, never a sticky note).
    await page.keyboard.press('n')
    await page.locator('textarea.kb-idea-input').waitFor()
    await page.keyboard.press('Escape')
    const after = await shapeCounts(page)
    for (const type of ['note', 'draw', 'geo', 'arrow', 'text', 'frame', 'line', 'highlight'])
      expect(after[type] ?? 0, type).toBe(0)
    expect(after.idea ?? 0).toBe((before.idea ?? 0) + 1)

    // The Idée tool: a tap on the canvas puts a card there, on screen, at a readable size.
    await page.locator('.tlui-main-toolbar button[data-value="kenlabour-idea"]').click()
    expect(await inEditor<string>(page, `editor.getCurrentToolId()`)).toBe('kenlabour-idea')
    const spot = { x: canvas.x + canvas.width * 0.3, y: canvas.y + canvas.height * 0.6 }
    await page.mouse.click(spot.x, spot.y)
    const input = page.locator('textarea.kb-idea-input')
    await input.waitFor()
    await input.fill(`Idée posée à l’outil ${name}`)
    await page.keyboard.press('Escape')
    const id = await inEditor<string>(
      page,
      `editor.getCurrentPageShapes().find(s => s.type === 'idea' && s.props.text.startsWith('Idée posée')).id`,
    )
    const card = (await drawnShape(page, id))!
    expect(inside(g.canvas, card)).toBe(true)
    expect(card.x).toBeLessThanOrEqual(spot.x)
    expect(card.x + card.width).toBeGreaterThanOrEqual(spot.x)
    // The phone opens on a zone at a small zoom: a card is about 50 px wide there.
    expect(card.width).toBeGreaterThanOrEqual(40)
    expect(await inEditor<string>(page, `editor.getCurrentToolId()`)).toBe('select')
    // Nothing selected: no style panel over the board.
    await inEditor(page, `editor.selectNone()`)
    expect(await page.locator('.tlui-style-panel').count()).toBe(0)
    await screenshot(page, `tools-0${device === 'wide' ? 1 : 2}-participant-${name}`, { fullPage: false })
    await inEditor(page, `editor.deleteShapes([${JSON.stringify(id)}])`)
    expect(watch.problems).toEqual([])
  })
})

describe('tools of the other roles, clusters, zones, undo (1400×900)', () => {
  it('an observer has select and hand only', async () => {
    const { page, watch } = await openBoard('observer', 'wide')
    expect((await toolbarButtons(page)).map((b) => b.tool)).toEqual(['select', 'hand'])
    expect(watch.problems).toEqual([])
  })

  it('the facilitator draws a rectangle and an arrow and types a text; the participant sees them', async () => {
    const anne = await openBoard('facilitator', 'wide')
    const paul = await openBoard('participant', 'wide')
    const tools = (await toolbarButtons(anne.page)).map((b) => b.tool)
    for (const tool of ['select', 'hand', 'kenlabour-idea', 'kenlabour-cluster', 'text', 'arrow', 'frame'])
      expect(tools).toContain(tool)
    for (const tool of ['rectangle', 'line', 'draw', 'highlight', 'asset']) expect(tools).toContain(tool)
    for (const tool of ['note', 'embed', 'bookmark', 'video']) expect(tools).not.toContain(tool)

    const page = anne.page
    await inEditor(page, `editor.selectNone()`)
    const c = (await page.locator('.tl-canvas').boundingBox())!
    const drag = async (tool: string, from: [number, number], to: [number, number]) => {
      await page.locator(`.tlui-main-toolbar button[data-value="${tool}"]`).click()
      await page.mouse.move(c.x + from[0], c.y + from[1])
      await page.mouse.down()
      await page.mouse.move(c.x + to[0], c.y + to[1], { steps: 8 })
      await page.mouse.up()
    }
    await drag('rectangle', [200, 560], [360, 660])
    // Something is selected: the style panel shows.
    await page.locator('.tlui-style-panel').waitFor()
    await page.keyboard.press('Escape')
    await drag('arrow', [380, 610], [520, 610])
    await page.keyboard.press('Escape')
    await page.locator('.tlui-main-toolbar button[data-value="text"]').click()
    await page.mouse.click(c.x + 560, c.y + 600)
    // Type once the new text's field has the focus (typed earlier, the first keys land elsewhere).
    await expect.poll(() => inEditor<string | null>(page, 'editor.getEditingShapeId()')).not.toBeNull()
    await expect
      .poll(() =>
        page.evaluate(() => (document.activeElement as HTMLElement | null)?.isContentEditable === true),
      )
      .toBe(true)
    await page.keyboard.type('Synthèse demain', { delay: 20 })
    await page.keyboard.press('Escape')
    await inEditor(page, `editor.selectNone()`)
    await eventually(async () => (await page.locator('.tlui-style-panel').count()) === 0, 'the panel gone')

    const onPaul = await eventually(async () => {
      const n = await shapeCounts(paul.page)
      return (n.geo ?? 0) >= 1 && (n.arrow ?? 0) >= 1 && (n.text ?? 0) >= 1 ? n : null
    }, 'the annotations on the participant’s screen')
    expect(onPaul.geo).toBe(1)
    const geo = await inEditor<{ w: number; h: number }>(
      paul.page,
      `editor.getCurrentPageShapes().find(s => s.type === 'geo').props`,
    )
    // Drawn 160 × 100 px at the facilitator's zoom: the page size is that divided by the zoom.
    const zoom = await inEditor<number>(page, `editor.getZoomLevel()`)
    expect(geo.w * zoom).toBeCloseTo(160, -1)
    expect(geo.h * zoom).toBeCloseTo(100, -1)
    expect(
      await inEditor<string>(
        paul.page,
        `editor.getCurrentPageShapes().filter(s => s.type === 'text').map(s => editor.getShapeUtil(s).getText?.(s) ?? '').join('|')`,
      ),
    ).toContain('Synthèse demain')
    const rect = (await drawnShape(
      page,
      await inEditor<string>(page, `editor.getCurrentPageShapes().find(s => s.type === 'geo').id`),
    ))!
    expect(inside((await boardGeometry(page)).canvas, rect)).toBe(true)
    await screenshot(page, 'tools-03-facilitator-annotations', { fullPage: false })
    expect(anne.watch.problems).toEqual([])
    expect(paul.watch.problems).toEqual([])
  })

  it('clustering: the participant makes a cluster with Groupe, names it in place, renames it; the facilitator sees it', async () => {
    const anne = await openBoard('facilitator', 'wide')
    const paul = await openBoard('participant', 'wide')
    await anne.page.getByRole('button', { name: 'Passer à l’étape Regroupement' }).click()
    await paul.page.locator('[data-testid="phase"] strong', { hasText: 'Regroupement' }).waitFor()
    await paul.page.locator('.tlui-main-toolbar button[data-value="kenlabour-cluster"]').waitFor()
    expect((await toolbarButtons(paul.page)).map((b) => b.tool)).toEqual([
      'select',
      'hand',
      'kenlabour-idea',
      'kenlabour-cluster',
    ])
    await inEditor(paul.page, `editor.selectNone()`)
    await paul.page.locator('.tlui-main-toolbar button[data-value="kenlabour-cluster"]').click()
    const name = paul.page.getByRole('textbox', { name: 'Nom du groupe' })
    await name.waitFor()
    // The field has the focus: typing names the cluster.
    await paul.page.keyboard.type('Mobilité')
    await paul.page.keyboard.press('Enter')
    await anne.page.locator('.kb-cluster', { hasText: 'Mobilité' }).waitFor()
    // Escape gives up a rename.
    await paul.page.getByRole('button', { name: 'Renommer le groupe « Mobilité »' }).click()
    await name.fill('Rien')
    await name.press('Escape')
    await paul.page.locator('.kb-cluster', { hasText: 'Mobilité' }).waitFor()
    // Keyboard only: the rename button, then Enter.
    await paul.page.getByRole('button', { name: 'Renommer le groupe « Mobilité »' }).focus()
    await paul.page.keyboard.press('Enter')
    await name.fill('Mobilité douce')
    await name.press('Enter')
    await eventually(
      async () => (await anne.page.locator('.kb-cluster', { hasText: 'Mobilité douce' }).count()) === 1,
      'the rename on the facilitator’s screen',
    )
    expect(await anne.page.locator('.kb-cluster', { hasText: 'Rien' }).count()).toBe(0)
    const cluster = (await paul.page.locator('.kb-cluster', { hasText: 'Mobilité douce' }).boundingBox())!
    expect(inside((await boardGeometry(paul.page)).canvas, cluster)).toBe(true)
    // The name is read on screen at 12 px or more at whatever zoom the board opened on.
    const nameOnScreen = await paul.page
      .locator('.kb-cluster', { hasText: 'Mobilité douce' })
      .locator('.kb-cluster-name')
      .evaluate((el) => {
        const scale = el.getBoundingClientRect().height / (el as HTMLElement).offsetHeight
        return Number.parseFloat(getComputedStyle(el).fontSize) * scale
      })
    expect(nameOnScreen).toBeGreaterThanOrEqual(12)
    // The cluster and its cards lie over the zones, in the document (exports) and on screen.
    expect(await underZones(paul.page)).toEqual({ indexBelowAZone: [], coveredCards: [] })
    await screenshot(paul.page, 'tools-04-cluster-renamed', { fullPage: false })
    expect(anne.watch.problems).toEqual([])
    expect(paul.watch.problems).toEqual([])
  })

  it('the facilitator renames a zone and adds one; the participant sees both', async () => {
    const anne = await openBoard('facilitator', 'wide')
    const paul = await openBoard('participant', 'wide')
    const zoneTitle = await inEditor<string>(
      anne.page,
      `editor.getCurrentPageShapes().find(s => s.type === 'zone').props.title`,
    )
    // In place: the labelled button beside the zone's title opens its field; Escape gives up.
    const zonesBefore = await inEditor<number>(
      paul.page,
      `editor.getCurrentPageShapes().filter(s => s.type === 'zone').length`,
    )
    const renameButton = anne.page.getByRole('button', { name: `Renommer la zone « ${zoneTitle} »` })
    const field = anne.page.getByRole('textbox', { name: 'Titre de la zone', exact: true })
    await renameButton.click()
    await field.fill('Rien du tout')
    await field.press('Escape')
    expect(await field.count()).toBe(0)
    await renameButton.click()
    await field.fill('Se déplacer sans voiture')
    await field.press('Enter')
    await anne.page.locator('.kb-zone-title', { hasText: 'Se déplacer sans voiture' }).waitFor()
    // A zone for another fiche-action, added beside the others.
    await anne.page.getByRole('combobox', { name: 'Nouvelle zone pour' }).selectOption('P2/2.2')
    await anne.page.getByRole('button', { name: 'Ajouter la zone' }).click()
    await eventually(async () => {
      const titles = await inEditor<string[]>(
        paul.page,
        `editor.getCurrentPageShapes().filter(s => s.type === 'zone').map(s => s.props.title)`,
      )
      return titles.includes('Se déplacer sans voiture') && titles.length === zonesBefore + 1
    }, 'the renamed and the new zone on the participant’s screen')
    // The new zone goes under every card and cluster already there.
    expect(await underZones(anne.page)).toEqual({ indexBelowAZone: [], coveredCards: [] })
    await screenshot(anne.page, 'tools-05-zone-added', { fullPage: false })
    expect(anne.watch.problems).toEqual([])
    expect(paul.watch.problems).toEqual([])
  })
  // Undo and redo: e2e/board.e2e.ts ('undoes and redoes one’s own move with the keyboard…').
})
