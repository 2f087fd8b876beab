import type { Cookie, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { connectClient, synced } from '../server/collab/testing/clients.ts'
import { writeExampleBoard } from '../server/projects/testing/example-board.ts'
import { clearShapes, example, exampleContract } from '../server/projects/testing/example-workshop.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { type Device, screenshot } from './support/index.ts'
import { browserRun, eventually } from './support/run.ts'

/**
 * axe-core (WCAG 2.x A and AA rules, and its best practices) on the pages people meet in a workshop:
 * the join page (signed out, and from a join link), the board page (canvas) for a participant and a
 * facilitator, the phone and list page, and a project record. No serious or critical violation is
 * allowed; each failure names the rule, the element and a piece of its HTML. Checked on a desktop window
 * and on a phone, since the layouts differ. Screenshots: e2e/artifacts/a11y-*.png.
 */

const run = browserRun()
let workshopId = ''
let boardId = ''
let joinCode = ''
let projectId = ''
let facilitatorCookies: Cookie[] = []
let guestCookies: Cookie[] = []

function open(device: Device, cookies: Cookie[] = []) {
  return run.person({ device, cookies, ignore: [/WebSocket connection to/] })
}

/** No serious or critical violation on `page` now; a screenshot of what was checked. */
async function expectNoSeriousViolation(page: Page, name: string) {
  await screenshot(page, `a11y-${name}`, { fullPage: false })
  expect(formatViolations(await axeViolations(page))).toEqual([])
}

beforeAll(async () => {
  const setup = (await run.person()).context
  const facilitator = { name: 'Gwenaëlle Animatrice', id: '' }
  facilitator.id = (
    await run.api<{ userId: string }>(setup, 'POST', '/api/auth/signup', {
      email: `a11y-${Date.now()}@example.fr`,
      password: 'correct horse battery',
      displayName: facilitator.name,
    })
  ).userId
  facilitatorCookies = await setup.cookies()
  const contract = await run.api<{ id: string }>(setup, 'POST', '/api/contracts', exampleContract)
  const workshop = await run.api<{ id: string; boardId: string; joinCode: string }>(
    setup,
    'POST',
    '/api/workshops',
    { title: example.title, contractId: contract.id },
  )
  workshopId = workshop.id
  boardId = workshop.boardId
  joinCode = workshop.joinCode

  // The example workshop's board (zones, clusters, ideas), written by a real y-websocket client as the
  // facilitator's canvas would write it (every card credited to the facilitator, as the server does).
  const cookie = facilitatorCookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const client = connectClient(run.server.url, boardId, cookie, { headers: { origin: run.server.url } })
  await synced(client)
  clearShapes(client.doc)
  writeExampleBoard(client.doc, example, 'ex', { votes: false, author: facilitator })
  await eventually(async () => {
    const response = await setup.request.get(`${run.server.url}/api/boards/${boardId}/ideas`)
    const body = (await response.json()) as { zones: { ideas: unknown[] }[] }
    return body.zones.reduce((n, z) => n + z.ideas.length, 0) > 5
  }, 'the example board on the server')
  expect(client.refused).toEqual([])
  client.destroy()

  const guest = (await run.person()).context
  await run.api(guest, 'POST', '/api/join', { code: joinCode, displayName: 'Annaig' })
  guestCookies = await guest.cookies()
})

describe('no serious or critical axe violation', () => {
  it('the check itself finds what it must (a nameless button, an unlabelled field, grey on grey)', async () => {
    const { page } = await open('desktop')
    await page.goto('/rejoindre')
    await page.getByRole('heading', { name: 'Rejoindre un atelier' }).waitFor()
    await page.evaluate(() => {
      const main = document.querySelector('main')!
      main.insertAdjacentHTML(
        'beforeend',
        '<button id="nameless"></button><input id="unlabelled"><p id="faint" style="color:#bbb;background:#ccc">Pâle</p>',
      )
    })
    const found = formatViolations(await axeViolations(page))
    expect(
      found.some((line) => line.startsWith('button-name (critical)') && line.includes('#nameless')),
    ).toBe(true)
    expect(found.some((line) => line.startsWith('label (critical)') && line.includes('#unlabelled'))).toBe(
      true,
    )
    expect(found.some((line) => line.startsWith('color-contrast (serious)') && line.includes('#faint'))).toBe(
      true,
    )
  })

  for (const device of ['desktop', 'phone'] as const) {
    it(`the join page, signed out and from a join link (${device})`, async () => {
      const { page, watch } = await open(device)
      await page.goto('/rejoindre')
      await page.getByRole('heading', { name: 'Rejoindre un atelier' }).waitFor()
      await expectNoSeriousViolation(page, `join-${device}`)
      await page.goto(`/j/${joinCode}`)
      await page.getByRole('heading', { name: 'Rejoindre un atelier' }).waitFor()
      await expectNoSeriousViolation(page, `join-link-${device}`)
      expect(watch.problems).toEqual([])
    })

    it(`the phone and list page (${device})`, async () => {
      const { page, watch } = await open(device, guestCookies)
      await page.goto(`/poster/${boardId}`)
      await page.locator('.kp-zone').first().waitFor({ timeout: 30_000 })
      await expectNoSeriousViolation(page, `post-${device}`)
      expect(watch.problems).toEqual([])
    })
  }

  it('the board page (canvas), for a participant and for the facilitator', async () => {
    for (const [who, cookies] of [
      ['participant', guestCookies],
      ['facilitator', facilitatorCookies],
    ] as const) {
      const { page, watch } = await open('wide', cookies)
      await page.goto(`/tableau/${boardId}`)
      await page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
      await page.locator('.tl-canvas').waitFor()
      await expectNoSeriousViolation(page, `board-${who}`)
      expect(watch.problems).toEqual([])
    }
  })

  it('a project record, on a desktop window and on a phone', async () => {
    const { context } = await open('desktop', facilitatorCookies)
    const converted = await run.api<{ projects: { id: string }[] }>(
      context,
      'POST',
      `/api/workshops/${workshopId}/convert`,
    )
    projectId = converted.projects[0]!.id
    for (const device of ['desktop', 'phone'] as const) {
      const { page, watch } = await open(device, facilitatorCookies)
      await page.goto(`/projets/${projectId}`)
      await page.getByRole('heading', { level: 1 }).waitFor()
      await page.getByRole('button', { name: 'Enregistrer' }).first().waitFor()
      await expectNoSeriousViolation(page, `project-${device}`)
      expect(watch.problems).toEqual([])
    }
  })
})
