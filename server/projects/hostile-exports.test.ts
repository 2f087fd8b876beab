import JSZip from 'jszip'
import mammoth from 'mammoth'
import { extractText, getDocumentProxy } from 'unpdf'
import { beforeAll, expect, it } from 'vitest'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { findRefusedText, isRefusedText } from '../http/text-rule.ts'
import { signUp } from '../testing/app.ts'
import { hostileCorpus } from '../testing/hostile-text.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createContract, createWorkshop } from '../testing/workshops.ts'
import { parseCsv } from './testing/csv-parse.ts'
import { type ExampleWorkshop, writeExampleBoard } from './testing/example-board.ts'
import { type ConversionBody, clearShapes, convert, exampleContract } from './testing/example-workshop.ts'

/**
 * Hostile text that reached a board (http/hostile-text.test.ts covers what the schemas refuse) never
 * breaks conversion or an export. The live board is written the way the server writes it
 * (app.liveBoards.change): a card's text comes over Yjs, not through the HTTP schemas, so NUL and lone
 * surrogates are on it too. Ideas are also posted over HTTP and guests join with hostile names.
 */

/** Control characters no document should carry (tab and line feed aside). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const controlCharacter = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

const n = hostileCorpus.length
const hostileBoard: ExampleWorkshop = {
  title: 'Atelier hostile',
  participants: [],
  zones: [
    {
      priorityCode: 'P1',
      actionCode: '1.1',
      clusters: hostileCorpus.map((h, i) => ({
        title: h.text,
        ideas: [
          { text: h.text, author: hostileCorpus[(i + 1) % n]!.text, votes: 2 },
          { text: `Idée ${i} ${h.text}`, author: h.text, votes: 1 },
        ],
      })),
      loose: hostileCorpus.slice(0, 6).map((h) => ({ text: h.text, author: h.text, votes: 0 })),
    },
    // Zone codes are free text on the board.
    {
      priorityCode: 'P\u0000',
      actionCode: '\ud83d',
      clusters: [{ title: 'Zone au code hostile', ideas: [{ text: 'Une idée', author: 'Anne', votes: 1 }] }],
      loose: [],
    },
  ],
}

describeEachStore('hostile text through conversion and every export ($name)', (target) => {
  const suite = suiteApp(target)
  let cookie: string
  let workshopId: string
  let projects: ProjectRecord[]
  let snapshotId: string
  let boardId: string
  let contractId: string

  beforeAll(async () => {
    cookie = (await signUp(suite.app)).cookie
    const contract = await createContract(suite.app, cookie, exampleContract)
    contractId = contract.id
    const workshop = await createWorkshop(suite.app, cookie, {
      contractId: contract.id,
      title: 'Atelier hostile',
    })
    workshopId = workshop.id
    boardId = workshop.boardId
    await suite.app.liveBoards.change(workshop.boardId, (doc) => {
      clearShapes(doc)
      return writeExampleBoard(doc, hostileBoard, 'hx', { votes: false })
    })
    // Over HTTP: guests with hostile names post hostile ideas (what the schemas take).
    for (const hostile of hostileCorpus) {
      const join = await suite.app.inject({
        method: 'POST',
        url: '/api/join',
        payload: { code: workshop.joinCode, displayName: hostile.text },
      })
      if (join.statusCode !== 201) continue
      const guest = join.cookies.find((c) => c.name === 'kenlabour_session')!
      await suite.app.inject({
        method: 'POST',
        url: `/api/boards/${workshop.boardId}/ideas`,
        headers: { cookie: `kenlabour_session=${guest.value}` },
        payload: { text: hostile.text, priorityCode: 'P1', actionCode: '1.1' },
      })
    }
  }, 120_000)

  const get = (url: string) => suite.app.inject({ method: 'GET', url, headers: { cookie } })

  it('converts the board, keeping the text without NUL or lone surrogates', async () => {
    const response = await convert(suite.app, cookie, workshopId)
    expect(response.statusCode, response.body.slice(0, 300)).toBe(201)
    const body = response.json() as ConversionBody
    projects = body.projects
    snapshotId = body.snapshotId
    expect(projects.length).toBeGreaterThanOrEqual(n)
    const titles = projects.map((p) => p.title)
    expect(titles).toContain('=HYPERLINK("http://evil.example","clic")')
    expect(titles).toContain('👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇧🇿')
    expect(titles).toContain('idéecachée')
    const stored = (await get(`/api/projects?workshopId=${workshopId}`)).json()
    expect(findRefusedText(stored)).toBeNull()
    // Converting again (an idempotent refresh) reads the same board.
    const again = await convert(suite.app, cookie, workshopId)
    expect(again.statusCode, again.body.slice(0, 300)).toBeLessThan(300)
  })

  it('edits records with hostile text in every field', async () => {
    for (const [i, project] of projects.entries()) {
      const text = hostileCorpus[i % n]!.text
      if (isRefusedText(text)) continue
      const current = (await get(`/api/projects/${project.id}`)).json() as ProjectRecord
      const response = await suite.app.inject({
        method: 'PATCH',
        url: `/api/projects/${project.id}`,
        headers: { cookie },
        payload: {
          version: current.version,
          summary: text,
          objectives: text,
          carrier: { name: text.slice(0, 200) || 'Commune', type: 'collectivite' },
          partners: [{ name: text.slice(0, 200) || 'Pôle', type: 'ess', role: text.slice(0, 200) }],
          fundingSources: [{ name: text.slice(0, 200) || 'Région', amount: 1000, secured: true }],
          indicators: [
            {
              label: text.slice(0, 200) || 'Indicateur',
              unit: text.slice(0, 40),
              baseline: null,
              target: 12,
              measures: [{ value: 3, date: '2027-06-30' }],
            },
          ],
          evaluationWorked: text,
          evaluationNotWorked: text,
          evaluationLessons: text,
          riskToSecure: text,
        },
      })
      expect(
        response.statusCode,
        `${hostileCorpus[i % n]!.name}: ${response.body.slice(0, 200)}`,
      ).toBeLessThan(500)
    }
  })

  // The documents are built from the records as read back, the same on either store: the whole sweep
  // (about 40 s) runs on the embedded store, the first three records on Postgres.
  it('exports every record in every format without failing, text readable back', async () => {
    const swept = target.name === 'pglite' ? projects : projects.slice(0, 3)
    for (const project of swept) {
      for (const format of ['json', 'md', 'docx', 'pdf'] as const) {
        const response = await get(`/api/projects/${project.id}/export?format=${format}`)
        expect(response.statusCode, `${format} of ${JSON.stringify(project.title.slice(0, 40))}`).toBe(200)
        if (format === 'md') {
          expect(response.body).not.toMatch(controlCharacter)
          expect(isRefusedText(response.body)).toBe(false)
        }
        if (format === 'docx') {
          const zip = await JSZip.loadAsync(response.rawPayload)
          const xml = await zip.file('word/document.xml')!.async('string')
          expect(xml).not.toMatch(controlCharacter)
          expect(
            (await mammoth.extractRawText({ buffer: response.rawPayload })).value.length,
          ).toBeGreaterThan(0)
        }
        if (format === 'pdf') {
          const pdf = await getDocumentProxy(new Uint8Array(response.rawPayload))
          const { text } = await extractText(pdf, { mergePages: true })
          expect(text as string).toContain('FICHE-PROJET')
        }
      }
      for (const url of [`/api/projects/${project.id}/board`, `/api/projects/${project.id}/history`])
        expect((await get(url)).statusCode, url).toBe(200)
    }
  }, 300_000)

  it('exports the records as CSV with every formula neutralised', async () => {
    for (const query of [`workshopId=${workshopId}`, `contractId=${contractId}`]) {
      const response = await get(`/api/projects/export.csv?${query}`)
      expect(response.statusCode).toBe(200)
      expect(response.body.replaceAll('\r\n', '\n')).not.toMatch(controlCharacter)
      const rows = parseCsv(response.body.slice(1))
      expect(rows.length).toBe(projects.length + 1)
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
      expect(rows.flat()).toContain(`'=HYPERLINK("http://evil.example","clic")`)
    }
  })

  it('exports the participants list as CSV with every formula neutralised', async () => {
    const response = await get(`/api/workshops/${workshopId}/participants.csv`)
    expect(response.statusCode).toBe(200)
    expect(response.body.replaceAll('\r\n', '\n')).not.toMatch(controlCharacter)
    const rows = parseCsv(response.body.slice(1))
    expect(rows.length).toBeGreaterThan(20)
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    expect(rows.map((r) => r[0])).toContain(`'+cmd|'/C calc'!A0`)
  })

  it('serves the board, its snapshot and its ideas', async () => {
    for (const url of [
      `/api/board-snapshots/${snapshotId}`,
      `/api/boards/${boardId}/snapshot`,
      `/api/boards/${boardId}/ideas`,
      `/api/boards/${boardId}/votes`,
      `/api/workshops/${workshopId}/conversion`,
      `/api/workshops/${workshopId}/participants`,
    ]) {
      const response = await get(url)
      expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200)
    }
  })
})
