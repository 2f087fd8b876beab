import type { BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { connectClient, synced } from '../server/collab/testing/clients.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { signUpWithContract, testContract, uniqueEmail } from './support/council.ts'
import { lowContrastTexts, screenshot, viewports } from './support/index.ts'
import { browserRun } from './support/run.ts'
import { drawnOnTop } from './support/viewport.ts'

/**
 * The phone and list page (/poster/:boardId, issue 11 "Accessible list view") on a 390×844 phone, in
 * Chromium against the real server: two participants on their phones and a facilitator. What is
 * checked is what is drawn: every control of every action inside the viewport, at least 44 px tall, on
 * top (not covered by the sticky ballot); another phone's new idea in the list within 2 s without a
 * reload; an edit, a move into a cluster, a delete and dots given and taken back, each seen on the
 * other phone; and the refusals: no new idea offered while voting, a request that raced the phase
 * change answered 409 and explained under the field. axe-core and the contrast check run at each step.
 * Screenshots: e2e/artifacts/post-NN-*.png.
 */

const run = browserRun()

interface Person {
  context: BrowserContext
  page: Page
  watch: { problems: string[] }
  cookie: string
}

let facilitator: Person
let lea: Person
let paul: Person
let workshopId = ''
let boardId = ''
let joinCode = ''
let observerCode = ''

const PHONE = viewports.phone.viewport
const IDEA_LEA = 'Un cadastre solaire pour les toits des écoles'
const IDEA_LEA_EDITED = 'Un cadastre solaire pour les toits des écoles et des gymnases'
const IDEA_PAUL = 'Des navettes vers la gare le samedi'
const CLUSTER = 'Énergie citoyenne'

const contract = testContract('Contrat de partenariat (test de la page liste)')

async function person(device: 'desktop' | 'phone'): Promise<Person> {
  // 409 answers are provoked on purpose (the race with the phase change); the console line of a 4xx is
  // not counted by watchPage.
  return { ...(await run.person({ device, ignore: [/WebSocket connection to/] })), cookie: '' }
}

function api<T>(p: Person, method: string, path: string, data?: unknown): Promise<T> {
  return run.api<T>(p.context, method, path, data)
}

async function cookieOf(p: Person) {
  return (await p.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
}

async function join(name: string, code = joinCode): Promise<Person> {
  const p = await person('phone')
  await api(p, 'POST', '/api/join', { code, displayName: name })
  p.cookie = await cookieOf(p)
  return p
}

/** Opens the list page and waits until the live board is there. */
async function openList(p: Person) {
  await p.page.goto(`/poster/${boardId}`)
  await p.page.locator('.kp-zone').first().waitFor({ timeout: 30_000 })
}

async function setPhase(body: Record<string, unknown>) {
  await api(facilitator, 'PATCH', `/api/workshops/${workshopId}`, body)
}

/** The list item of the idea holding `text`. */
function item(p: Person, text: string): Locator {
  return p.page.locator('li.kp-idea', { hasText: text })
}

/**
 * Asserts that `control` is drawn where a finger can use it: scrolled into view, inside the viewport,
 * at least 44 × 44 CSS px, and on top at its centre (not under the sticky ballot or anything else).
 */
async function expectTappable(control: Locator, what: string) {
  await control.scrollIntoViewIfNeeded()
  const box = await control.boundingBox()
  expect(box, `${what}: drawn`).not.toBeNull()
  const { x, y, width, height } = box!
  expect(height, `${what}: height`).toBeGreaterThanOrEqual(44)
  expect(width, `${what}: width`).toBeGreaterThanOrEqual(44)
  expect(x, `${what}: left edge`).toBeGreaterThanOrEqual(0)
  expect(y, `${what}: top edge`).toBeGreaterThanOrEqual(0)
  expect(x + width, `${what}: right edge`).toBeLessThanOrEqual(PHONE.width)
  expect(y + height, `${what}: bottom edge`).toBeLessThanOrEqual(PHONE.height)
  expect(await drawnOnTop(control), `${what}: not covered`).toBe(true)
}

/** Nothing wider than the phone: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(PHONE.width)
}

/** No serious or critical axe violation, and AA text contrast, on the page as it is now. */
async function expectAccessible(page: Page) {
  expect(formatViolations(await axeViolations(page))).toEqual([])
  expect(await lowContrastTexts(page)).toEqual([])
}

/** The `data-focus-key` (or tag) of the focused element. */
function focused(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null
    return active?.dataset.focusKey ?? active?.tagName.toLowerCase() ?? ''
  })
}

/** Writes a cluster into a zone as the facilitator's canvas would, with a real y-websocket client. */
async function addCluster(title: string, priorityCode: string) {
  const client = connectClient(run.server.url, boardId, facilitator.cookie, {
    headers: { origin: run.server.url },
  })
  try {
    await synced(client)
    const kv = new YKeyValue<Record<string, unknown>>(client.doc.getArray('records'))
    let zone: { x: number; y: number; props: { w: number; h: number; priorityCode: string } } | undefined
    for (const { val } of kv.yarray.toArray())
      if (val.type === 'zone' && (val.props as { priorityCode: string }).priorityCode === priorityCode)
        zone = val as typeof zone
    expect(zone).toBeDefined()
    const id = `shape:cluster-${Date.now()}`
    // In the zone's bottom right corner, clear of the ideas the server placed from its top left.
    kv.set(id, {
      id,
      typeName: 'shape',
      type: 'cluster',
      x: zone!.x + zone!.props.w - 560,
      y: zone!.y + zone!.props.h - 460,
      rotation: 0,
      index: 'a9',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      meta: {},
      props: { w: 520, h: 420, title },
    })
    await expect.poll(() => client.refused.length === 0 && kv.get(id) !== undefined).toBe(true)
    // The server holds it (its review passed: a refused record would have been taken out), before the
    // socket closes.
    await expect
      .poll(
        async () =>
          (
            await api<{ records: { id: string }[] }>(facilitator, 'GET', `/api/boards/${boardId}/snapshot`)
          ).records.some((r) => r.id === id),
        { timeout: 10_000 },
      )
      .toBe(true)
    expect(client.refused).toEqual([])
    return id
  } finally {
    client.destroy()
  }
}

beforeAll(async () => {
  facilitator = await person('desktop')
  const account = { email: uniqueEmail('liste'), displayName: 'Anne Animatrice' }
  const { contractId } = await signUpWithContract(run, facilitator.context, account, contract)
  facilitator.cookie = await cookieOf(facilitator)
  const workshop = await api<{ id: string; boardId: string; joinCode: string; observerCode: string }>(
    facilitator,
    'POST',
    '/api/workshops',
    {
      title: 'Atelier énergie et mobilités',
      contractId,
      zones: [{ priorityCode: 'P1' }, { priorityCode: 'P2' }, { priorityCode: 'P2', actionCode: '2.1' }],
    },
  )
  workshopId = workshop.id
  boardId = workshop.boardId
  joinCode = workshop.joinCode
  observerCode = workshop.observerCode
  lea = await join('Léa au téléphone')
  paul = await join('Paul Participant')
})

describe('the phone and list page at 390×844', () => {
  it('opens with the zones as headings, the form and the link to the canvas, all within reach', async () => {
    await openList(lea)
    const page = lea.page
    await page.getByRole('heading', { level: 1, name: 'Atelier énergie et mobilités' }).waitFor()
    for (const zone of ['P1 — Mobilités du quotidien', 'P2 — Transition énergétique', '2.1 — Rénovation'])
      await page.getByRole('heading', { level: 3, name: new RegExp(`^${zone}`) }).waitFor()
    await expectTappable(page.getByRole('link', { name: /Ouvrir le tableau/ }), 'link to the canvas')
    await expectTappable(page.getByLabel('Priorité (zone du tableau)'), 'zone select')
    await expectTappable(page.getByLabel('Votre idée'), 'idea text')
    await expectTappable(page.getByRole('button', { name: 'Envoyer' }), 'send button')
    // The options are the board's zones, an action zone included.
    const options = await page.getByLabel('Priorité (zone du tableau)').locator('option').allTextContents()
    expect(options).toEqual([
      'Sans priorité (hors zones)',
      'P1 — Mobilités du quotidien',
      'P2 — Transition énergétique',
      '2.1 — Rénovation',
    ])
    await expectNoSidewaysScroll(page)
    await page.evaluate(() => window.scrollTo(0, 0))
    await screenshot(page, 'post-01-open', { fullPage: false })
    await expectAccessible(page)
  })

  it('says why an empty idea is not sent, under the field', async () => {
    const page = lea.page
    await page.getByRole('button', { name: 'Envoyer' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'Écrivez votre idée' })
    await alert.waitFor()
    const field = page.getByLabel('Votre idée')
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.getAttribute('aria-describedby')).toContain(await alert.getAttribute('id'))
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA')
  })

  it('a post appears in another phone’s list within 2 s, without a reload, and is announced there', async () => {
    await openList(paul)
    await paul.page.evaluate(() => {
      ;(window as unknown as { sameDocument: boolean }).sameDocument = true
    })
    const page = lea.page
    await page.getByLabel('Priorité (zone du tableau)').selectOption('P2')
    await page.getByLabel('Votre idée').fill(IDEA_LEA)
    // Paul's page notes the moment the idea is drawn in its list (same machine, same clock).
    await paul.page.evaluate((text) => {
      const seen = window as unknown as { drawnAt?: number }
      new MutationObserver((_, observer) => {
        const items = document.querySelectorAll('li.kp-idea')
        if ([...items].some((li) => li.textContent?.includes(text))) {
          seen.drawnAt = Date.now()
          observer.disconnect()
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    }, IDEA_LEA)
    const started = Date.now()
    await page.getByRole('button', { name: 'Envoyer' }).click()
    const onPaul = paul.page.locator('section[aria-label="P2 — Transition énergétique"] li.kp-idea', {
      hasText: IDEA_LEA,
    })
    await onPaul.waitFor({ timeout: 10_000 })
    const drawnAt = await paul.page.evaluate(() => (window as unknown as { drawnAt?: number }).drawnAt)
    expect(drawnAt! - started, 'ms from Léa’s tap to the idea drawn on Paul’s phone').toBeLessThan(2000)
    expect(await onPaul.isVisible()).toBe(true)
    expect(
      await paul.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
    ).toBe(true)

    // Léa: told it was sent, her text emptied, the focus back in it for the next idea, the zone kept.
    await page
      .getByRole('status')
      .filter({ hasText: `Idée envoyée : « ${IDEA_LEA} »` })
      .waitFor()
    expect(await page.getByLabel('Votre idée').inputValue()).toBe('')
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA')
    expect(await page.getByLabel('Priorité (zone du tableau)').inputValue()).toBe('P2')
    await item(lea, IDEA_LEA).getByText('votre idée').waitFor()

    // Paul's screen reader hears it once, politely, with its zone.
    await expect
      .poll(() => paul.page.getByTestId('announcement').textContent(), { timeout: 6000 })
      .toContain(`Nouvelle idée dans P2 — Transition énergétique : ${IDEA_LEA}`)
    expect(await paul.page.getByTestId('announcement').getAttribute('aria-live')).toBe('polite')
    await onPaul.scrollIntoViewIfNeeded()
    await screenshot(paul.page, 'post-02-live-on-another-phone', { fullPage: false })
  })

  it('offers edit and delete on one’s own ideas only, and moving on every idea', async () => {
    await api(paul, 'POST', `/api/boards/${boardId}/ideas`, { text: IDEA_PAUL, priorityCode: 'P1' })
    await item(paul, IDEA_PAUL).waitFor()
    const others = item(paul, IDEA_LEA)
    await others.getByRole('button', { name: /^Déplacer l’idée « Un cadastre/ }).waitFor()
    expect(await others.getByRole('button', { name: /^Modifier/ }).count()).toBe(0)
    expect(await others.getByRole('button', { name: /^Supprimer/ }).count()).toBe(0)
    const own = item(paul, IDEA_PAUL)
    const tops: number[] = []
    for (const name of ['Modifier', 'Déplacer', 'Supprimer']) {
      const button = own.getByRole('button', { name: new RegExp(`^${name} l’idée « Des navettes`) })
      await expectTappable(button, name)
      tops.push((await button.boundingBox())!.y)
    }
    // One row of three on the phone: the actions take one line of the card, not two.
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(1)
    await expectAccessible(paul.page)
  })

  it('an observer reads the list and is offered nothing to change, and told why', async () => {
    const olga = await join('Olga Observatrice', observerCode)
    await openList(olga)
    await olga.page.getByText('Vous observez cet atelier').waitFor()
    await item(olga, IDEA_LEA).waitFor()
    expect(await olga.page.getByRole('heading', { name: 'Nouvelle idée' }).count()).toBe(0)
    expect(await olga.page.locator('li.kp-idea button').count()).toBe(0)
    await expectAccessible(olga.page)
    expect(olga.watch.problems).toEqual([])
  })

  it('edits an idea: the text changes on the other phone, the focus returns to “Modifier”', async () => {
    const page = lea.page
    const mine = item(lea, IDEA_LEA)
    await mine.getByRole('button', { name: /^Modifier l’idée/ }).click()
    const field = mine.getByLabel('Texte de l’idée')
    await field.waitFor()
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA')
    await expectTappable(mine.getByRole('button', { name: 'Enregistrer' }), 'save')
    await expectTappable(mine.getByRole('button', { name: 'Annuler' }), 'cancel')
    await expectTappable(mine.getByLabel('Couleur'), 'colour')
    await screenshot(page, 'post-03-edit-form', { fullPage: false })
    await expectAccessible(page)
    await field.fill(IDEA_LEA_EDITED)
    await mine.getByLabel('Couleur').selectOption('green')
    await mine.getByRole('button', { name: 'Enregistrer' }).click()
    await item(paul, IDEA_LEA_EDITED).waitFor({ timeout: 2000 })
    await expect.poll(() => field.count()).toBe(0)
    await expect.poll(() => focused(page)).toMatch(/:edit$/)
    // The colour is drawn as the card's edge: green's accent.
    const edge = await item(paul, IDEA_LEA_EDITED).evaluate((li) => getComputedStyle(li).borderLeftColor)
    expect(edge).toBe('rgb(28, 116, 51)')
  })

  it('moves an idea into a cluster: it is listed under the cluster, the focus follows it', async () => {
    await addCluster(CLUSTER, 'P2')
    await setPhase({ phase: 'clustering' })
    const page = lea.page
    const cluster = page.locator('.kp-cluster', { hasText: CLUSTER })
    await cluster.getByRole('heading', { level: 4, name: new RegExp(`Groupe « ${CLUSTER} »`) }).waitFor()
    const mine = item(lea, IDEA_LEA_EDITED)
    await mine.getByRole('button', { name: /^Déplacer l’idée/ }).click()
    const to = mine.getByLabel('Déplacer vers')
    await expectTappable(to, 'destination')
    await expectTappable(mine.getByRole('button', { name: 'Déplacer ici' }), 'move here')
    await to.selectOption({ label: `Groupe « ${CLUSTER} »` })
    await screenshot(page, 'post-04-move-form', { fullPage: false })
    await mine.getByRole('button', { name: 'Déplacer ici' }).click()
    await cluster.locator('li.kp-idea', { hasText: IDEA_LEA_EDITED }).waitFor({ timeout: 2000 })
    await paul.page
      .locator('.kp-cluster', { hasText: CLUSTER })
      .locator('li.kp-idea', { hasText: IDEA_LEA_EDITED })
      .waitFor({ timeout: 2000 })
    await expect.poll(() => focused(page)).toMatch(/:move$/)
    await page.getByRole('status').filter({ hasText: 'Idée déplacée' }).waitFor({ state: 'attached' })
    await cluster.scrollIntoViewIfNeeded()
    await screenshot(page, 'post-05-moved-into-cluster', { fullPage: false })
  })

  it('deletes one’s idea after a confirmation: gone from the other phone, the focus on what follows', async () => {
    const page = paul.page
    const own = item(paul, IDEA_PAUL)
    await own.getByRole('button', { name: /^Supprimer l’idée/ }).click()
    const confirm = own.getByRole('button', { name: 'Oui, supprimer' })
    await expectTappable(confirm, 'confirm delete')
    // The least harmful choice holds the focus first.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Annuler')
    await own.getByRole('group', { name: /Supprimer cette idée/ }).waitFor()
    await screenshot(page, 'post-06-delete-confirm', { fullPage: false })
    await confirm.click()
    await item(lea, IDEA_PAUL).waitFor({ state: 'detached', timeout: 2000 })
    await item(paul, IDEA_PAUL).waitFor({ state: 'detached', timeout: 2000 })
    // P1 is empty now: the focus is on its heading, which says so.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toMatch(/^P1 — Mobilités du quotidien \(aucune idée\)/)
  })

  it('refuses a new idea that raced the vote: the server answers 409, the page says why under the field', async () => {
    const nora = await join('Nora')
    // Nora's phone is slow to hear about the new phase: the test holds what the server sends her socket
    // (the server is the real one; only the delivery waits), so her page still offers the form.
    const held: (string | Buffer)[] = []
    let holding = false
    let toPage: WebSocketRoute | undefined
    await nora.page.routeWebSocket(/\/collab\//, (ws) => {
      toPage = ws
      const upstream = ws.connectToServer()
      upstream.onMessage((message) => (holding ? held.push(message) : ws.send(message)))
      ws.onMessage((message) => upstream.send(message))
    })
    await openList(nora)
    await nora.page.getByLabel('Votre idée').fill('Une idée envoyée trop tard')
    holding = true
    await setPhase({ phase: 'voting', vote: { dotsPerParticipant: 3, target: 'ideas', revealed: false } })
    await nora.page.getByRole('button', { name: 'Envoyer' }).click()
    const alert = nora.page.getByRole('alert').filter({ hasText: 'Le dépôt d’idées est fermé' })
    await alert.waitFor()
    const field = nora.page.getByLabel('Votre idée')
    expect(await field.getAttribute('aria-describedby')).toContain(await alert.getAttribute('id'))
    expect(await field.inputValue()).toBe('Une idée envoyée trop tard')
    await screenshot(nora.page, 'post-07-refused-409', { fullPage: false })

    // The same request forced by hand: 409 and the reason, in the error shape of the API.
    const forced = await nora.context.request.post(`${run.server.url}/api/boards/${boardId}/ideas`, {
      data: { text: 'Forcée', priorityCode: 'P1' },
      headers: { origin: run.server.url },
    })
    expect(forced.status()).toBe(409)
    expect(((await forced.json()) as { error: { code: string } }).error.code).toBe('ideas_closed')

    // Once the page hears of the vote, it stops offering the form and says why.
    holding = false
    for (const message of held.splice(0)) toPage!.send(message)
    await nora.page.getByText('Vote en cours : on ne dépose plus d’idées, on donne ses points.').waitFor()
    expect(await nora.page.getByRole('heading', { name: 'Nouvelle idée' }).count()).toBe(0)
    expect(await nora.page.getByLabel('Votre idée').count()).toBe(0)
    expect(nora.watch.problems).toEqual([])
  })

  it('votes: dots given and taken back within the allowance, dots left in view, totals only once revealed', async () => {
    const page = lea.page
    const ballot = page.getByTestId('ballot')
    await ballot.getByText('Il vous reste 3 points').waitFor()
    expect(await page.getByRole('heading', { name: 'Nouvelle idée' }).count()).toBe(0)
    const target = item(lea, IDEA_LEA)
    const give = target.getByRole('button', { name: /^Donner un point à « Un cadastre/ })
    const take = target.getByRole('button', { name: /^Retirer un point à « Un cadastre/ })
    await expectTappable(give, 'give a dot')
    await expectTappable(take, 'take back a dot')
    await give.click()
    await ballot.getByText('Il vous reste 2 points').waitFor()
    await target.getByText('vous : 1 point').waitFor()
    // The focus stays on the button pressed, and the ballot stays in view at the top while scrolling.
    expect(await focused(page)).toMatch(/:give$/)
    const bar = await ballot.boundingBox()
    expect(bar!.y).toBeGreaterThanOrEqual(0)
    expect(bar!.y).toBeLessThan(2)
    await give.click()
    await give.click()
    await ballot.getByText('Vous avez donné tous vos points').waitFor()
    await target.getByText('vous : 3 points').waitFor()
    // No dot left: the button says why instead of doing nothing. It stays focusable and pressable
    // (aria-disabled, not disabled), which Playwright's actionability check reads as not enabled.
    expect(await give.getAttribute('aria-disabled')).toBe('true')
    await give.click({ force: true })
    await target.getByRole('alert').filter({ hasText: 'Vous avez donné tous vos points' }).waitFor()
    await take.click()
    await ballot.getByText('Il vous reste 1 point').waitFor()
    await page.getByTestId('action-status').filter({ hasText: '2 points sur' }).waitFor({ state: 'attached' })
    await screenshot(page, 'post-08-voting', { fullPage: false })
    await expectAccessible(page)

    // The secret ballot: Paul sees no total before the reveal, the totals after it, live.
    const onPaul = item(paul, IDEA_LEA)
    expect(await onPaul.textContent()).not.toContain('total')
    await setPhase({ vote: { revealed: true } })
    await onPaul.getByText('total : 2 points').waitFor({ timeout: 2000 })
    await onPaul.scrollIntoViewIfNeeded()
    await screenshot(paul.page, 'post-09-revealed', { fullPage: false })
  })

  it('closed: nothing is offered but reading, and the page says so', async () => {
    await setPhase({ phase: 'closed' })
    const page = paul.page
    await page.getByText('L’atelier est clos').waitFor()
    expect(await page.locator('li.kp-idea button').count()).toBe(0)
    expect(await page.getByRole('button', { name: /Donner un point/ }).count()).toBe(0)
    await expectAccessible(page)

    // The same page in English, for a phone set to English.
    const { page: englishPage } = await run.person({
      device: 'phone',
      locale: 'en-GB',
      cookies: await paul.context.cookies(),
      ignore: [/WebSocket connection to/],
    })
    await englishPage.goto(`/poster/${boardId}`)
    await englishPage.getByRole('heading', { level: 2, name: /^Ideas, by zone/ }).waitFor()
    await englishPage.getByText('The workshop is closed: ideas can be read, not changed.').waitFor()
    for (const p of [lea, paul]) expect(p.watch.problems).toEqual([])
  })
})
