import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signUpWithContract, testContract, testPriorities, uniqueEmail } from './support/council.ts'
import { screenshot } from './support/index.ts'
import { browserRun, eventually as poll } from './support/run.ts'

/**
 * Workshop integrity in Chromium against the real server (DESIGN.md, "Secret ballot", "Silent writing
 * and anonymity"): what each person's browser is shown, and what its websocket receives. A facilitator,
 * a participant on a wide screen (1400×900) and one on a phone. Screenshots in e2e/artifacts/integrity-NN-*.png.
 */

const run = browserRun()
const api = run.api
/** A loaded machine may take a while to bring a live change to every screen. */
const eventually = (check: () => Promise<boolean>, what: string) => poll(check, what, 40_000)

interface Frame {
  /** The message type (first byte: 0 sync, 1 awareness, 100 refused, 101 personal). */
  type: number
  text: string
  at: number
}

interface Person {
  context: BrowserContext
  page: Page
  watch: { problems: string[] }
  frames: Frame[]
  actorId: string
  name: string
}

/** The test territory's first priority alone. */
const contract = testContract('Contrat (intégrité des ateliers)', testPriorities.slice(0, 1))

async function person(device: 'wide' | 'phone'): Promise<Omit<Person, 'actorId' | 'name'>> {
  const { context, page, watch } = await run.person({ device })
  const frames: Frame[] = []
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload
      frames.push({ type: bytes[0] ?? -1, text: bytes.toString('utf8'), at: Date.now() })
    })
  })
  return { context, page, watch, frames }
}

async function facilitatorOf(workshop: { anonymous?: boolean; title: string }) {
  const p = await person('wide')
  const account = {
    email: uniqueEmail(`animation-${Math.random().toString(36).slice(2)}`),
    displayName: 'Anne Animatrice',
  }
  const { contractId } = await signUpWithContract(run, p.context, account, contract)
  const w = await api<{ id: string; boardId: string; joinCode: string }>(
    p.context,
    'POST',
    '/api/workshops',
    {
      title: workshop.title,
      contractId,
      anonymous: workshop.anonymous ?? false,
    },
  )
  const me = await api<{ userId: string }>(p.context, 'GET', '/api/auth/me')
  return { ...p, actorId: me.userId, name: 'Anne Animatrice', workshop: w }
}

async function guest(device: 'wide' | 'phone', joinCode: string, name: string): Promise<Person> {
  const p = await person(device)
  await api(p.context, 'POST', '/api/join', { code: joinCode, displayName: name })
  const me = await api<{ guestId: string }>(p.context, 'GET', '/api/auth/me')
  return { ...p, actorId: me.guestId, name }
}

async function openBoard(p: Person, boardId: string) {
  await p.page.goto(`/tableau/${boardId}`)
  await p.page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
  await p.page.locator('.tl-canvas').waitFor()
}

function inEditor<T>(p: Person, fn: string): Promise<T> {
  return p.page.evaluate(`(() => { const editor = window.kenlabourEditor; ${fn} })()`) as Promise<T>
}

async function ideaTexts(p: Person): Promise<string[]> {
  return inEditor<string[]>(
    p,
    `return editor.getCurrentPageShapes().filter(s => s.type === 'idea').map(s => s.props.text)`,
  )
}

/** Writes an idea on the canvas as a person does: zoom on the zone, click, N, type, Escape. */
async function writeIdea(p: Person, text: string, { offset = 0, silent = false } = {}) {
  await inEditor(
    p,
    `const zone = editor.getCurrentPageShapes().find(s => s.type === 'zone');
     editor.setCamera({ x: -zone.x + 20 - ${offset}, y: -zone.y - 20, z: 1 }, { immediate: true }); return true`,
  )
  const box = (await p.page.locator('.tl-canvas').boundingBox())!
  await p.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await p.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  await p.page.keyboard.press('n')
  // During silent writing the server takes the new card out of the board at once; it comes back as my
  // private card, open for writing, and the writing goes on there.
  const input = p.page.locator(silent ? 'textarea.kb-private-input' : 'textarea.kb-idea-input')
  await input.waitFor()
  await input.fill(text)
  await p.page.keyboard.press('Escape')
}

/** Is the private card holding `text` drawn, its text inside the visible canvas? */
async function privateCardInView(p: Person, text: string): Promise<boolean> {
  const card = p.page.locator('.kb-private-card', { hasText: text })
  if ((await card.count()) !== 1) return false
  const [canvas, drawn] = await Promise.all([
    p.page.locator('.tl-canvas').boundingBox(),
    card.locator('.kb-private-text').boundingBox(),
  ])
  if (!canvas || !drawn) return false
  return (
    drawn.width > 0 &&
    drawn.x >= canvas.x &&
    drawn.y >= canvas.y &&
    drawn.x + drawn.width <= canvas.x + canvas.width &&
    drawn.y + drawn.height <= canvas.y + canvas.height
  )
}

/** Centres the camera, at 100 %, on the card whose text contains `text`. */
async function focusIdea(p: Person, text: string) {
  await inEditor(
    p,
    `const s = editor.getCurrentPageShapes().find(s => s.type === 'idea' && s.props.text.includes(${JSON.stringify(text)}));
     const b = editor.getShapePageBounds(s); const v = editor.getViewportScreenBounds();
     editor.setCamera({ x: -b.x - b.w / 2 + v.w / 2, y: -b.y - b.h / 2 + v.h / 2, z: 1 }, { immediate: true }); return true`,
  )
}

/** Frames other than awareness (which carries each person's name for their cursor, by design). */
function documentFrames(p: Person, since = 0): Frame[] {
  return p.frames.filter((f) => f.type !== 1 && f.at >= since)
}

describe('silent writing on the canvas', () => {
  it('keeps each participant’s ideas to themselves (and the facilitator) until the reveal', async () => {
    const facilitator = await facilitatorOf({ title: 'Atelier écriture silencieuse' })
    const { boardId, joinCode } = facilitator.workshop
    const paul = await guest('wide', joinCode, 'Paul Participant')
    const lea = await guest('phone', joinCode, 'Léa au téléphone')
    await Promise.all([openBoard(facilitator, boardId), openBoard(paul, boardId), openBoard(lea, boardId)])

    // The box shows the live state: it is ticked once the server has turned silent writing on.
    const silent = facilitator.page.getByRole('checkbox', { name: 'Écriture silencieuse' })
    await silent.click()
    await eventually(() => silent.isChecked(), 'silent writing on')
    await paul.page.locator('.kb-silent-banner').waitFor()
    await lea.page.locator('.kb-silent-banner').waitFor()

    const paulIdea = 'Une navette solidaire le samedi'
    const leaIdea = 'Des arceaux vélo devant la mairie'
    await writeIdea(paul, paulIdea, { silent: true })
    await writeIdea(lea, leaIdea, { offset: 40, silent: true })

    await eventually(() => privateCardInView(paul, paulIdea), 'Paul’s private idea drawn in his view')
    await eventually(() => privateCardInView(lea, leaIdea), 'Léa’s private idea drawn in her view')
    // Kept out of the shared document, and the notice is no red refusal.
    expect(await ideaTexts(paul)).not.toContain(paulIdea)
    expect(await paul.page.locator('.kb-private-card .kb-private-badge').first().textContent()).toContain(
      'privée',
    )
    expect(await paul.page.locator('body').textContent()).not.toContain('refusée')
    expect(await lea.page.locator('body').textContent()).not.toContain('refusée')
    // Neither sees the other's idea, on the page or in what their websocket received.
    expect(await paul.page.content()).not.toContain(leaIdea)
    expect(await lea.page.content()).not.toContain(paulIdea)
    expect(paul.frames.some((f) => f.text.includes('arceaux'))).toBe(false)
    expect(lea.frames.some((f) => f.text.includes('navette'))).toBe(false)
    await screenshot(paul.page, 'integrity-01-silent-paul-wide', { fullPage: false })
    await screenshot(lea.page, 'integrity-02-silent-lea-phone', { fullPage: false })

    // The facilitator sees both.
    await facilitator.page.locator('.kb-private-card', { hasText: paulIdea }).waitFor()
    await facilitator.page.locator('.kb-private-card', { hasText: leaIdea }).waitFor()
    await inEditor(
      facilitator,
      `editor.zoomToBounds({ x: -200, y: -200, w: 1200, h: 900 }, { immediate: true }); return true`,
    )
    const zoneBox = await inEditor<{ x: number; y: number; w: number; h: number }>(
      facilitator,
      `const z = editor.getCurrentPageShapes().find(s => s.type === 'zone'); return { x: z.x, y: z.y, w: z.props.w, h: z.props.h }`,
    )
    await inEditor(
      facilitator,
      `editor.zoomToBounds({ x: ${zoneBox.x}, y: ${zoneBox.y}, w: 700, h: 500 }, { immediate: true }); return true`,
    )
    await screenshot(facilitator.page, 'integrity-03-silent-facilitator', { fullPage: false })

    // Paul edits his idea through the card's own controls: the server answers with the new text.
    const card = paul.page.locator('.kb-private-card', { hasText: paulIdea })
    await card.getByRole('button', { name: 'Modifier' }).click()
    await card.getByLabel('Texte de l’idée privée').fill(`${paulIdea} et le mercredi`)
    await card.getByRole('button', { name: 'Enregistrer' }).click()
    await paul.page.locator('.kb-private-card', { hasText: 'et le mercredi' }).waitFor()
    const revealedPaulIdea = `${paulIdea} et le mercredi`

    // The reveal: every private idea enters the board at once; both participants see both.
    await facilitator.page.getByRole('button', { name: 'Révéler les idées' }).click()
    for (const p of [paul, lea, facilitator])
      await eventually(async () => {
        const texts = await ideaTexts(p)
        return texts.includes(revealedPaulIdea) && texts.includes(leaIdea)
      }, `both ideas on ${p.name}’s board`)
    await eventually(async () => (await paul.page.locator('.kb-private-card').count()) === 0, 'overlay gone')
    await lea.page.locator('.kb-silent-banner').waitFor({ state: 'detached' })
    // Both revealed cards in Léa's view.
    await inEditor(
      lea,
      `editor.select(...editor.getCurrentPageShapes().filter(s => s.type === 'idea').map(s => s.id));
       editor.zoomToSelection({ immediate: true }); editor.selectNone(); return true`,
    )
    await screenshot(lea.page, 'integrity-04-revealed-lea-phone', { fullPage: false })
    for (const p of [facilitator, paul, lea]) expect(p.watch.problems).toEqual([])
  })
})

describe('an anonymous workshop and the secret ballot', () => {
  it('shows no author, sends no author, and never tells who gave a dot', async () => {
    const facilitator = await facilitatorOf({ title: 'Atelier anonyme', anonymous: true })
    const { id: workshopId, boardId, joinCode } = facilitator.workshop
    const paul = await guest('wide', joinCode, 'Paul Discret')
    const lea = await guest('phone', joinCode, 'Léa Réservée')
    await Promise.all([openBoard(facilitator, boardId), openBoard(paul, boardId), openBoard(lea, boardId)])
    await lea.page.locator('.kb-anonymous-note').waitFor()

    const text = 'Un marché de producteurs le jeudi soir'
    await writeIdea(paul, text)
    await eventually(async () => (await ideaTexts(lea)).includes(text), 'Paul’s card on Léa’s board')
    await focusIdea(lea, text)
    const leaCard = lea.page.locator('.kb-idea', { hasText: 'marché de producteurs' })
    await leaCard.waitFor()
    expect(await leaCard.textContent()).not.toContain('Paul')
    const author = await inEditor<{ authorId: string; authorName: string }>(
      lea,
      `const s = editor.getCurrentPageShapes().find(s => s.type === 'idea'); return { authorId: s.props.authorId, authorName: s.props.authorName }`,
    )
    expect(author).toEqual({ authorId: '', authorName: '' })
    // Nothing Léa's socket received for the document or her alone names Paul or carries his id.
    expect(lea.frames.some((f) => f.text.includes('marché de producteurs'))).toBe(true)
    for (const frame of documentFrames(lea)) {
      expect(frame.text).not.toContain('Paul Discret')
      expect(frame.text).not.toContain(paul.actorId)
    }
    // Paul's card is his: he may edit it (ownShapeIds), as the server says.
    await eventually(
      async () =>
        await inEditor<boolean>(
          paul,
          `const s = editor.getCurrentPageShapes().find(s => s.type === 'idea'); return !!s && editor.getShapeUtil(s).canEdit(s)`,
        ),
      'Paul may edit his anonymous card',
    )
    await screenshot(lea.page, 'integrity-05-anonymous-lea-phone', { fullPage: false })

    // Voting: Paul gives a dot; Léa learns nothing of it before the reveal.
    await api(facilitator.context, 'PATCH', `/api/workshops/${workshopId}`, { phase: 'voting' })
    await paul.page.locator('[data-testid="dots-left"]').waitFor()
    await focusIdea(paul, text)
    await focusIdea(facilitator, text)
    const since = Date.now()
    await paul.page
      .locator('.kb-idea', { hasText: 'marché de producteurs' })
      .getByRole('button', { name: 'Donner un point' })
      .click()
    await facilitator.page.locator('.kb-dot-total', { hasText: '1 point' }).waitFor()
    await screenshot(paul.page, 'integrity-06-ballot-paul-wide', { fullPage: false })
    const leaVotes = await api<Record<string, unknown>>(lea.context, 'GET', `/api/boards/${boardId}/votes`)
    const leaVotesText = JSON.stringify(leaVotes)
    expect(leaVotesText).not.toContain(paul.actorId)
    expect(leaVotesText).not.toContain('Paul')
    expect(leaVotes.totals ?? {}).toEqual({})
    expect(await lea.page.locator('.kb-dot-total').count()).toBe(0)
    for (const frame of documentFrames(lea, since)) {
      expect(frame.type).not.toBe(101)
      expect(frame.text).not.toContain(paul.actorId)
      expect(frame.text).not.toContain('voteTotals')
    }
    await screenshot(lea.page, 'integrity-07-ballot-hidden-lea-phone', { fullPage: false })

    // The reveal: totals for everyone, still without who gave them.
    await api(facilitator.context, 'PATCH', `/api/workshops/${workshopId}`, { vote: { revealed: true } })
    await lea.page
      .locator('.kb-idea', { hasText: 'marché' })
      .locator('.kb-dot-total', { hasText: '1 point' })
      .waitFor()
    const after = JSON.stringify(await api(lea.context, 'GET', `/api/boards/${boardId}/votes`))
    expect(after).not.toContain(paul.actorId)
    for (const frame of documentFrames(lea)) expect(frame.text).not.toContain(paul.actorId)
    await screenshot(lea.page, 'integrity-08-ballot-revealed-lea-phone', { fullPage: false })
    for (const p of [facilitator, paul, lea]) expect(p.watch.problems).toEqual([])
  })
})
