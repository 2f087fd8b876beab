import JSZip from 'jszip'
import mammoth from 'mammoth'
import { extractText, getDocumentProxy } from 'unpdf'
import { beforeAll, expect, it } from 'vitest'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { inviteMember, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest } from '../testing/workshops.ts'
import { csvColumns } from './export/csv.ts'
import { formatEuros } from './export/fiche.ts'
import { parseCsv } from './testing/csv-parse.ts'
import { type ConversionBody, convert, exampleWorkshop } from './testing/example-workshop.ts'

const squeeze = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, '')

describeEachStore('project records: edit, list, actors, documents, rights ($name)', (target) => {
  const suite = suiteApp(target)
  let cookie: string
  let workshopId: string
  let contractId: string
  let projects: ProjectRecord[]
  let guestCookie: string

  const get = (url: string, as = cookie) => suite.app.inject({ method: 'GET', url, headers: { cookie: as } })
  const patch = (id: string, payload: Record<string, unknown>, as = cookie) =>
    suite.app.inject({ method: 'PATCH', url: `/api/projects/${id}`, headers: { cookie: as }, payload })
  const fresh = async (id: string) => (await get(`/api/projects/${id}`)).json() as ProjectRecord

  beforeAll(async () => {
    const setup = await exampleWorkshop(suite.app)
    cookie = setup.facilitator.cookie
    workshopId = setup.workshop.id
    contractId = setup.contract.id
    // A participant who joined while the workshop was open.
    guestCookie = (await joinAsGuest(suite.app, setup.workshop.joinCode, 'Soizic')).cookie
    const body = (await convert(suite.app, cookie, workshopId)).json() as ConversionBody
    projects = body.projects
  })

  const byTitle = (start: string) => projects.find((p) => p.title.startsWith(start))!

  it('completes a record through the statuses, with carrier and partners as reused actors', async () => {
    const tiersLieu = byTitle('Tiers-lieu')
    // Submitting needs a carrier, a budget and a schedule: the first missing one is named.
    const early = await patch(tiersLieu.id, { version: tiersLieu.version, status: 'submitted' })
    expect(early.statusCode).toBe(400)
    expect(early.json().error.code).toBe('invalid_field')
    expect(early.json().error).toMatchObject({ field: 'carrier', details: { reason: 'required' } })
    expect(early.json().error.message).toMatch(/^Porteur/)

    const complete = await patch(tiersLieu.id, {
      version: tiersLieu.version,
      status: 'submitted',
      carrier: { name: 'Commune de Plouguerneau', type: 'collectivite' },
      partners: [
        { name: 'Pôle ESS du Pays', type: 'ess', role: 'Animation' },
        { name: 'Café des Abers', type: 'association', role: 'Gestion du café' },
      ],
      budget: 185000.5,
      fundingSources: [
        { name: 'Région Bretagne', amount: 90000, secured: true },
        { name: 'LEADER', amount: 60000.25, secured: false },
      ],
      scheduleStart: '2027-03-01',
      scheduleEnd: '2028-12-31',
      indicators: [
        { label: 'Structures hébergées', unit: 'structures', baseline: 0, target: 12, measures: [] },
      ],
      supportNeeded: 'Ingénierie financière',
      riskToSecure: 'Fonds de garantie pour l’emprunt',
      expectedOutcomes: 'Un lieu ouvert « toute l’année »',
    })
    expect(complete.statusCode, complete.body).toBe(200)
    const record = complete.json() as ProjectRecord
    expect(record).toMatchObject({
      status: 'submitted',
      budget: 185000.5,
      carrier: { name: 'Commune de Plouguerneau', type: 'collectivite' },
      version: tiersLieu.version + 1,
    })
    expect(record.partners.map((p) => p.name)).toEqual(['Pôle ESS du Pays', 'Café des Abers'])
    expect(record.editedFields).toEqual(
      expect.arrayContaining(['status', 'carrier', 'partners', 'budget', 'scheduleEnd']),
    )
    expect(await fresh(tiersLieu.id)).toEqual(record)

    // Another record names the same carrier, written differently: one actor for both.
    const covoiturage = byTitle('Plateforme de covoiturage')
    const second = await patch(covoiturage.id, {
      version: covoiturage.version,
      status: 'in_instruction',
      carrier: { name: '  commune de   PLOUGUERNEAU ', type: 'collectivite' },
      partners: [{ name: 'Transports Le Goff', type: 'entreprise', role: 'Véhicules' }],
    })
    expect(second.statusCode, second.body).toBe(200)
    const actors = (await get('/api/actors')).json()
    const commune = actors.actors.filter((a: any) => a.name.toLowerCase().includes('plouguerneau'))
    expect(commune).toHaveLength(1)
    expect(commune[0].projects.map((p: any) => p.id).sort()).toEqual([tiersLieu.id, covoiturage.id].sort())
    expect(commune[0].projects.every((p: any) => p.role === 'carrier')).toBe(true)
    const goff = actors.actors.find((a: any) => a.name === 'Transports Le Goff')
    expect(goff.projects).toEqual([
      expect.objectContaining({ id: covoiturage.id, role: 'partner', partnerRole: 'Véhicules' }),
    ])
    // Public/private mix per priority: P1 has the commune (public) and two private partners.
    const p1 = actors.mixByPriority.find((m: any) => m.priorityCode === 'P1')
    expect(p1).toMatchObject({ public: 1, private: 2, total: 3 })
    expect(p1.byType).toMatchObject({ collectivite: 1, ess: 1, association: 1 })
    const p2 = actors.mixByPriority.find((m: any) => m.priorityCode === 'P2')
    expect(p2).toMatchObject({ public: 1, private: 1, total: 2 })

    // History names who changed which field.
    const history = (await get(`/api/projects/${tiersLieu.id}/history`)).json().history
    const budgetChange = history.find((h: any) => h.field === 'budget')
    expect(budgetChange).toMatchObject({ source: 'edit', oldValue: null, newValue: 185000.5 })
    projects = projects.map((p) =>
      p.id === tiersLieu.id ? record : p.id === covoiturage.id ? second.json() : p,
    )
  })

  it('records naming the same new actors at once share them, whatever the order (no duplicate, no deadlock)', async () => {
    const [a, b] = await Promise.all(projects.slice(0, 2).map((p) => fresh(p.id)))
    const names = [
      'Communauté de communes du Pays des Abers',
      'Association Ensemble',
      'SCIC Énergies locales',
    ]
    const responses = await Promise.all([
      patch(a!.id, {
        version: a!.version,
        partners: names.map((name) => ({ name, type: 'association', role: '' })),
      }),
      patch(b!.id, {
        version: b!.version,
        partners: [...names]
          .reverse()
          .map((name) => ({ name: name.toUpperCase(), type: 'association', role: '' })),
      }),
    ])
    for (const response of responses) expect(response.statusCode, response.body).toBe(200)
    const actors = (await get('/api/actors')).json().actors as { name: string; projects: { id: string }[] }[]
    for (const name of names) {
      const matching = actors.filter((x) => x.name.toLowerCase() === name.toLowerCase())
      expect(matching, name).toHaveLength(1)
      expect(matching[0]!.projects.map((p) => p.id).sort()).toEqual([a!.id, b!.id].sort())
    }
    // Back to no partners, so the next tests see the records as they were.
    for (const response of responses) {
      const r = response.json() as ProjectRecord
      expect((await patch(r.id, { version: r.version, partners: [] })).statusCode).toBe(200)
    }
  })

  it('refuses invalid fields with 400 naming the field, and a stale version with 409', async () => {
    const velo = await fresh(byTitle('Atelier vélo').id)
    const cases: [Record<string, unknown>, string][] = [
      [{ budget: -1 }, 'budget'],
      [{ budget: 10.001 }, 'budget'],
      [{ scheduleStart: '2028-01-01', scheduleEnd: '2027-01-01' }, 'scheduleEnd'],
      [{ scheduleStart: '2027-02-30' }, 'scheduleStart'],
      [{ priorityCode: 'P9' }, 'priorityCode'],
      [{ actionCode: '3.1' }, 'actionCode'],
      [{ fundingSources: [{ name: 'Région', amount: -5, secured: false }] }, 'fundingSources.0.amount'],
      [{ status: 'funded' }, 'carrier'],
      [{ title: '   ' }, 'title'],
    ]
    for (const [body, field] of cases) {
      const response = await patch(velo.id, { version: velo.version, ...body })
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json().error.field, response.body).toBe(field)
    }
    // Types and shapes are refused by the schema, also naming the field.
    for (const [body, field] of [
      [{ budget: 'cher' }, 'budget'],
      [{ status: 'done' }, 'status'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ carrier: { name: 'X', type: 'mairie' } }, 'carrier'],
    ] as const) {
      const response = await patch(velo.id, { version: velo.version, ...body })
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json().error.field ?? response.json().error.message, response.body).toContain(field)
    }
    expect((await patch(velo.id, { title: 'Sans version' })).statusCode).toBe(400)
    // Nothing was written by refused requests.
    expect((await fresh(velo.id)).version).toBe(velo.version)

    const ok = await patch(velo.id, { version: velo.version, summary: 'Première version' })
    expect(ok.statusCode).toBe(200)
    const stale = await patch(velo.id, { version: velo.version, summary: 'Écrasement silencieux ?' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('stale_version')
    expect((await fresh(velo.id)).summary).toBe('Première version')
  })

  it('two people saving the same version at once: one wins, the other gets 409', async () => {
    const velo = await fresh(byTitle('Atelier vélo').id)
    const [a, b] = await Promise.all([
      patch(velo.id, { version: velo.version, evaluation: 'Version A' }),
      patch(velo.id, { version: velo.version, evaluation: 'Version B' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const winner = a.statusCode === 200 ? 'Version A' : 'Version B'
    expect((await fresh(velo.id)).evaluation).toBe(winner)
  })

  it('lists with filters, counts per priority and the priorities and actions no record covers', async () => {
    const all = (await get(`/api/projects?contractId=${contractId}`)).json()
    expect(all.projects).toHaveLength(3)
    expect(all.countsByPriority).toEqual([
      expect.objectContaining({
        priorityCode: 'P1',
        count: 1,
        priorityTitle: expect.stringContaining('attractivité'),
      }),
      expect.objectContaining({ priorityCode: 'P2', count: 2 }),
    ])
    const [uncovered] = all.uncovered
    expect(uncovered.priorities.map((p: any) => p.code)).toEqual(['P3'])
    expect(uncovered.actions.map((a: any) => a.code)).toEqual([
      '1.1',
      '1.3',
      '2.1',
      '2.2',
      '3.1',
      '3.2',
      '3.3',
    ])

    expect((await get(`/api/projects?priorityCode=P2`)).json().projects).toHaveLength(2)
    expect((await get(`/api/projects?actionCode=1.2`)).json().projects).toHaveLength(1)
    expect((await get(`/api/projects?status=submitted`)).json().projects.map((p: any) => p.title)).toEqual([
      byTitle('Tiers-lieu').title,
    ])
    expect(
      (await get(`/api/projects?workshopId=${workshopId}&status=abandoned`)).json().projects,
    ).toHaveLength(0)
    expect((await get(`/api/projects?status=nope`)).statusCode).toBe(400)
    expect((await get(`/api/projects?workshopId=x`)).statusCode).toBe(400)
  })

  it('exports a record as Markdown, PDF, DOCX and JSON that read back as the record', async () => {
    const record = await fresh(byTitle('Tiers-lieu').id)
    const expected = [
      record.title,
      `${record.priorityCode} – ${record.priorityTitle}`,
      `${record.actionCode} – ${record.actionTitle}`,
      record.carrier!.name,
      ...record.partners.map((p) => p.name),
      formatEuros(record.budget!),
      'Du 1 mars 2027 au 31 décembre 2028.',
      'Structures hébergées',
      'Fonds de garantie pour l’emprunt',
      '« toute l’année »',
      ...record.provenance.ideas.flatMap((i) => [i.text, i.authorName]),
    ]

    const md = await get(`/api/projects/${record.id}/export?format=md`)
    expect(md.statusCode).toBe(200)
    expect(md.headers['content-type']).toContain('text/markdown')
    expect(md.headers['content-disposition']).toMatch(/^attachment; filename="fiche-projet-tiers-lieu-/)
    for (const text of expected) expect(squeeze(md.body.replaceAll('\\', '')), text).toContain(squeeze(text))

    const docx = await get(`/api/projects/${record.id}/export?format=docx`)
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    const zip = await JSZip.loadAsync(docx.rawPayload)
    expect(zip.file('word/document.xml')).not.toBeNull()
    const { value: docxText } = await mammoth.extractRawText({ buffer: docx.rawPayload })
    for (const text of expected) expect(squeeze(docxText), text).toContain(squeeze(text))

    const pdf = await get(`/api/projects/${record.id}/export?format=pdf`)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const { text: pdfText } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), {
      mergePages: true,
    })
    for (const text of expected) expect(squeeze(pdfText as string), text).toContain(squeeze(text))

    const json = await get(`/api/projects/${record.id}/export?format=json`)
    expect(json.headers['content-type']).toContain('application/json')
    expect(JSON.parse(json.body)).toEqual(record)

    expect((await get(`/api/projects/${record.id}/export?format=odt`)).statusCode).toBe(400)
  })

  it('exports the filtered list as CSV (BOM, `;`) whose rows match the records', async () => {
    const response = await get(`/api/projects/export.csv?contractId=${contractId}`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const rows = parseCsv(response.body.replace(/^\ufeff/, ''))
    expect(rows[0]).toEqual([...csvColumns])
    const list = (await get(`/api/projects?contractId=${contractId}`)).json().projects as ProjectRecord[]
    expect(rows.slice(1)).toHaveLength(list.length)
    const col = (name: (typeof csvColumns)[number]) => csvColumns.indexOf(name)
    for (const record of list) {
      const row = rows.find((r) => r[col('Identifiant')] === record.id)!
      expect(row[col('Titre')]).toBe(record.title)
      expect(row[col('Priorité')]).toBe(record.priorityCode)
      expect(row[col('Fiche-action')]).toBe(record.actionCode)
      expect(row[col('Gommettes')]).toBe(String(record.provenance.totalDots))
      expect(row[col('Idées')]).toBe(String(record.provenance.ideas.length))
      expect(row[col('Porteur')]).toBe(record.carrier?.name ?? '')
      expect(row[col('Budget prévisionnel (€)')]).toBe(
        record.budget === null ? '' : record.budget.toFixed(2).replace('.', ','),
      )
    }
    const filtered = parseCsv(
      (await get(`/api/projects/export.csv?status=submitted`)).body.replace(/^\ufeff/, ''),
    )
    expect(filtered).toHaveLength(2)
  })

  it('shows and changes records only for members of the owning council', async () => {
    const record = projects[0]!
    const stranger = await signUp(suite.app)
    for (const url of [
      `/api/projects/${record.id}`,
      `/api/projects/${record.id}/history`,
      `/api/projects/${record.id}/export?format=pdf`,
      `/api/projects/${record.id}/board`,
      `/api/board-snapshots/${record.snapshotId}`,
      `/api/workshops/${workshopId}/conversion`,
    ]) {
      expect((await get(url, stranger.cookie)).statusCode, url).toBe(404)
    }
    expect(
      (await patch(record.id, { version: record.version, title: 'Piratage' }, stranger.cookie)).statusCode,
    ).toBe(404)
    expect((await get('/api/projects', stranger.cookie)).json().projects).toHaveLength(0)
    expect((await get('/api/actors', stranger.cookie)).json().actors).toHaveLength(0)
    expect((await get(`/api/projects/export.csv`, stranger.cookie)).body.trim().split('\r\n')).toHaveLength(1)

    // A colleague of the same council sees and edits the records.
    const colleague = await inviteMember(suite.app, cookie)
    expect((await get(`/api/projects/${record.id}`, colleague.cookie)).statusCode).toBe(200)

    // Guests and anonymous visitors see nothing.
    expect((await get(`/api/projects/${record.id}`, guestCookie)).statusCode).toBe(403)
    expect((await patch(record.id, { version: record.version, title: 'x' }, guestCookie)).statusCode).toBe(
      403,
    )
    expect((await get('/api/projects', guestCookie)).statusCode).toBe(403)
    expect((await suite.app.inject({ method: 'GET', url: `/api/projects/${record.id}` })).statusCode).toBe(
      401,
    )

    // Unknown ids.
    expect((await get(`/api/projects/${crypto.randomUUID()}`)).statusCode).toBe(404)
    expect((await patch(crypto.randomUUID(), { version: 1, title: 'x' })).statusCode).toBe(404)
    expect((await get(`/api/projects/${crypto.randomUUID()}/export?format=md`)).statusCode).toBe(404)
    expect((await get(`/api/board-snapshots/${crypto.randomUUID()}`)).statusCode).toBe(404)
    expect((await get(`/api/projects/not-a-uuid`)).statusCode).toBe(400)
  })
})
