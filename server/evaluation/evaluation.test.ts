import { expect, it } from 'vitest'
import type { ContractProgress, PriorityProgress } from '../../shared/api/evaluation.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { exportCouncil } from '../council-archive/export.ts'
import { importCouncil } from '../council-archive/import.ts'
import { jsonOf, rezip, unzip } from '../council-archive/testing/archive-files.ts'
import { json } from '../db/connect.ts'
import * as indicatorsMigration from '../db/migrations/2026-12-07-1300-indicators.ts'
import { csvColumns } from '../projects/export/csv.ts'
import { parseCsv } from '../projects/testing/csv-parse.ts'
import { type ConversionBody, convert, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { docxText, pdfText, squeeze } from '../projects/testing/read-export.ts'
import { signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createContract, createWorkshop } from '../testing/workshops.ts'

/** What a funded record needs (shared/projects/validation.ts), for the records these tests fund. */
const fundable = {
  carrier: { name: 'Commune de Plouguerneau', type: 'collectivite' },
  objectives: 'Ouvrir un tiers-lieu',
  budget: 120000,
  scheduleStart: '2027-01-01',
  scheduleEnd: '2028-12-31',
  fundingSources: [{ name: 'Région Bretagne', amount: 60000, secured: true }],
}

const indicator = (over: Record<string, unknown> = {}) => ({
  label: 'Emplois créés',
  unit: 'emplois',
  baseline: 0,
  target: 10,
  measures: [] as { value: unknown; date: unknown }[],
  ...over,
})

describeEachStore('evaluation: indicators, statuses after funding, contract progress ($name)', (target) => {
  const suite = suiteApp(target)
  let cookie: string
  let records: ProjectRecord[]
  let contractId: string

  const inject = (method: 'GET' | 'PATCH', url: string, payload?: object, as: string | null = cookie) =>
    suite.app.inject({ method, url, payload, headers: as ? { cookie: as } : {} })
  const fresh = async (id: string) => (await inject('GET', `/api/projects/${id}`)).json() as ProjectRecord
  const patch = async (id: string, change: object, as: string | null = cookie) =>
    inject('PATCH', `/api/projects/${id}`, { version: (await fresh(id)).version, ...change }, as)

  /** The converted example workshop's records, once per suite. */
  async function example() {
    if (records) return records
    const setup = await exampleWorkshop(suite.app)
    cookie = setup.facilitator.cookie
    contractId = setup.contract.id
    records = ((await convert(suite.app, cookie, setup.workshop.id)).json() as ConversionBody).projects
    return records
  }

  it('rewrites indicators stored before measures existed, and reads them the same way', async () => {
    const [record] = await example()
    await suite.store.db
      .updateTable('projects')
      .set({
        indicators: json([
          { label: 'Structures hébergées', target: '12' },
          { label: 'Taux de remplissage', target: '75 %' },
          { label: 'Surface', target: '1 200,5' },
          { label: 'Durée', target: '12 à 18 mois' },
          { label: 'Sans cible', target: '' },
        ] as never),
      })
      .where('id', '=', record!.id)
      .execute()
    // Before the migration runs, the API already reads them as today's shape.
    const expected = [
      { label: 'Structures hébergées', unit: '', baseline: null, target: 12, measures: [] },
      { label: 'Taux de remplissage', unit: '%', baseline: null, target: 75, measures: [] },
      { label: 'Surface', unit: '', baseline: null, target: 1200.5, measures: [] },
      { label: 'Durée (cible : 12 à 18 mois)', unit: '', baseline: null, target: null, measures: [] },
      { label: 'Sans cible', unit: '', baseline: null, target: null, measures: [] },
    ]
    expect((await fresh(record!.id)).indicators).toEqual(expected)

    await indicatorsMigration.up(suite.store.db)
    const stored = await suite.store.db
      .selectFrom('projects')
      .select('indicators')
      .where('id', '=', record!.id)
      .executeTakeFirstOrThrow()
    expect(stored.indicators).toEqual(expected)
    expect((await fresh(record!.id)).indicators).toEqual(expected)
    // Run again: nothing changes (records already in today's shape are left alone).
    await indicatorsMigration.up(suite.store.db)
    expect((await fresh(record!.id)).indicators).toEqual(expected)
  })

  it('refuses bad measures, non-numbers, too many measures and an evaluated record without its evaluation', async () => {
    const [, record] = await example()
    const refused = async (change: object, code: string, field?: string, reason?: string) => {
      const answer = await patch(record!.id, change)
      expect(answer.statusCode, answer.body).toBe(400)
      expect(answer.json().error.code).toBe(code)
      if (field) expect(answer.json().error.field).toBe(field)
      if (reason) expect(answer.json().error.details.reason).toBe(reason)
    }
    const date = (d: string) => ({ indicators: [indicator({ measures: [{ value: 3, date: d }] })] })
    await refused(date('2027-02-30'), 'invalid_field', 'indicators.0.measures.0.date', 'invalid_date')
    await refused(date('30/06/2027'), 'invalid_field', 'indicators.0.measures.0.date', 'invalid_date')
    await refused(date('2027-06-30T10:00'), 'invalid_input')
    await refused(
      { indicators: [indicator({ measures: [{ value: 'douze', date: '2027-06-30' }] })] },
      'invalid_input',
    )
    await refused({ indicators: [indicator({ target: 'dix' })] }, 'invalid_input')
    await refused({ indicators: [indicator({ baseline: 'beaucoup' })] }, 'invalid_input')
    await refused({ indicators: [{ label: 'Emplois', target: '10' }] }, 'invalid_input')
    const many = Array.from({ length: 101 }, (_, i) => ({ value: i, date: '2027-06-30' }))
    await refused({ indicators: [indicator({ measures: many })] }, 'invalid_input')
    await refused(
      { indicators: [indicator({ label: '  ' })] },
      'invalid_field',
      'indicators.0.label',
      'empty_name',
    )

    // Evaluated needs what funded needs and the three parts of the evaluation.
    await refused({ ...fundable, status: 'evaluated' }, 'invalid_field', 'evaluationWorked', 'required')
    await refused(
      { ...fundable, status: 'evaluated', evaluationWorked: 'Le café', evaluationNotWorked: 'Les bureaux' },
      'invalid_field',
      'evaluationLessons',
      'required',
    )
    expect((await patch(record!.id, { ...fundable, status: 'in_progress' })).statusCode).toBe(200)
    expect((await patch(record!.id, { status: 'completed' })).statusCode).toBe(200)
    const unchanged = await fresh(record!.id)
    expect(unchanged.status).toBe('completed')
    expect(unchanged.indicators).toEqual([])
  })

  it('keeps an indicator with two measures and the three-part evaluation, in the record and its documents', async () => {
    const [, , record] = await example()
    const saved = await patch(record!.id, {
      ...fundable,
      status: 'evaluated',
      indicators: [
        indicator({
          label: '  Emplois créés  ',
          measures: [
            { value: 12, date: '2028-06-30' },
            { value: 4, date: '2027-06-30' },
          ],
        }),
        indicator({
          label: 'Déchets enfouis',
          unit: 't',
          baseline: 120,
          target: 80,
          measures: [{ value: 95, date: '2028-01-15' }],
        }),
      ],
      evaluationWorked: 'Le café a fédéré « les associations ».',
      evaluationNotWorked: 'Les bureaux partagés se sont remplis lentement.',
      evaluationLessons: 'Ouvrir le café d’abord.',
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const body = saved.json() as ProjectRecord
    expect(body.indicators[0]).toEqual(
      indicator({
        measures: [
          { value: 12, date: '2028-06-30' },
          { value: 4, date: '2027-06-30' },
        ],
      }),
    )
    expect(body).toMatchObject({ status: 'evaluated', evaluationLessons: 'Ouvrir le café d’abord.' })
    expect(await fresh(record!.id)).toEqual(body)

    const expected = [
      'Emplois créés',
      '4 emplois le 30 juin 2027 ; 12 emplois le 30 juin 2028',
      '95 t le 15 janvier 2028',
      'Ce qui a marché',
      'Le café a fédéré « les associations ».',
      'Ce qui n’a pas marché',
      'Les bureaux partagés se sont remplis lentement.',
      'Enseignements',
      'Ouvrir le café d’abord.',
    ]
    const download = (format: string) => inject('GET', `/api/projects/${record!.id}/export?format=${format}`)
    const md = (await download('md')).body.replaceAll('\\', '')
    const docx = await docxText((await download('docx')).rawPayload)
    const pdf = (await pdfText((await download('pdf')).rawPayload)).text
    for (const [name, text] of [
      ['md', md],
      ['docx', docx],
      ['pdf', pdf],
    ] as const)
      for (const part of expected) expect(squeeze(text), `${name}: ${part}`).toContain(squeeze(part))
    // Reached: the rising one at 12 for 10 (yes), the falling one at 95 for 80 from 120 (no).
    expect(squeeze(md)).toMatch(/12emploisle30juin2028\|Oui/)
    expect(squeeze(md)).toMatch(/95tle15janvier2028\|Non/)

    const csv = await inject('GET', `/api/projects/export.csv?contractId=${contractId}&status=evaluated`)
    const rows = parseCsv(csv.body.replace(/^\ufeff/, ''))
    const column = (name: string) => rows[1]![csvColumns.indexOf(name as never)]
    expect(rows).toHaveLength(2)
    expect(column('Indicateurs')).toContain('mesures 4 emplois le 2027-06-30 ; 12 emplois le 2028-06-30')
    expect(column('Indicateurs atteints')).toBe('1 sur 2')
    expect(column('Ce qui a marché')).toBe('Le café a fédéré « les associations ».')
    expect(column('Ce qui n’a pas marché')).toBe('Les bureaux partagés se sont remplis lentement.')
    expect(column('Enseignements')).toBe('Ouvrir le café d’abord.')
  })

  it('carries indicators and the evaluation through the council archive, and upgrades an older archive', async () => {
    const [, , record] = await example()
    const evaluated = await fresh(record!.id)
    expect(evaluated.status).toBe('evaluated')
    const archive = (await exportCouncil(suite.store.db, evaluated.councilId, { instanceVersion: 'test' }))!
    const rowOf = async (councilId: string) =>
      suite.store.db
        .selectFrom('projects')
        .select(['indicators', 'evaluation_worked', 'evaluation_not_worked', 'evaluation_lessons', 'status'])
        .where('council_id', '=', councilId)
        .where('title', '=', evaluated.title)
        .executeTakeFirstOrThrow()

    // Imported beside the original (new ids): the same indicators, measures and three parts.
    const copy = await importCouncil(suite.store.db, archive.bytes)
    expect(await rowOf(copy.councilId)).toEqual({
      indicators: evaluated.indicators,
      evaluation_worked: evaluated.evaluationWorked,
      evaluation_not_worked: evaluated.evaluationNotWorked,
      evaluation_lessons: evaluated.evaluationLessons,
      status: 'evaluated',
    })

    // An archive written before: {label, target} indicators and no evaluation parts.
    const files = await unzip(archive.bytes)
    const projects = jsonOf(files, 'projects.json') as Record<string, unknown>[]
    const older = projects.map((p) => {
      const { evaluationWorked: _w, evaluationNotWorked: _n, evaluationLessons: _l, ...rest } = p
      return p.id === record!.id
        ? { ...rest, status: 'funded', indicators: [{ label: 'Emplois', target: '12' }] }
        : rest
    })
    const bytes = await rezip(archive.bytes, { 'projects.json': JSON.stringify(older) }, { restamp: true })
    const imported = await importCouncil(suite.store.db, bytes)
    expect(await rowOf(imported.councilId)).toEqual({
      indicators: [{ label: 'Emplois', unit: '', baseline: null, target: 12, measures: [] }],
      evaluation_worked: '',
      evaluation_not_worked: '',
      evaluation_lessons: '',
      status: 'funded',
    })
  })

  it('counts a contract’s ideas, records and reached indicators per priority', async () => {
    const owner = await signUp(suite.app)
    const contract = await createContract(suite.app, owner.cookie)
    const other = await createContract(suite.app, owner.cookie)
    const workshop = await createWorkshop(suite.app, owner.cookie, { contractId: contract.id })
    const db = suite.store.db
    let n = 0
    const idea = (priority: string | null, carried = false) => {
      n += 1
      return {
        id: crypto.randomUUID(),
        council_id: owner.councilId,
        contract_id: contract.id,
        workshop_id: workshop.id,
        shape_id: `shape:i${n}`,
        text: `Idée ${n}`,
        priority_code: priority,
        action_code: null,
        loose: n % 2 === 0,
        converted_at: new Date(),
        carried_to: carried ? workshop.id : null,
      }
    }
    await db
      .insertInto('archived_ideas')
      .values([
        idea('P1'),
        idea('P1'),
        idea('P1'),
        idea('P1', true),
        idea('P2'),
        idea('P2'),
        idea(null),
        idea('PX'),
      ])
      .execute()
    const record = (
      priority: string | null,
      status: string,
      indicators: unknown[] = [],
      onContract = contract.id,
    ) => {
      n += 1
      return {
        id: crypto.randomUUID(),
        council_id: owner.councilId,
        workshop_id: workshop.id,
        contract_id: onContract,
        cluster_id: `shape:c${n}`,
        title: `Fiche ${n}`,
        priority_code: priority,
        status: status as never,
        indicators: json(indicators as never),
        provenance: json({} as never),
      }
    }
    const reachedUp = indicator({ measures: [{ value: 12, date: '2028-01-01' }] })
    const missed = indicator({ measures: [{ value: 3, date: '2028-01-01' }] })
    const reachedDown = indicator({
      baseline: 100,
      target: 80,
      measures: [{ value: 75, date: '2028-01-01' }],
    })
    await db
      .insertInto('projects')
      .values([
        record('P1', 'emerging'),
        record('P1', 'submitted', [reachedUp]),
        record('P1', 'candidature'),
        record('P1', 'candidature'),
        record('P1', 'funded', [reachedUp, missed]),
        record('P1', 'in_progress', [reachedDown]),
        // Stored before measures: a target of 5, nothing measured.
        record('P1', 'evaluated', [{ label: 'Bénéficiaires', target: '5' }]),
        record('P1', 'abandoned', [reachedUp]),
        record('P2', 'completed', [
          indicator({ target: null, measures: [{ value: 3, date: '2028-01-01' }] }),
        ]),
        record('P2', 'candidature'),
        record(null, 'emerging'),
        record('P1', 'funded', [reachedUp], other.id),
      ])
      .execute()

    const answer = await inject('GET', `/api/contracts/${contract.id}/progress`, undefined, owner.cookie)
    expect(answer.statusCode, answer.body).toBe(200)
    const progress = answer.json() as ContractProgress
    const zero = { ideas: 0, candidates: 0, applications: 0, funded: 0, completed: 0, evaluated: 0 }
    const none = { indicatorsWithTarget: 0, indicatorsReached: 0 }
    const row = (over: Partial<PriorityProgress>) => ({ ...zero, ...none, ...over })
    expect(progress.contractId).toBe(contract.id)
    expect(progress.priorities.map((p) => p.priorityCode)).toEqual([
      ...contract.priorities.map((p: { code: string }) => p.code),
      null,
    ])
    const [p1, p2, ...rest] = progress.priorities
    expect(p1).toEqual(
      row({
        priorityCode: 'P1',
        priorityTitle: contract.priorities[0].title,
        ideas: 3,
        candidates: 5,
        applications: 2,
        funded: 3,
        completed: 1,
        evaluated: 1,
        indicatorsWithTarget: 4,
        indicatorsReached: 2,
      }),
    )
    expect(p2).toEqual(
      row({
        priorityCode: 'P2',
        priorityTitle: contract.priorities[1].title,
        ideas: 2,
        candidates: 1,
        applications: 1,
        funded: 1,
        completed: 1,
      }),
    )
    const noPriority = rest.at(-1)
    expect(noPriority).toEqual(row({ priorityCode: null, priorityTitle: null, ideas: 2, candidates: 1 }))
    for (const p of rest.slice(0, -1)) expect(p).toMatchObject({ ...zero, ...none })

    // The other contract counts only its own record.
    const second = (
      await inject('GET', `/api/contracts/${other.id}/progress`, undefined, owner.cookie)
    ).json()
    expect(second.priorities[0]).toMatchObject({
      priorityCode: 'P1',
      candidates: 1,
      funded: 1,
      indicatorsReached: 1,
    })
    expect(second.priorities.at(-1).priorityCode).not.toBeNull()
  })

  it('keeps a council’s records and contracts from others, and from anyone without a session', async () => {
    const [record] = await example()
    const stranger = await signUp(suite.app)
    expect(
      (await inject('GET', `/api/contracts/${contractId}/progress`, undefined, stranger.cookie)).statusCode,
    ).toBe(404)
    expect((await inject('GET', `/api/contracts/${contractId}/progress`, undefined, null)).statusCode).toBe(
      401,
    )
    expect((await inject('GET', `/api/contracts/not-a-uuid/progress`)).statusCode).toBe(400)
    const change = { evaluationWorked: 'Écrit par un autre conseil', indicators: [indicator()] }
    expect((await patch(record!.id, change, stranger.cookie)).statusCode).toBe(404)
    expect((await patch(record!.id, change, null)).statusCode).toBe(401)
    const after = await fresh(record!.id)
    expect(after.evaluationWorked).toBe('')
    expect(after.indicators.map((i) => i.label)).not.toContain('Emplois créés')
  })
})
