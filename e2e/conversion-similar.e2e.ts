import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { example } from '../server/projects/testing/example-workshop.ts'
import { axeViolations, formatViolations } from './support/axe.ts'
import { uniqueEmail } from './support/council.ts'
import { convertedExampleWorkshop, exampleBoardWorkshop } from './support/example-workshop.ts'
import { screenshot } from './support/index.ts'
import { browserRun } from './support/run.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * Conversion notices similar records, in Chromium against the real server: a council converted a
 * workshop; a later workshop's board has clusters of the same titles; its facilitator sees, on the
 * workshop page, which clusters resemble which records (on desktop and phone, inside the viewport),
 * attaches one and converts: that cluster's ideas go to the earlier record, no new record is made.
 * Screenshots in e2e/artifacts/conversion-similar-*.png.
 */

const run = browserRun()
let context: BrowserContext
let page: Page
let watch: { problems: string[] }
let contractId = ''
const facilitator = { name: 'Maëlle Animatrice', id: '' }
const tiersLieu = example.zones[1]!.clusters[0]!.title
const ignore = [/status of 404.*\/conversion/, /WebSocket connection to/]

function api<T>(method: string, path: string, data?: unknown): Promise<T> {
  return run.api<T>(context, method, path, data)
}

/** A workshop whose board holds the example (zones, clusters, ideas), written by a real y-websocket client. */
function exampleWorkshop(title: string) {
  return exampleBoardWorkshop(run, context, { title, contractId, author: facilitator })
}

let earlierRecords: { id: string; title: string }[] = []
/** The earlier record the desktop test attaches a cluster to. */
let attachedRecordId = ''

/**
 * The record page's attached ideas: the cluster and the workshop it came from, each idea's text with its
 * author and dots, each inside the viewport once scrolled to.
 */
async function expectAttachedIdeas(p: Page, device: string) {
  const attached = p.getByRole('region', { name: 'Idées rattachées d’autres ateliers' })
  await attached.waitFor()
  const heading = attached.getByRole('heading', {
    name: `Groupe « ${tiersLieu} » de l’atelier « Atelier d’automne »`,
  })
  await expectInViewport(p, heading, `the attached cluster's heading (${device})`)
  const ideas = example.zones[1]!.clusters[0]!.ideas
  expect(await attached.getByRole('listitem').count()).toBe(ideas.length)
  for (const idea of ideas) {
    const item = attached.getByRole('listitem').filter({ hasText: idea.text })
    await expectInViewport(p, item, `the attached idea « ${idea.text} » (${device})`)
    expect(await item.textContent()).toContain(`par ${facilitator.name} · 0 gommette`)
  }
}

beforeAll(async () => {
  ;({ context, page, watch } = await run.person({ ignore }))
  const account = { email: uniqueEmail('rattacher'), displayName: facilitator.name }
  const earlier = await convertedExampleWorkshop(run, context, { account, title: 'Atelier de printemps' })
  facilitator.id = earlier.userId
  contractId = earlier.contractId
  earlierRecords = earlier.projects
})

describe('conversion proposes to attach clusters to similar records', () => {
  it('desktop: the facilitator sees the proposal, attaches a cluster and converts', async () => {
    const later = await exampleWorkshop('Atelier d’automne')
    await page.goto(`/ateliers/${later.id}`)
    const proposal = page.getByRole('region', { name: 'Fiches-projets déjà existantes' })
    const group = proposal.getByRole('group', { name: new RegExp(`Groupe « ${tiersLieu}`) })
    await group.waitFor()
    const attach = group.getByRole('radio', { name: `Rattacher à « ${tiersLieu} »` })
    await expectInViewport(page, group, 'the cluster’s proposal')
    expect(await group.getByRole('radio', { name: 'Créer une nouvelle fiche-projet' }).isChecked()).toBe(true)
    await expect
      .poll(() => group.textContent())
      .toContain('atelier « Atelier de printemps », titres semblables à 100 %')
    await attach.check()
    expect(formatViolations(await axeViolations(page)), 'the proposal, for axe').toEqual([])
    await screenshot(page, 'conversion-similar-01-desktop')

    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Clore l’atelier et convertir en fiches-projets' }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'fiches-projets' }).textContent())
      .toContain('2 fiches-projets : 2 créée(s), 1 mise(s) à jour')
    const target = earlierRecords.find((r) => r.title === tiersLieu)!
    const record = await api<{ provenance: { attached?: { workshopId: string; clusterTitle: string }[] } }>(
      'GET',
      `/api/projects/${target.id}`,
    )
    expect(record.provenance.attached).toEqual([
      expect.objectContaining({ workshopId: later.id, clusterTitle: tiersLieu }),
    ])
    // Every cluster is placed now: the proposal is gone.
    await proposal.waitFor({ state: 'detached' })
    await screenshot(page, 'conversion-similar-02-converted')

    // The earlier record's page shows the attached ideas: where from, text, author and dots.
    attachedRecordId = target.id
    await page.goto(`/projets/${target.id}`)
    await expectAttachedIdeas(page, 'desktop')
    expect(formatViolations(await axeViolations(page)), 'the record page, for axe').toEqual([])
    await screenshot(page, 'conversion-similar-04-record-desktop', { fullPage: false })
    expect(watch.problems).toEqual([])
  })

  it('phone: the proposal lies inside the viewport', async () => {
    const third = await exampleWorkshop('Atelier d’hiver')
    const phone = await run.person({ device: 'phone', cookies: await context.cookies(), ignore })
    await phone.page.goto(`/ateliers/${third.id}`)
    const group = phone.page
      .getByRole('region', { name: 'Fiches-projets déjà existantes' })
      .getByRole('group', { name: new RegExp(`Groupe « ${tiersLieu}`) })
    await group.waitFor()
    await expectInViewport(phone.page, group, 'the cluster’s proposal on a phone')
    await expectInViewport(
      phone.page,
      group.getByRole('radio', { name: `Rattacher à « ${tiersLieu} »` }).first(),
      'the attach choice on a phone',
    )
    await group.scrollIntoViewIfNeeded()
    await screenshot(phone.page, 'conversion-similar-03-phone', { fullPage: false })

    await phone.page.goto(`/projets/${attachedRecordId}`)
    await expectAttachedIdeas(phone.page, 'phone')
    await screenshot(phone.page, 'conversion-similar-05-record-phone', { fullPage: false })
    expect(phone.watch.problems).toEqual([])
  })
})
