import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import mammoth from 'mammoth'
import type { BrowserContext, Page } from 'playwright-core'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient, synced } from '../server/collab/testing/clients.ts'
import { writeExampleBoard } from '../server/projects/testing/example-board.ts'
import { clearShapes, example, exampleContract } from '../server/projects/testing/example-workshop.ts'
import { screenshot } from './support/index.ts'
import { browserRun, eventually } from './support/run.ts'

/**
 * From board to fiche-projet in Chromium, against the real server: the example workshop's board is
 * written by a real y-websocket client (as a facilitator's board would be), then a facilitator closes
 * and converts the workshop from its page, finds the records, completes one (a field error first, then
 * a 409 when a colleague saved meanwhile), downloads its DOCX and PDF and reads them back, and looks at
 * the board snapshot. Screenshots in e2e/artifacts/projects-NN-*.png.
 */

const run = browserRun()
let context: BrowserContext
let page: Page
let watch: { problems: string[] }
let downloads: string
let workshopId = ''
let boardId = ''
let cookie = ''
const email = `fiches-${Date.now()}@example.fr`

/** The example's P1 cluster title (with the straight apostrophe the room typed). */
const tiersLieu = example.zones[1]!.clusters[0]!.title
const firstIdea = example.zones[1]!.clusters[0]!.ideas[0]!.text

function api<T>(method: string, path: string, data?: unknown): Promise<T> {
  return run.api<T>(context, method, path, data)
}

beforeAll(async () => {
  downloads = await mkdtemp(join(tmpdir(), 'kenlabour-downloads-'))
  // Expected refusals: no conversion yet (404 before the first), and the stale save (409) the test provokes.
  ;({ context, page, watch } = await run.person({
    ignore: [/status of 404.*\/conversion/, /status of 409.*\/api\/projects\//],
  }))

  const facilitator = { name: 'Gwenaëlle Animatrice', id: '' }
  facilitator.id = (
    await api<{ userId: string }>('POST', '/api/auth/signup', {
      email,
      password: 'correct horse battery',
      displayName: facilitator.name,
    })
  ).userId
  cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  const contract = await api<{ id: string }>('POST', '/api/contracts', exampleContract)
  const workshop = await api<{ id: string; boardId: string; joinCode: string }>('POST', '/api/workshops', {
    title: example.title,
    contractId: contract.id,
  })
  workshopId = workshop.id
  boardId = workshop.boardId

  // The room's work, written through the collaboration server by real y-websocket clients: the cards
  // and clusters by the facilitator, then the dots by two participants in the voting phase (the server
  // takes only one's own dots).
  const voters = []
  for (const name of ['Annaig', 'Erwan']) {
    // Each participant on a device of their own (a cookie jar of their own), as in the room.
    const joined = await fetch(`${run.server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: run.server.url },
      body: JSON.stringify({ code: workshop.joinCode, displayName: name }),
    })
    expect(joined.status).toBe(201)
    const session = joined.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('kenlabour_session='))
    expect(session).toBeDefined()
    voters.push({ guestId: ((await joined.json()) as { guestId: string }).guestId, cookie: session! })
  }

  const client = connectClient(run.server.url, boardId, cookie, { headers: { origin: run.server.url } })
  await synced(client)
  clearShapes(client.doc)
  // Written by the facilitator's client: the server credits every card to the facilitator.
  const built = writeExampleBoard(client.doc, example, 'ex', { votes: false, author: facilitator })
  const expected =
    2 +
    3 +
    example.zones.reduce((n, z) => n + z.loose.length + z.clusters.reduce((m, c) => m + c.ideas.length, 0), 0)
  await eventually(async () => {
    const snapshot = await api<{ records: { typeName: string }[] }>('GET', `/api/boards/${boardId}/snapshot`)
    return snapshot.records.filter((r) => r.typeName === 'shape').length === expected
  }, 'the board holds the example')
  expect(client.refused).toEqual([])
  client.destroy()

  await api('PATCH', `/api/workshops/${workshopId}`, { phase: 'voting', vote: { dotsPerParticipant: 50 } })
  // Each voter gives their dots through the secret ballot (PUT /votes), as the canvas and the phone do.
  for (const [v, voter] of voters.entries()) {
    for (const [ideaId, dots] of built.dotsByIdea) {
      // Each idea's dots split between the two voters, so the converter has to sum them.
      const share = v === 0 ? Math.ceil(dots / 2) : Math.floor(dots / 2)
      if (share === 0) continue
      const answer = await fetch(
        `${run.server.url}/api/boards/${boardId}/votes/${encodeURIComponent(ideaId)}`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json', origin: run.server.url, cookie: voter.cookie },
          body: JSON.stringify({ dots: share }),
        },
      )
      expect(answer.status, `voter ${v} on ${ideaId}: ${await answer.text()}`).toBe(200)
    }
  }
})

afterAll(async () => {
  if (downloads) await rm(downloads, { recursive: true, force: true })
})

describe('from board to fiche-projet in Chromium', () => {
  it('closes and converts the workshop from its page', async () => {
    await page.goto(`/ateliers/${workshopId}`)
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Clore l’atelier et convertir en fiches-projets' }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'fiches-projets' }).textContent())
      .toContain('3 fiches-projets : 3 créée(s)')
    await expect.poll(() => page.locator('.phase').first().textContent()).toBe('Clos')
    await page.getByRole('button', { name: 'Reconvertir le tableau' }).waitFor()
    await page.getByText('Idées hors des groupes').click()
    await expect
      .poll(() => page.locator('.workshop-projects details').textContent())
      .toContain('Cartographier les trajets domicile-travail')
    await screenshot(page, 'projects-01-converted')
  })

  it('lists the records with counts per priority and what the contract lacks', async () => {
    await page.getByRole('link', { name: /Voir les fiches-projets de l’atelier/ }).click()
    await page.getByRole('heading', { name: '3 fiches' }).waitFor()
    for (const cluster of example.zones.flatMap((z) => z.clusters))
      await page.getByRole('link', { name: cluster.title }).waitFor()
    expect(await page.getByTestId('count-P2').textContent()).toContain('2 fiches')
    // Dots given by two participants, summed per cluster.
    for (const cluster of example.zones.flatMap((z) => z.clusters)) {
      const dots = cluster.ideas.reduce((n, i) => n + i.votes, 0)
      const card = page.locator('.project-list li').filter({ hasText: cluster.title })
      expect(await card.textContent()).toContain(`${cluster.ideas.length} idées · ${dots} gommettes`)
    }
    expect(await page.getByTestId('uncovered').textContent()).toContain(
      'P3 – Accompagner la transition écologique',
    )
    await screenshot(page, 'projects-02-list')
  })

  it('completes a record: a field error first, then saved, then a 409 when a colleague saved meanwhile', async () => {
    await page.getByRole('link', { name: tiersLieu }).click()
    await page.getByRole('heading', { level: 1, name: /Tiers-lieu/ }).waitFor()
    expect(await page.locator('.idea-list').first().textContent()).toContain(firstIdea)

    await page.getByLabel('Statut').selectOption('submitted')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await page.getByText('Porteur : obligatoire pour ce statut').waitFor()
    await screenshot(page, 'projects-03-field-errors')

    await page.getByRole('textbox', { name: 'Porteur', exact: true }).fill('Commune de Plouguerneau')
    await page.getByLabel('Type d’acteur (porteur)').selectOption('collectivite')
    await page.getByLabel('Budget prévisionnel').fill('185 000,50')
    await page.getByLabel('Début').fill('2027-03-01')
    // Exact: the follow-up panel's support kind 'Financement' also holds 'fin'.
    await page.getByLabel('Fin', { exact: true }).fill('2028-12-31')
    await page.getByRole('button', { name: 'Ajouter un partenaire' }).click()
    await page.getByLabel('Nom du partenaire').fill('Pôle ESS du Pays')
    await page.getByLabel('Type d’acteur', { exact: true }).selectOption('ess')
    await page.getByRole('button', { name: 'Ajouter un financement' }).click()
    await page.getByLabel('Financeur').fill('Région Bretagne')
    await page.getByLabel('Montant (€)').fill('90 000')
    await page.getByLabel('Acquis').check()
    // Two indicators, then the first one goes: the second keeps what was typed in it.
    await page.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    await page.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    await page.getByLabel('Indicateur', { exact: true }).nth(0).fill('Fréquentation')
    await page.getByLabel('Indicateur', { exact: true }).nth(1).fill('Emplois créés')
    await page.getByLabel('Cible').nth(1).fill('3')
    await page.getByRole('button', { name: 'Retirer cet indicateur' }).first().click()
    expect(await page.getByLabel('Indicateur', { exact: true }).inputValue()).toBe('Emplois créés')
    await page.getByLabel('Risque à sécuriser').fill('Fonds de garantie pour l’emprunt « café »')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await page.getByText('Fiche enregistrée.').waitFor()
    const projectId = page.url().split('/').pop()!
    const saved = await api<{ version: number; budget: number; carrier: { name: string }; status: string }>(
      'GET',
      `/api/projects/${projectId}`,
    )
    expect(saved).toMatchObject({
      budget: 185000.5,
      carrier: { name: 'Commune de Plouguerneau' },
      status: 'submitted',
      partners: [{ name: 'Pôle ESS du Pays', type: 'ess' }],
      fundingSources: [{ name: 'Région Bretagne', amount: 90000, secured: true }],
      indicators: [{ label: 'Emplois créés', target: 3, measures: [] }],
    })
    expect(await page.getByTestId('history').textContent()).toContain('Budget prévisionnel')

    // A colleague saves the summary meanwhile; this page still holds the older version.
    await api('PATCH', `/api/projects/${projectId}`, {
      version: saved.version,
      summary: 'Résumé du collègue',
    })
    await page.getByLabel('Ce qui a marché').fill('À évaluer en 2029')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    const conflict = page.getByTestId('conflict')
    await conflict.waitFor()
    expect(await conflict.textContent()).toContain('Résumé')
    expect(await conflict.textContent()).toContain('À évaluer en 2029')
    expect(await page.getByLabel('Résumé').inputValue()).toBe('Résumé du collègue')
    await screenshot(page, 'projects-04-conflict')
    // Typed again on the fresh version, it saves.
    await page.getByLabel('Ce qui a marché').fill('À évaluer en 2029')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await page.getByText('Fiche enregistrée.').waitFor()
  })

  it('downloads the DOCX and the PDF, which read back as the record', async () => {
    const expected = [
      tiersLieu,
      'Commune de Plouguerneau',
      'Pôle ESS du Pays',
      '185 000,50 €',
      'Fonds de garantie pour l’emprunt « café »',
      firstIdea,
      // The author the server credited (the facilitator's client wrote the example board).
      'Gwenaëlle Animatrice',
      `P1 – ${exampleContract.priorities[0]!.title}`,
    ]
    const squeeze = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, '')

    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger (DOCX)' }).click(),
    ])
    expect(docx.suggestedFilename()).toMatch(/^fiche-projet-tiers-lieu-.*\.docx$/)
    const docxPath = join(downloads, docx.suggestedFilename())
    await docx.saveAs(docxPath)
    const docxBytes = await readFile(docxPath)
    expect((await JSZip.loadAsync(docxBytes)).file('word/document.xml')).not.toBeNull()
    const { value: docxText } = await mammoth.extractRawText({ buffer: docxBytes })
    for (const text of expected) expect(squeeze(docxText), text).toContain(squeeze(text))

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger (PDF)' }).click(),
    ])
    const pdfPath = join(downloads, pdf.suggestedFilename())
    await pdf.saveAs(pdfPath)
    const pdfBytes = await readFile(pdfPath)
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdfBytes)), { mergePages: true })
    for (const t of expected) expect(squeeze(text as string), t).toContain(squeeze(t))
  })

  it('shows the board snapshot with the record’s cluster highlighted, and the actors', async () => {
    await page.getByRole('link', { name: 'Voir le tableau tel qu’il était' }).click()
    const svg = page.getByRole('img', { name: /Groupe surligné : Tiers-lieu/ })
    await svg.waitFor()
    expect(await page.locator('[data-highlighted="true"]').count()).toBe(1)
    expect(await page.locator('.snapshot-cluster').count()).toBe(3)
    await screenshot(page, 'projects-05-snapshot')

    await page.goto('/acteurs')
    await page.getByRole('heading', { name: 'Commune de Plouguerneau' }).waitFor()
    expect(await page.getByTestId('mix-P1').textContent()).toContain('1')
    await screenshot(page, 'projects-06-actors')
  })

  it('reads well on a phone', async () => {
    const { page: phonePage, watch: phoneWatch } = await run.person({
      device: 'phone',
      cookies: await context.cookies(),
      ignore: [],
    })
    await phonePage.goto('/projets')
    await phonePage.getByRole('heading', { name: 'Fiches-projets' }).waitFor()
    const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await screenshot(phonePage, 'projects-07-phone-list')
    // The record page at phone width, and in English.
    await phonePage.getByRole('link', { name: tiersLieu }).click()
    await phonePage.getByRole('heading', { level: 1, name: /Tiers-lieu/ }).waitFor()
    expect(
      await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0)
    await phonePage.getByLabel('Langue').selectOption('en')
    await phonePage.getByRole('heading', { name: 'Documents for the committee' }).waitFor()
    // Amounts keep what was typed until the page loads again, then follow the language.
    await phonePage.reload()
    await phonePage.getByLabel('Estimated budget').waitFor()
    expect(await phonePage.getByLabel('Estimated budget').inputValue()).toBe('185000.50')
    await screenshot(phonePage, 'projects-08-phone-record-en')
    expect(phoneWatch.problems).toEqual([])
    expect(watch.problems).toEqual([])
  })
})
