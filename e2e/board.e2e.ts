import type { BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cameraAtRest } from './support/camera.ts'
import { signUpWithContract, testContract, uniqueEmail } from './support/council.ts'
import { type RunningServer, screenshot, startServer } from './support/index.ts'
import { browserRun, eventually } from './support/run.ts'

/**
 * The live board in Chromium, against the real server: a facilitator, a participant and an observer on
 * one board (three browser contexts, three sessions), then the phone page. Each step leaves a screenshot
 * in e2e/artifacts/board-NN-*.png. Every request of every page is recorded: none may leave the server's
 * origin (tldraw's fonts, icons and translations come from our own build).
 */

/** Bearer token of the server's /metrics, read by the observer test. */
const METRICS_TOKEN = 'e2e-board-metrics'
const run = browserRun({ KENLABOUR_METRICS_TOKEN: METRICS_TOKEN })
/** The first server, killed by the restart test; its data folder is removed at the end. */
let restartedFrom: RunningServer | undefined
const requests: string[] = []

interface Person {
  context: BrowserContext
  page: Page
  watch: { problems: string[] }
}

let facilitator: Person
let guest: Person
let observer: Person
let boardId = ''
let joinCode = ''
let observerCode = ''

const contract = testContract('Contrat de partenariat (test du tableau)')

async function person(device: 'desktop' | 'phone' = 'desktop'): Promise<Person> {
  const person = await run.person({ device })
  person.context.on('request', (request: Request) => {
    requests.push(request.url())
  })
  return person
}

function api<T>(p: Person, method: string, path: string, data?: unknown): Promise<T> {
  return run.api<T>(p.context, method, path, data)
}

/** Opens the board and waits until the store is bound to the synced document. */
async function openBoard(p: Person) {
  await p.page.goto(`/tableau/${boardId}`)
  await p.page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
  await p.page.locator('.tl-canvas').waitFor()
}

/** Runs code against the page's tldraw editor (exposed as window.kenlabourEditor). */
function inEditor<T>(p: Person, fn: string): Promise<T> {
  return p.page.evaluate(`(() => { const editor = window.kenlabourEditor; ${fn} })()`) as Promise<T>
}

/** Updates the server dropped because their sender may not write (its /metrics). */
async function droppedReadOnly(): Promise<number> {
  const response = await fetch(`${run.server.url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  })
  const name = 'kenlabour_collab_dropped_updates_total{reason="read_only"} '
  const line = (await response.text()).split('\n').find((l) => l.startsWith(name))
  return line ? Number(line.slice(name.length)) : 0
}

async function ideaTexts(p: Person): Promise<string[]> {
  return inEditor<string[]>(
    p,
    `return editor.getCurrentPageShapes().filter(s => s.type === 'idea').map(s => s.props.text)`,
  )
}

beforeAll(async () => {
  facilitator = await person()
  const account = { email: uniqueEmail('animation'), displayName: 'Anne Animatrice' }
  const { contractId } = await signUpWithContract(run, facilitator.context, account, contract)
  const workshop = await api<{ id: string; boardId: string; joinCode: string; observerCode: string }>(
    facilitator,
    'POST',
    '/api/workshops',
    { title: 'Atelier mobilités', contractId },
  )
  boardId = workshop.boardId
  joinCode = workshop.joinCode
  observerCode = workshop.observerCode

  guest = await person()
  await api(guest, 'POST', '/api/join', { code: joinCode, displayName: 'Paul Participant' })
  observer = await person()
  await api(observer, 'POST', '/api/join', { code: observerCode, displayName: 'Olga Observatrice' })
})

afterAll(async () => {
  await restartedFrom?.stop()
})

describe('the live board', () => {
  it('opens for the facilitator, a participant and an observer, in French, with zones per priority', async () => {
    await Promise.all([openBoard(facilitator), openBoard(guest), openBoard(observer)])
    expect(await facilitator.page.locator('[data-testid="phase"] strong').textContent()).toBe('Idéation')
    expect(await facilitator.page.locator('html').getAttribute('lang')).toBe('fr')
    // Only the facilitator has the panel (open beside the canvas on a desktop); the people list with
    // roles is one click away, in the same drawer.
    expect(await facilitator.page.locator('.kb-facilitator').count()).toBe(1)
    expect(await guest.page.locator('.kb-facilitator').count()).toBe(0)
    await facilitator.page.locator('[data-drawer-toggle="people"]').click()
    await facilitator.page.locator('.kb-people li', { hasText: 'Paul Participant' }).waitFor()
    expect(
      await facilitator.page.locator('.kb-people li', { hasText: 'Paul Participant' }).textContent(),
    ).toContain('participant')
    await facilitator.page.locator('[data-drawer-toggle="facilitator"]').click()
    await facilitator.page.locator('.kb-facilitator').waitFor()
    // tldraw's own interface speaks French too (its translation file is served by us).
    await facilitator.page.locator('.tlui-toolbar').first().waitFor()
    const toolbarLabels = await facilitator.page
      .locator('.tlui-toolbar [aria-label], .tlui-toolbar [title]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? n.getAttribute('title')))
    expect(toolbarLabels.join(' ')).toMatch(/Sélection|Main|Dessin/)
    await screenshot(facilitator.page, 'board-01-facilitator-opens', { fullPage: false })
    const zones = await inEditor<string[]>(
      facilitator,
      `return editor.getCurrentPageShapes().filter(s => s.type === 'zone').map(s => s.props.priorityCode).sort()`,
    )
    expect(zones).toEqual(['P1', 'P2'])
  })

  it('a guest adds an idea with N and the others see it', async () => {
    // The board opens zoomed to fit; the guest zooms in on the first zone to write there.
    await inEditor(
      guest,
      `const zone = editor.getCurrentPageShapes().find(s => s.type === 'zone' && s.props.priorityCode === 'P1');
       editor.setCamera({ x: -zone.x + 40, y: -zone.y - 40, z: 1 }, { immediate: true }); return true`,
    )
    const canvas = guest.page.locator('.tl-canvas')
    const box = (await canvas.boundingBox())!
    await guest.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await guest.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await guest.page.keyboard.press('n')
    const input = guest.page.locator('textarea.kb-idea-input')
    await input.waitFor()
    await input.fill('Un service de covoiturage entre les bourgs')
    await screenshot(guest.page, 'board-02-guest-writes-idea', { fullPage: false })
    await guest.page.keyboard.press('Escape')
    await eventually(
      async () => (await ideaTexts(facilitator)).includes('Un service de covoiturage entre les bourgs'),
      'the idea on the facilitator’s board',
    )
    await eventually(
      async () => (await ideaTexts(observer)).includes('Un service de covoiturage entre les bourgs'),
      'the idea on the observer’s board',
    )
    const author = await inEditor<string>(
      facilitator,
      `return editor.getCurrentPageShapes().find(s => s.type === 'idea').props.authorName`,
    )
    expect(author).toBe('Paul Participant')
    await inEditor(
      facilitator,
      `const idea = editor.getCurrentPageShapes().find(s => s.type === 'idea');
       editor.zoomToBounds(editor.getShapePageBounds(idea).clone().expandBy(300), { targetZoom: 1, immediate: true }); return true`,
    )
    await facilitator.page.locator('.kb-idea-text', { hasText: 'covoiturage' }).waitFor()
    await screenshot(facilitator.page, 'board-03-facilitator-sees-idea', { fullPage: false })

    // Enter edits the selected card (and the others see who is writing); arrows move it.
    await inEditor(guest, `editor.select(editor.getCurrentPageShapes().find(s => s.type === 'idea').id)`)
    await guest.page.keyboard.press('Enter')
    await guest.page.locator('textarea.kb-idea-input').waitFor()
    await facilitator.page.locator('.kb-idea-writers', { hasText: 'Paul Participant écrit' }).waitFor()
    await guest.page.keyboard.press('Escape')
    await facilitator.page.locator('.kb-idea-writers').waitFor({ state: 'detached' })
    const xOf = (p: Person) =>
      inEditor<number>(p, `return editor.getCurrentPageShapes().find(s => s.type === 'idea').x`)
    const before = await xOf(guest)
    await guest.page.keyboard.press('Escape')
    await inEditor(guest, `editor.select(editor.getCurrentPageShapes().find(s => s.type === 'idea').id)`)
    await guest.page.locator('.tl-canvas').focus()
    await guest.page.keyboard.press('ArrowRight')
    await eventually(async () => (await xOf(facilitator)) > before, 'the card moved right by the arrow key')
  })

  it('clustering: the facilitator changes the phase, the guest groups ideas into a named cluster', async () => {
    // A second idea, from the guest, for the cluster to hold two.
    await inEditor(guest, `editor.selectNone()`)
    const box = (await guest.page.locator('.tl-canvas').boundingBox())!
    await guest.page.mouse.move(box.x + box.width / 2 + 260, box.y + box.height / 2)
    await guest.page.keyboard.press('n')
    await guest.page.locator('textarea.kb-idea-input').fill('Des navettes vers la gare')
    await guest.page.keyboard.press('Escape')
    await facilitator.page.getByRole('button', { name: 'Passer à l’étape Regroupement' }).click()
    await eventually(
      async () => (await guest.page.locator('[data-testid="phase"] strong').textContent()) === 'Regroupement',
      'the phase on the guest’s screen',
    )
    await inEditor(
      guest,
      `editor.select(...editor.getCurrentPageShapes().filter(s => s.type === 'idea').map(s => s.id))`,
    )
    // Named in place, not through window.prompt (blocked in the in-app browsers of QR scanners).
    await guest.page.getByRole('button', { name: 'Nouveau groupe' }).click()
    const name = guest.page.getByRole('textbox', { name: 'Nom du groupe' })
    await name.fill('Covoiturage')
    await name.press('Enter')
    await guest.page.locator('.kb-cluster', { hasText: 'Covoiturage' }).waitFor()
    // Renamed in place, by the rename button.
    await guest.page.getByRole('button', { name: 'Renommer le groupe « Covoiturage »' }).click()
    await name.fill('Covoiturage et navettes')
    await name.press('Enter')
    await eventually(
      async () =>
        (await facilitator.page.locator('.kb-cluster', { hasText: 'Covoiturage et navettes' }).count()) === 1,
      'the cluster on the facilitator’s board',
    )
    await eventually(
      async () => ((await facilitator.page.locator('.kb-cluster').textContent()) ?? '').includes('2 idées'),
      'the cluster’s idea count',
    )
    await inEditor(facilitator, `editor.zoomToFit({ immediate: true })`)
    await screenshot(facilitator.page, 'board-04-cluster', { fullPage: false })
  })

  it('the timer shows the same countdown on both screens, and after a reload', async () => {
    await facilitator.page.getByRole('button', { name: 'Démarrer' }).click()
    const read = async (p: Person) => (await p.page.locator('[data-testid="timer"] time').textContent()) ?? ''
    await guest.page.locator('[data-testid="timer"] time').waitFor()
    const [a, b] = await Promise.all([read(facilitator), read(guest)])
    expect(a).toMatch(/^[45]:\d\d$/)
    // Read at the same instant, the two may straddle a second boundary at most.
    const seconds = (s: string) => Number(s.split(':')[0]) * 60 + Number(s.split(':')[1])
    expect(Math.abs(seconds(a) - seconds(b))).toBeLessThanOrEqual(1)
    await screenshot(guest.page, 'board-05-timer-guest', { fullPage: false })
  })

  it('dot voting: results hidden from participants until the facilitator reveals them', async () => {
    await facilitator.page.getByRole('button', { name: 'Passer à l’étape Vote' }).click()
    await guest.page.locator('[data-testid="dots-left"]').waitFor()
    // No new ideas while voting, for participants.
    expect(await guest.page.getByRole('button', { name: 'Nouvelle idée (N)' }).isDisabled()).toBe(true)
    const give = guest.page
      .locator('.kb-idea', { hasText: 'covoiturage' })
      .getByRole('button', { name: 'Donner un point' })
    await give.click()
    await give.click()
    await guest.page.locator('[data-testid="dots-left"]', { hasText: 'Il vous reste 3 points' }).waitFor()
    // The facilitator sees the total; the participant does not, yet.
    await facilitator.page
      .locator('.kb-idea', { hasText: 'covoiturage' })
      .locator('.kb-dot-total', { hasText: '2 points' })
      .waitFor()
    expect(await guest.page.locator('.kb-dot-total').count()).toBe(0)
    await screenshot(guest.page, 'board-06-vote-hidden', { fullPage: false })
    await facilitator.page.getByRole('button', { name: 'Révéler les résultats' }).click()
    await guest.page
      .locator('.kb-idea', { hasText: 'covoiturage' })
      .locator('.kb-dot-total', { hasText: '2 points' })
      .waitFor()
    await screenshot(guest.page, 'board-07-vote-revealed', { fullPage: false })

    // The cluster adds up its ideas' dots; then the vote moves to the clusters themselves.
    const cluster = (page: Page) => page.locator('.kb-cluster', { hasText: 'Covoiturage et navettes' })
    await cluster(guest.page).locator('.kb-dot-total', { hasText: '2 points sur ses idées' }).waitFor()
    await facilitator.page.getByRole('combobox', { name: 'Vote sur' }).selectOption('clusters')
    await cluster(guest.page).getByRole('button', { name: 'Donner un point' }).click()
    await guest.page.locator('[data-testid="dots-left"]', { hasText: 'Il vous reste 2 points' }).waitFor()
    await cluster(facilitator.page)
      .locator('.kb-dot-total', { hasText: /^1 point$/ })
      .waitFor()
    // Ideas take no dots while the clusters are voted on.
    expect(
      await guest.page
        .locator('.kb-idea', { hasText: 'covoiturage' })
        .getByRole('button', { name: 'Donner un point' })
        .count(),
    ).toBe(0)
    await cluster(guest.page).getByRole('button', { name: 'Retirer un point' }).click()
    await guest.page.locator('[data-testid="dots-left"]', { hasText: 'Il vous reste 3 points' }).waitFor()
    await facilitator.page.getByRole('combobox', { name: 'Vote sur' }).selectOption('ideas')
    await guest.page
      .locator('.kb-idea', { hasText: 'covoiturage' })
      .getByRole('button', { name: 'Donner un point' })
      .waitFor()
  })

  it('follow-me moves the participant’s camera, again and again, until released', async () => {
    await facilitator.page.getByRole('button', { name: 'Tout le monde suit ma vue' }).click()
    await guest.page.locator('[data-testid="following"]').waitFor()
    const center = (p: Person) =>
      inEditor<{ x: number; y: number }>(
        p,
        `const c = editor.getViewportPageBounds().center; return { x: c.x, y: c.y }`,
      )
    for (const target of [
      { x: 3000, y: 2000 },
      { x: -2500, y: 800 },
    ]) {
      await inEditor(
        facilitator,
        `editor.centerOnPoint({ x: ${target.x}, y: ${target.y} }, { animation: undefined }); return true`,
      )
      await eventually(async () => {
        const c = await center(guest)
        return Math.abs(c.x - target.x) < 60 && Math.abs(c.y - target.y) < 60
      }, `the guest’s view centred on ${target.x},${target.y}`)
    }
    // The participant pans away: following resumes while the facilitator summons.
    await inEditor(guest, `editor.centerOnPoint({ x: 0, y: 0 }); return true`)
    await eventually(async () => {
      const c = await center(guest)
      return Math.abs(c.x + 2500) < 60 && Math.abs(c.y - 800) < 60
    }, 'the guest brought back to the facilitator’s view')
    await screenshot(guest.page, 'board-08-follow-me', { fullPage: false })
    await facilitator.page.getByRole('button', { name: 'Libérer les participants' }).click()
    await guest.page.locator('[data-testid="following"]').waitFor({ state: 'detached' })
    await inEditor(guest, `editor.centerOnPoint({ x: 0, y: 0 }); return true`)
    // A control: the facilitator's view moves and the guest sees it move (its presence arrived), but
    // the guest's own view stays where the guest put it.
    await inEditor(
      facilitator,
      `editor.centerOnPoint({ x: 1200, y: 1200 }, { animation: undefined }); return true`,
    )
    await eventually(
      () =>
        inEditor<boolean>(
          guest,
          `return editor.getCollaborators().some((c) => c.meta.role === 'facilitator' && c.camera &&
            c.screenBounds && Math.abs(c.screenBounds.w / 2 - c.camera.x - 1200) < 60 &&
            Math.abs(c.screenBounds.h / 2 - c.camera.y - 1200) < 60)`,
        ),
      'the facilitator’s new view seen by the guest',
    )
    const free = await center(guest)
    expect(Math.abs(free.x) < 60 && Math.abs(free.y) < 60).toBe(true)

    // The follow button on a name: the guest follows the facilitator by choice, then stops.
    await guest.page.locator('[data-drawer-toggle="people"]').click()
    await guest.page.getByRole('button', { name: 'Suivre Anne Animatrice' }).click()
    await inEditor(facilitator, `editor.centerOnPoint({ x: 1500, y: -700 }); return true`)
    await eventually(async () => {
      const c = await center(guest)
      return Math.abs(c.x - 1500) < 60 && Math.abs(c.y + 700) < 60
    }, 'the guest following the facilitator by choice')
    await guest.page.locator('.kb-people').getByRole('button', { name: 'Ne plus suivre' }).click()
    await guest.page.locator('[data-testid="following"]').waitFor({ state: 'detached' })
    await guest.page.getByRole('button', { name: 'Fermer le panneau' }).click()
  })

  it('hides cursors, locks the board and locks the selected shapes, for participants only', async () => {
    const cursorsOnGuest = () =>
      inEditor<number>(guest, `return editor.getCollaborators().filter(c => c.cursor !== null).length`)
    await eventually(async () => (await cursorsOnGuest()) > 0, 'cursors shown on the guest’s screen')
    await facilitator.page.getByRole('button', { name: 'Masquer les curseurs' }).click()
    await eventually(async () => (await cursorsOnGuest()) === 0, 'cursors hidden on the guest’s screen')
    // The facilitator still sees the others: looking where the guest points, the guest's cursor is drawn
    // (only cursors in view are, presence.ts).
    const guestPoint = await inEditor<{ x: number; y: number }>(
      guest,
      `const p = editor.inputs.currentPagePoint; return { x: p.x, y: p.y }`,
    )
    await inEditor(
      facilitator,
      `editor.centerOnPoint(${JSON.stringify(guestPoint)}, { immediate: true }); return true`,
    )
    await eventually(
      async () =>
        (await inEditor<number>(
          facilitator,
          `return editor.getCollaborators().filter(c => c.cursor !== null && c.meta.role === 'participant').length`,
        )) > 0,
      'the guest’s cursor on the facilitator’s screen',
    )
    await facilitator.page.getByRole('button', { name: 'Afficher les curseurs' }).click()
    await eventually(async () => (await cursorsOnGuest()) > 0, 'cursors back on the guest’s screen')

    await facilitator.page.getByRole('button', { name: 'Verrouiller le tableau' }).click()
    await guest.page.locator('[data-testid="phase"]', { hasText: 'Tableau verrouillé' }).waitFor()
    expect(await inEditor<boolean>(guest, `return editor.getInstanceState().isReadonly`)).toBe(true)
    await facilitator.page.getByRole('button', { name: 'Déverrouiller le tableau' }).click()
    await eventually(
      async () => !(await inEditor<boolean>(guest, `return editor.getInstanceState().isReadonly`)),
      'the guest can edit again',
    )

    await inEditor(
      facilitator,
      `editor.select(editor.getCurrentPageShapes().find(s => s.type === 'cluster').id)`,
    )
    await facilitator.page.getByRole('button', { name: 'Verrouiller la sélection' }).click()
    await facilitator.page.locator('.kb-facilitator', { hasText: '1 élément verrouillé' }).waitFor()
    // A control: the facilitator (whom locks do not hold) moves the cluster a little; once the guest sees
    // that move, the lock, written before it, has reached the guest too.
    const clusterX = `return editor.getCurrentPageShapes().find(s => s.type === 'cluster').x`
    const x0 = await inEditor<number>(facilitator, clusterX)
    await inEditor(
      facilitator,
      `const c = editor.getCurrentPageShapes().find(s => s.type === 'cluster');
       editor.updateShapes([{ id: c.id, type: 'cluster', x: c.x + 1 }]); return true`,
    )
    await eventually(
      async () => (await inEditor<number>(guest, clusterX)) === x0 + 1,
      'the facilitator’s move on the guest’s board',
    )
    const moved = await inEditor<{ before: number; after: number }>(
      guest,
      `const c = editor.getCurrentPageShapes().find(s => s.type === 'cluster');
       editor.updateShapes([{ id: c.id, type: 'cluster', x: c.x + 300 }]);
       return { before: c.x, after: editor.getShape(c.id).x }`,
    )
    expect(moved.after).toBe(moved.before)
    await facilitator.page.getByRole('button', { name: 'Déverrouiller la sélection' }).click()
    await facilitator.page.locator('.kb-facilitator', { hasText: 'aucun élément verrouillé' }).waitFor()
    await inEditor(facilitator, `editor.selectNone()`)
  })

  it('an observer cannot edit: the editor is read-only and the server refuses a forced write', async () => {
    expect(await inEditor<boolean>(observer, `return editor.getInstanceState().isReadonly`)).toBe(true)
    // No idea buttons for an observer (not even disabled ones).
    expect(await observer.page.getByRole('button', { name: 'Nouvelle idée (N)' }).count()).toBe(0)
    await observer.page.keyboard.press('n')
    // A forced write, below the interface: a record put straight into the store, which the binding sends
    // to the server like any local change. The server must refuse it.
    const dropped = await droppedReadOnly()
    await inEditor(
      observer,
      `const page = editor.getCurrentPageId();
       editor.store.put([{ id: 'shape:forced', typeName: 'shape', type: 'idea', x: 0, y: 0, rotation: 0, index: 'a9', parentId: page, isLocked: false, opacity: 1, meta: {}, props: { text: 'Intrusion', w: 200, h: 140, color: 'red', authorId: 'x', authorName: 'x' } }]);
       return true`,
    )
    // The server received the forced write and dropped it (a write it accepted would not move this
    // count), then nothing of it reached the facilitator.
    await eventually(async () => (await droppedReadOnly()) > dropped, 'the forced write dropped')
    expect(await ideaTexts(facilitator)).not.toContain('Intrusion')
    await screenshot(observer.page, 'board-09-observer-read-only', { fullPage: false })
  })

  it('a reload keeps the ideas, the cluster, the votes, the phase and the timer', async () => {
    await guest.page.reload()
    await guest.page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
    await eventually(async () => (await ideaTexts(guest)).length === 2, 'two ideas after reload')
    expect(await guest.page.locator('[data-testid="phase"] strong').textContent()).toBe('Vote')
    await guest.page.locator('.kb-cluster', { hasText: 'Covoiturage et navettes' }).waitFor()
    await guest.page
      .locator('.kb-idea', { hasText: 'covoiturage' })
      .locator('.kb-dot-total', { hasText: '2 points' })
      .waitFor()
    await guest.page.locator('[data-testid="dots-left"]', { hasText: 'Il vous reste 3 points' }).waitFor()
    expect(await guest.page.locator('[data-testid="timer"] time').textContent()).toMatch(/^[45]:\d\d$/)
    await inEditor(guest, `editor.zoomToFit({ immediate: true })`)
    await screenshot(guest.page, 'board-10-after-reload', { fullPage: false })
  })

  it('exports the board as PNG, SVG and PDF, and the selection alone', async () => {
    const page = facilitator.page
    const save = async (button: string) => {
      // Export is in the header's menu.
      if ((await page.locator('#kb-menu-button').getAttribute('aria-expanded')) !== 'true')
        await page.locator('#kb-menu-button').click()
      if ((await page.locator('.kb-menu').getAttribute('open')) === null)
        await page.locator('.kb-menu summary').click()
      const download = page.waitForEvent('download', { timeout: 30_000 })
      await page.getByRole('button', { name: button }).click()
      const failed = page
        .locator('.kb-menu .kb-alert')
        .waitFor({ timeout: 30_000 })
        .then(async () => {
          throw new Error(`export failed: ${await page.locator('.kb-menu .kb-alert').textContent()}`)
        })
      const done = await Promise.race([download, failed])
      failed.catch(() => {})
      const { readFile } = await import('node:fs/promises')
      return { name: done.suggestedFilename(), bytes: await readFile(await done.path()) }
    }
    const png = await save('Image PNG')
    expect(png.name).toMatch(/^atelier-mobilites-\d{4}-\d\d-\d\d\.png$/)
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG')
    const svg = await save('Image SVG')
    expect(svg.bytes.toString()).toContain('<svg')
    expect(svg.bytes.toString()).toContain('covoiturage')
    expect(svg.bytes.toString()).toContain('navettes vers la gare')
    const pdf = await save('Document PDF')
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-')
    // One page of the board's proportions holding the board's picture (PNG size read from its IHDR).
    const pdfText = pdf.bytes.toString('latin1')
    expect(pdfText).toMatch(/\/Subtype \/Image/)
    expect(pdfText.match(/\/Type \/Page\b/g)).toHaveLength(1)
    const pngWidth = png.bytes.readUInt32BE(16)
    const pngHeight = png.bytes.readUInt32BE(20)
    const mediaBox = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdfText)
    expect(Number(mediaBox?.[1]) / Number(mediaBox?.[2])).toBeCloseTo(pngWidth / pngHeight, 1)

    // The selection only: one idea card, without the rest of the board.
    await inEditor(
      facilitator,
      `editor.select(editor.getCurrentPageShapes().find(s => s.type === 'idea' && s.props.text.includes('covoiturage')).id)`,
    )
    await page.getByRole('radio', { name: 'La sélection' }).check()
    expect(await page.getByRole('button', { name: 'Document PDF' }).isDisabled()).toBe(true)
    const selection = await save('Image SVG')
    const width = (file: Buffer) => Number(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+)/.exec(file.toString())?.[1])
    expect(selection.bytes.toString()).toContain('covoiturage')
    expect(selection.bytes.toString()).not.toContain('navettes vers la gare')
    expect(width(selection.bytes)).toBeLessThan(width(svg.bytes) / 2)
    const selectionPng = await save('Image PNG')
    expect(selectionPng.bytes.length).toBeLessThan(png.bytes.length)
    await page.getByRole('radio', { name: 'Tout le tableau' }).check()
    await inEditor(facilitator, `editor.selectNone()`)
    await page.keyboard.press('Escape')
  })

  it('switches to English, tldraw’s interface included, and back', async () => {
    const page = guest.page
    // The language is in the header's menu.
    await page.locator('#kb-menu-button').click()
    await page.getByLabel('Langue').selectOption('en')
    await page.locator('[data-testid="phase"] strong', { hasText: 'Voting' }).waitFor()
    await eventually(async () => {
      const labels = await page
        .locator('.tlui-toolbar [aria-label], .tlui-toolbar [title]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? n.getAttribute('title')))
      return /Select/.test(labels.join(' '))
    }, 'tldraw’s toolbar in English')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await screenshot(page, 'board-11-english', { fullPage: false })
    await page.getByLabel('Language').selectOption('fr')
    await page.locator('[data-testid="phase"] strong', { hasText: 'Vote' }).waitFor()
    await page.keyboard.press('Escape')
    expect(await page.locator('#kb-menu-button').getAttribute('aria-expanded')).toBe('false')
  })

  it('every control of the board page has an accessible name and can take the keyboard focus', async () => {
    const unnamed = await facilitator.page.evaluate(() => {
      const controls = [...document.querySelectorAll('.kb-board :is(button, select, input, a, summary)')]
      return controls
        .filter((el) => {
          const label =
            el.getAttribute('aria-label') ||
            el.textContent?.trim() ||
            (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) ||
            el.closest('label')?.textContent?.trim()
          return !label
        })
        .map((el) => el.outerHTML.slice(0, 120))
    })
    expect(unnamed).toEqual([])
    // Tab reaches the facilitator's controls.
    await facilitator.page.locator('.kb-facilitator button').first().focus()
    expect(
      await facilitator.page.evaluate(() => document.activeElement?.closest('.kb-facilitator') !== null),
    ).toBe(true)
  })

  it('says it is offline while the server restarts, then reconnects and sends the edits made meanwhile', async () => {
    // Back to ideation: a participant edits the text of their own ideas then (not while voting).
    await facilitator.page.getByRole('button', { name: 'Passer à l’étape Idéation' }).click()
    await guest.page.locator('[data-testid="phase"] strong', { hasText: 'Idéation' }).waitFor()
    // A second tab of the guest, which will be closed while offline: its edit survives in IndexedDB.
    const tab: Person = {
      context: guest.context,
      page: await guest.context.newPage(),
      watch: { problems: [] },
    }
    await openBoard(tab)
    // While the server is down, a page's fetches fail to connect (e.g. the canvas asking for an idea's
    // links); those are this test's own doing, not problems of the app. Anything else still counts.
    const watching = [facilitator, guest, observer]
    // Chromium says it twice: the failed request, and a console line "Failed to load resource".
    const refusedWhileDown = /net::ERR_CONNECTION_REFUSED/
    const problemsBefore = watching.map((p) => p.watch.problems.length)
    const first = run.server
    await first.kill()
    await guest.page
      .locator('[data-testid="connection"]', { hasText: 'Hors ligne, reconnexion…' })
      .waitFor({ timeout: 20_000 })
    await screenshot(guest.page, 'board-12-offline', { fullPage: false })
    await inEditor(
      guest,
      `editor.updateShapes(editor.getCurrentPageShapes().filter(s => s.type === 'idea' && s.props.text.includes('navettes')).map(s => ({ id: s.id, type: 'idea', props: { text: 'Des navettes vers la gare (écrit hors ligne)' } }))); return true`,
    )
    await tab.page.locator('[data-testid="connection"]', { hasText: 'Hors ligne, reconnexion…' }).waitFor()
    await inEditor(
      tab,
      `editor.updateShapes(editor.getCurrentPageShapes().filter(s => s.type === 'idea' && s.props.text.includes('covoiturage entre')).map(s => ({ id: s.id, type: 'idea', props: { text: 'Covoiturage entre les bourgs (onglet fermé hors ligne)' } }))); return true`,
    )
    // y-indexeddb writes each change as it happens: once the edit is in the tab's IndexedDB, the tab is gone.
    await eventually(
      () =>
        tab.page.evaluate(async (name) => {
          const request = <T>(r: IDBRequest<T>) =>
            new Promise<T>((resolve, reject) => {
              r.onsuccess = () => resolve(r.result)
              r.onerror = () => reject(r.error)
            })
          const db = await request(indexedDB.open(name))
          try {
            const updates = await request(db.transaction('updates').objectStore('updates').getAll())
            return updates.some((update: Uint8Array) =>
              new TextDecoder().decode(update).includes('onglet fermé hors ligne'),
            )
          } finally {
            db.close()
          }
        }, `kenlabour:board:${boardId}`),
      'the offline edit in the tab’s IndexedDB',
    )
    await tab.page.close()
    run.server = await startServer({ PORT: String(first.port), KENLABOUR_DATA_DIR: first.dataDir })
    restartedFrom = first
    await guest.page
      .locator('[data-testid="connection"]', { hasText: 'En ligne' })
      .waitFor({ timeout: 30_000 })
    watching.forEach((p, i) => {
      const during = p.watch.problems.splice(problemsBefore[i])
      p.watch.problems.push(...during.filter((text) => !refusedWhileDown.test(text)))
    })
    await eventually(
      async () => (await ideaTexts(facilitator)).includes('Des navettes vers la gare (écrit hors ligne)'),
      'the offline edit on the facilitator’s board',
      30_000,
    )
    // The closed tab's edit: nowhere but in this browser's IndexedDB until the board opens again.
    expect(await ideaTexts(facilitator)).not.toContain(
      'Covoiturage entre les bourgs (onglet fermé hors ligne)',
    )
    const reopened: Person = {
      context: guest.context,
      page: await guest.context.newPage(),
      watch: { problems: [] },
    }
    await openBoard(reopened)
    await eventually(
      async () =>
        (await ideaTexts(facilitator)).includes('Covoiturage entre les bourgs (onglet fermé hors ligne)'),
      'the closed tab’s offline edit on the facilitator’s board',
      30_000,
    )
    await reopened.page.close()
  })

  it('the phone page posts an idea into a zone, and it appears on the canvas', async () => {
    // Still in ideation since the test before.
    const phone = await person('phone')
    await api(phone, 'POST', '/api/join', { code: joinCode, displayName: 'Léa au téléphone' })
    await phone.page.goto(`/poster/${boardId}`)
    await phone.page.getByLabel('Priorité').selectOption('P2')
    await phone.page.getByLabel('Votre idée').fill('Un cadastre solaire pour les toits')
    await screenshot(phone.page, 'board-13-phone-form')
    await phone.page.getByRole('button', { name: 'Envoyer' }).click()
    await phone.page.getByRole('status').filter({ hasText: 'Idée envoyée' }).waitFor()
    await eventually(
      async () => (await ideaTexts(facilitator)).includes('Un cadastre solaire pour les toits'),
      'the phone idea on the canvas',
    )
    // Inside the P2 zone.
    const inZone = await inEditor<boolean>(
      facilitator,
      `const idea = editor.getCurrentPageShapes().find(s => s.type === 'idea' && s.props.text.includes('cadastre'));
       const zone = editor.getCurrentPageShapes().find(s => s.type === 'zone' && s.props.priorityCode === 'P2');
       return editor.getShapePageBounds(zone).containsPoint(editor.getShapePageBounds(idea).center)`,
    )
    expect(inZone).toBe(true)
    // The text list by zone shows it too.
    await phone.page.locator('section[aria-label]', { hasText: 'cadastre solaire' }).waitFor()
    await screenshot(phone.page, 'board-14-phone-list')
    expect(phone.watch.problems).toEqual([])
  })

  it('rings a soft chime when the timer runs out, only when the facilitator asked for sound', async () => {
    // The observer's screen runs on a clock the test moves forward, and counts the notes it plays.
    await observer.context.addInitScript(() => {
      const counted = window as unknown as { kenlabourNotes: number }
      counted.kenlabourNotes = 0
      const createOscillator = AudioContext.prototype.createOscillator
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        counted.kenlabourNotes += 1
        return createOscillator.call(this)
      }
    })
    await observer.page.clock.install()
    const notes = () =>
      observer.page.evaluate(() => (window as unknown as { kenlabourNotes: number }).kenlabourNotes)
    const panel = facilitator.page
    // Each round opens the board again: after a jump forward, the screen's clock is ahead of the
    // server's, which the board measures when it opens (the countdown stays right all the same).
    const runOneMinute = async () => {
      await openBoard(observer)
      await panel.getByRole('button', { name: 'Réinitialiser' }).click()
      await panel.getByRole('spinbutton', { name: 'Minutes' }).fill('1')
      await panel.getByRole('button', { name: 'Démarrer' }).click()
      await observer.page.locator('[data-testid="timer"] time', { hasText: /^(1:00|0:5\d)$/ }).waitFor()
      expect(await notes()).toBe(0)
      await observer.page.clock.fastForward(61_000)
      await observer.page.locator('[data-testid="timer"]', { hasText: 'Temps écoulé' }).waitFor()
    }
    await runOneMinute()
    await eventually(async () => (await notes()) === 2, 'the two notes of the chime')
    // Sound off: the end shows, in silence.
    await panel.getByRole('checkbox', { name: 'Son doux à la fin' }).uncheck()
    await runOneMinute()
    // React runs the effect that would ring in a task it queued when it drew "Temps écoulé" (a
    // MessageChannel message): a message queued now comes after it.
    await observer.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const channel = new MessageChannel()
          channel.port1.onmessage = () => resolve()
          channel.port2.postMessage(null)
        }),
    )
    expect(await notes()).toBe(0)
    await panel.getByRole('button', { name: 'Réinitialiser' }).click()
  })

  it('the facilitator renames a zone and adds one for a fiche-action; the people panel finds a person', async () => {
    const panel = facilitator.page.locator('.kb-facilitator')
    await inEditor(
      facilitator,
      `const zone = editor.getCurrentPageShapes().find(s => s.type === 'zone' && s.props.priorityCode === 'P2'); editor.select(zone.id); return true`,
    )
    const title = panel.getByLabel('Titre de la zone sélectionnée')
    await title.fill('P2 — Énergie et rénovation')
    await panel.getByRole('button', { name: 'Renommer la zone' }).click()
    await eventually(
      async () =>
        (await guest.page.locator('.kb-zone-title', { hasText: 'P2 — Énergie et rénovation' }).count()) === 1,
      'the renamed zone on the guest’s board',
    )
    await panel.getByLabel('Nouvelle zone pour').selectOption({ label: '1.1 — Covoiturage rural' })
    await panel.getByRole('button', { name: 'Ajouter la zone' }).click()
    await eventually(
      async () =>
        (await inEditor<number>(
          observer,
          `return editor.getCurrentPageShapes().filter(s => s.type === 'zone' && s.props.actionCode === '1.1').length`,
        )) === 1,
      'the new fiche-action zone on the observer’s board',
    )
    // The facilitator who added it is shown the new zone: its title drawn inside the canvas (beside the
    // panel, not under it). Selected, it lies under tldraw's selection outline, so no on-top check.
    await cameraAtRest(facilitator.page)
    const addedTitle = await facilitator.page
      .locator('.kb-zone-title', { hasText: '1.1 — Covoiturage rural' })
      .boundingBox()
    const canvas = await facilitator.page.locator('.tl-canvas').boundingBox()
    expect(addedTitle, 'the added zone’s title is drawn').not.toBeNull()
    expect(
      addedTitle!.x >= canvas!.x &&
        addedTitle!.y >= canvas!.y &&
        addedTitle!.x + addedTitle!.width <= canvas!.x + canvas!.width + 0.5 &&
        addedTitle!.y + addedTitle!.height <= canvas!.y + canvas!.height + 0.5,
      `the added zone’s title ${JSON.stringify(addedTitle)} inside the canvas ${JSON.stringify(canvas)}`,
    ).toBe(true)
    await screenshot(facilitator.page, 'board-15-zones', { fullPage: false })

    // The people panel: counts by role and a search that ignores accents.
    await facilitator.page.getByRole('button', { name: /^Participants \(/ }).click()
    const people = facilitator.page.locator('.kb-people')
    await people.getByLabel('Rechercher une personne').fill('paul')
    await people.locator('li', { hasText: 'Paul Participant' }).waitFor()
    expect(await people.locator('li').count()).toBe(1)
    await people.getByLabel('Rechercher une personne').fill('')
    await facilitator.page.getByRole('button', { name: 'Animation' }).click()
  })

  it('undoes and redoes one’s own move with the keyboard, never someone else’s change', async () => {
    const xOf = (p: Person, text: string) =>
      inEditor<number>(
        p,
        `return editor.getCurrentPageShapes().find(s => s.type === 'idea' && s.props.text.includes(${JSON.stringify(text)})).x`,
      )
    const mine = 'écrit hors ligne'
    const theirs = 'cadastre solaire'
    const start = await xOf(guest, mine)
    await inEditor(
      guest,
      `const card = editor.getCurrentPageShapes().find(s => s.type === 'idea' && s.props.text.includes(${JSON.stringify(mine)}));
       editor.markHistoryStoppingPoint('move'); editor.updateShape({ id: card.id, type: 'idea', x: card.x + 300 }); return true`,
    )
    await eventually(
      async () => (await xOf(facilitator, mine)) === start + 300,
      'the move on the facilitator’s board',
    )
    // Meanwhile the facilitator moves another card: not the guest's to undo.
    const theirStart = await xOf(facilitator, theirs)
    await inEditor(
      facilitator,
      `const card = editor.getCurrentPageShapes().find(s => s.type === 'idea' && s.props.text.includes(${JSON.stringify(theirs)}));
       editor.updateShape({ id: card.id, type: 'idea', x: card.x + 500 }); return true`,
    )
    await eventually(
      async () => (await xOf(guest, theirs)) === theirStart + 500,
      'the facilitator’s move on the guest’s board',
    )
    // The keys go to the canvas, as after a click on it.
    await inEditor(guest, 'editor.focus(); return true')
    await guest.page.keyboard.press('Control+z')
    await eventually(
      async () => (await xOf(facilitator, mine)) === start,
      'the undo on the facilitator’s board',
    )
    expect(await xOf(guest, theirs)).toBe(theirStart + 500)
    await guest.page.keyboard.press('Control+Shift+z')
    await eventually(
      async () => (await xOf(facilitator, mine)) === start + 300,
      'the redo on the facilitator’s board',
    )
  })

  it('offers a participant no change the server would undo: another’s card moves, but is not rewritten or deleted', async () => {
    const id = await inEditor<string>(
      guest,
      `return editor.getCurrentPageShapes().find(s => s.type === 'idea' && s.props.text.includes('cadastre')).id`,
    )
    await inEditor(guest, `editor.setEditingShape(${JSON.stringify(id)}); return true`)
    expect(await inEditor(guest, 'return editor.getEditingShapeId()')).toBe(null)
    await inEditor(
      guest,
      `editor.updateShape({ id: ${JSON.stringify(id)}, type: 'idea', props: { text: 'réécrite' } }); editor.deleteShapes([${JSON.stringify(id)}]); return true`,
    )
    expect((await ideaTexts(guest)).some((text) => text.includes('cadastre'))).toBe(true)
    expect(await ideaTexts(guest)).not.toContain('réécrite')
    // Nothing was sent for the server to refuse. A control: the guest moves the card (allowed), the
    // facilitator sees it and moves it back; once the guest sees that, anything the server had to say
    // about the guest's earlier changes has reached the guest (one socket, in order).
    const card = JSON.stringify(id)
    const x = await inEditor<number>(guest, `return editor.getShape(${card}).x`)
    await inEditor(guest, `editor.updateShape({ id: ${card}, type: 'idea', x: ${x + 10} }); return true`)
    await eventually(
      async () => (await inEditor<number>(facilitator, `return editor.getShape(${card}).x`)) === x + 10,
      'the guest’s move on the facilitator’s board',
    )
    await inEditor(facilitator, `editor.updateShape({ id: ${card}, type: 'idea', x: ${x} }); return true`)
    await eventually(
      async () => (await inEditor<number>(guest, `return editor.getShape(${card}).x`)) === x,
      'the facilitator’s move back on the guest’s board',
    )
    expect(await guest.page.locator('.kb-alert-inline').count()).toBe(0)
  })

  it('keeps cards legible down to 25 % zoom (text 11 px or more on screen), then draws them as blocks', async () => {
    const before = await inEditor<{ x: number; y: number; z: number }>(guest, 'return editor.getCamera()')
    const drawnTextPx = () =>
      guest.page.evaluate(() => {
        const drawn = [...document.querySelectorAll<HTMLElement>('.kb-idea .kb-idea-text')]
        const sizes = drawn
          .filter((p) => p.offsetWidth > 0)
          .map((p) => {
            const scale = p.getBoundingClientRect().width / p.offsetWidth
            return Number.parseFloat(getComputedStyle(p).fontSize) * scale
          })
        return sizes.length ? Math.min(...sizes) : null
      })
    for (const z of [0.26, 0.4, 0.6]) {
      await inEditor(guest, `editor.setCamera({ ...editor.getCamera(), z: ${z} }); return true`)
      await expect.poll(drawnTextPx, { message: `text at ${z}` }).toBeGreaterThanOrEqual(11)
    }
    await screenshot(guest.page, 'board-16-zoomed-out', { fullPage: false })
    await inEditor(guest, 'editor.setCamera({ ...editor.getCamera(), z: 0.2 }); return true')
    await expect.poll(drawnTextPx).toBeNull()
    await inEditor(guest, `editor.setCamera(${JSON.stringify(before)}); return true`)
  })

  it('made no request outside the server, and no page reported an error', async () => {
    const outside = requests.filter(
      (url) => !url.startsWith(run.server.url) && !url.startsWith('data:') && !url.startsWith('blob:'),
    )
    expect(outside).toEqual([])
    expect(requests.some((url) => /\.woff2$/.test(url))).toBe(true)
    expect(requests.some((url) => /translations|fr.*\.json/.test(url))).toBe(true)
    for (const p of [facilitator, guest, observer]) expect(p.watch.problems).toEqual([])
  })
})
