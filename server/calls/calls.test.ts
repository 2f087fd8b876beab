import type { FastifyInstance } from 'fastify'
import { expect, it } from 'vitest'
import type { ApplicationSummary, Call, CarrierApplication, PublicCall } from '../../shared/api/calls.ts'
import { json } from '../db/connect.ts'
import { signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { rowWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createContract } from '../testing/workshops.ts'

/*
 * Calls for projects on the real server, on both stores: a council creates, lists, reads and edits its
 * calls; anyone lists the open ones and applies without an account; the carrier reads and edits its
 * application with the private link until the call closes. And the cheaters: another council, no
 * session, a wrong token, a closed or not-yet-open call, oversized answers, the honeypot, the ceiling.
 */

const day = 86_400_000
const questions = [
  { id: 'public', label: 'Quel public visez-vous ?', type: 'long', required: true },
  { id: 'jobs', label: 'Emplois créés', type: 'number', required: false },
  { id: 'stage', label: 'Stade du projet', type: 'choice', required: true, choices: ['Idée', 'Lancé'] },
  { id: 'site', label: 'Commune', type: 'short', required: false },
]

const callBody = (contractId: string, fields: Record<string, unknown> = {}) => ({
  contractId,
  title: 'Appel à projets Tiers-lieux 2027',
  description: 'Des lieux partagés dans chaque commune.',
  kind: 'call',
  priorityCodes: ['P1', 'P2'],
  actionCodes: ['1.1'],
  opensAt: new Date(Date.now() - day).toISOString(),
  closesAt: new Date(Date.now() + 30 * day).toISOString(),
  questions,
  criteria: [
    { id: 'impact', label: 'Impact', weight: 2 },
    { id: 'ess', label: 'Ancrage ESS', weight: 1 },
  ],
  ...fields,
})

const application = (fields: Record<string, unknown> = {}) => ({
  carrier: { name: 'Association La Fabrique', kind: 'association', email: 'Contact@Fabrique.example' },
  title: 'Un tiers-lieu à Plouhinec',
  summary: 'Atelier partagé, café associatif.',
  answers: { public: 'Les habitants du canton', jobs: 2, stage: 'Idée' },
  budget: 45_000,
  priorityCode: 'P1',
  ...fields,
})

/** POST /api/calls as `member`: a call on `contractId` (the usual one, changed by `fields`). */
const postCall = (app: FastifyInstance, member: { cookie: string }, contractId: string, fields = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/calls',
    headers: { cookie: member.cookie },
    payload: callBody(contractId, fields),
  })

async function councilWithCall(app: FastifyInstance, fields: Record<string, unknown> = {}) {
  const member = await signUp(app)
  const contract = await createContract(app, member.cookie)
  const created = await postCall(app, member, contract.id, fields)
  expect(created.statusCode, created.body).toBe(201)
  return { member, contract, call: created.json() as Call }
}

async function apply(app: FastifyInstance, callId: string, body: Record<string, unknown> = application()) {
  return app.inject({ method: 'POST', url: `/api/public/calls/${callId}/applications`, payload: body })
}

/** Moves a call's dates (the routes refuse a closed call's edits, so the test writes the row). */
async function moveCall(app: FastifyInstance, callId: string, opensAt: number, closesAt: number) {
  await app.store.db
    .updateTable('calls')
    .set({ opens_at: new Date(opensAt), closes_at: new Date(closesAt) })
    .where('id', '=', callId)
    .execute()
}

describeEachStore('calls for projects ($name)', (target) => {
  const suite = suiteApp(target)

  it('creates, lists, reads and edits a call of the council', async () => {
    const { app } = suite
    const { member, contract, call } = await councilWithCall(app)
    expect(call).toMatchObject({
      contractId: contract.id,
      kind: 'call',
      priorityCodes: ['P1', 'P2'],
      actionCodes: ['1.1'],
      state: 'open',
      applicationCount: 0,
      criteria: [{ id: 'impact', weight: 2 }, { id: 'ess' }],
    })
    expect(call.questions.find((q) => q.id === 'jobs')).not.toHaveProperty('choices')
    const listed = await app.inject({ method: 'GET', url: '/api/calls', headers: { cookie: member.cookie } })
    expect(listed.json().map((c: Call) => c.id)).toEqual([call.id])
    const byContract = await app.inject({
      method: 'GET',
      url: `/api/calls?contractId=${crypto.randomUUID()}`,
      headers: { cookie: member.cookie },
    })
    expect(byContract.json()).toEqual([])
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/calls/${call.id}`,
      headers: { cookie: member.cookie },
      payload: { kind: 'ami', title: '  AMI Tiers-lieux  ', actionCodes: ['1.2', '2.1'] },
    })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(patched.json()).toMatchObject({
      kind: 'ami',
      title: 'AMI Tiers-lieux',
      actionCodes: ['1.2', '2.1'],
    })
    const read = await app.inject({
      method: 'GET',
      url: `/api/calls/${call.id}`,
      headers: { cookie: member.cookie },
    })
    expect(read.json()).toMatchObject({ kind: 'ami', questions: call.questions })
  })

  it('refuses calls that do not fit their contract', async () => {
    const { app } = suite
    const member = await signUp(app)
    const contract = await createContract(app, member.cookie)
    const refused = async (fields: Record<string, unknown>, field: string) => {
      const response = await postCall(app, member, contract.id, fields)
      expect(response.statusCode, response.body).toBe(400)
      expect(response.json().error.field).toBe(field)
    }
    await refused({ priorityCodes: ['P9'] }, 'priorityCodes.0')
    await refused({ priorityCodes: ['P1', 'P1'] }, 'priorityCodes')
    await refused({ actionCodes: ['3.1'] }, 'actionCodes.0')
    await refused({ closesAt: new Date(Date.now() - 2 * day).toISOString() }, 'closesAt')
    await refused({ questions: [questions[0], { ...questions[1], id: 'public' }] }, 'questions.1.id')
    await refused({ questions: [{ ...questions[2], choices: ['Un seul'] }] }, 'questions.0.choices')
    await refused({ questions: [{ ...questions[0], choices: ['A', 'B'] }] }, 'questions.0.choices')
    await refused(
      {
        criteria: [
          { id: 'a', label: 'A', weight: 1 },
          { id: 'a', label: 'B', weight: 1 },
        ],
      },
      'criteria.1.id',
    )
    const bad = await app.inject({
      method: 'POST',
      url: '/api/calls',
      headers: { cookie: member.cookie },
      payload: callBody(contract.id, { questions: [{ ...questions[0], type: 'file' }] }),
    })
    expect(bad.statusCode).toBe(400)
  })

  it('keeps each council to its own calls and asks for a session', async () => {
    const { app } = suite
    const { member, contract, call } = await councilWithCall(app)
    const other = await signUp(app)
    for (const [method, url] of [
      ['GET', `/api/calls/${call.id}`],
      ['PATCH', `/api/calls/${call.id}`],
      ['GET', `/api/calls/${call.id}/applications`],
    ] as const) {
      const foreign = await app.inject({ method, url, headers: { cookie: other.cookie }, payload: {} })
      expect(foreign.statusCode, `${method} ${url}`).toBe(404)
      const anonymous = await app.inject({ method, url, payload: {} })
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401)
    }
    const list = await app.inject({ method: 'GET', url: '/api/calls', headers: { cookie: other.cookie } })
    expect(list.json()).toEqual([])
    const onForeignContract = await app.inject({
      method: 'POST',
      url: '/api/calls',
      headers: { cookie: other.cookie },
      payload: callBody(contract.id),
    })
    expect(onForeignContract.statusCode).toBe(404)
    expect(
      (await app.inject({ method: 'POST', url: '/api/calls', payload: callBody(contract.id) })).statusCode,
    ).toBe(401)
    expect(member.councilId).not.toBe(other.councilId)
  })

  it('lists open calls publicly by council and priority, and leaks no review grid', async () => {
    const { app } = suite
    const { member, call } = await councilWithCall(app)
    const upcoming = await councilWithCall(app, {
      opensAt: new Date(Date.now() + day).toISOString(),
      closesAt: new Date(Date.now() + 9 * day).toISOString(),
    })
    // Councils get their slug at sign-up once the showcase lands; this one is set here.
    const council = await app.store.db
      .updateTable('councils')
      .set({ slug: `conseil-${member.councilId.slice(0, 8)}` })
      .where('id', '=', member.councilId)
      .returning('slug')
      .executeTakeFirstOrThrow()
    const all = (await app.inject({ method: 'GET', url: '/api/public/calls' })).json() as PublicCall[]
    expect(all.map((c) => c.id)).toContain(call.id)
    expect(all.map((c) => c.id)).not.toContain(upcoming.call.id)
    const filtered = await app.inject({
      method: 'GET',
      url: `/api/public/calls?council=${council.slug}&priority=P2`,
    })
    const mine = filtered.json() as PublicCall[]
    expect(mine, `${council.slug} ${JSON.stringify(all.map((c) => [c.id, c.councilSlug]))}`).toHaveLength(1)
    expect(mine.map((c) => c.id)).toEqual([call.id])
    const p3 = await app.inject({
      method: 'GET',
      url: `/api/public/calls?council=${council.slug}&priority=P3`,
    })
    expect(p3.json()).toEqual([])
    const one = await app.inject({ method: 'GET', url: `/api/public/calls/${call.id}` })
    expect(one.statusCode).toBe(200)
    const body = one.json() as PublicCall
    expect(body).toMatchObject({
      state: 'open',
      priorities: [{ code: 'P1' }, { code: 'P2' }],
      actions: [{ code: '1.1' }],
      councilSlug: council.slug,
    })
    expect(Object.keys(body).sort()).toEqual(
      [
        'actions',
        'closesAt',
        'contractTitle',
        'councilName',
        'councilSlug',
        'description',
        'id',
        'kind',
        'opensAt',
        'priorities',
        'questions',
        'state',
        'title',
      ].sort(),
    )
    expect(one.body).not.toContain('impact')
    const soon = await app.inject({ method: 'GET', url: `/api/public/calls/${upcoming.call.id}` })
    expect(soon.json().state).toBe('upcoming')
    expect(
      (await app.inject({ method: 'GET', url: `/api/public/calls/${crypto.randomUUID()}` })).statusCode,
    ).toBe(404)
  })

  it('stores an application as a candidature record with its carrier, and lists it with its review', async () => {
    const { app } = suite
    const { member, contract, call } = await councilWithCall(app)
    const response = await apply(app, call.id)
    expect(response.statusCode, response.body).toBe(201)
    const created = response.json()
    expect(created.id).toBe(created.projectId)
    expect(created.editToken).toMatch(/^[a-z2-7]{32}$/)
    const row = await rowWhere(app.store.db, 'projects', 'id', created.projectId)
    expect(row).toMatchObject({
      status: 'candidature',
      call_id: call.id,
      contract_id: contract.id,
      council_id: member.councilId,
      priority_code: 'P1',
      title: 'Un tiers-lieu à Plouhinec',
    })
    expect(Number(row.budget_cents)).toBe(4_500_000)
    expect(row.application_token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(row)).not.toContain(created.editToken)
    expect(row.application).toMatchObject({
      answers: { public: 'Les habitants du canton', jobs: 2, stage: 'Idée' },
      contact: { email: 'contact@fabrique.example' },
      carrierKind: 'association',
    })
    const record = await app.inject({
      method: 'GET',
      url: `/api/projects/${created.projectId}`,
      headers: { cookie: member.cookie },
    })
    expect(record.statusCode, record.body).toBe(200)
    expect(record.json()).toMatchObject({
      status: 'candidature',
      carrier: { name: 'Association La Fabrique' },
    })

    const list = async () =>
      (
        await app.inject({
          method: 'GET',
          url: `/api/calls/${call.id}/applications`,
          headers: { cookie: member.cookie },
        })
      ).json() as ApplicationSummary[]
    const [line] = await list()
    expect(line).toMatchObject({
      projectId: created.projectId,
      title: 'Un tiers-lieu à Plouhinec',
      carrier: { name: 'Association La Fabrique', kind: 'association', email: 'contact@fabrique.example' },
      budget: 45_000,
    })
    expect(line).not.toHaveProperty('score')
    expect(line).not.toHaveProperty('decision')
    await app.store.db
      .updateTable('projects')
      .set({
        review: json({
          scores: { impact: 4, ess: 3 },
          decision: 'retained',
          reason: '',
          reviewedAt: '',
          reviewedBy: null,
        }),
      })
      .where('id', '=', created.projectId)
      .execute()
    expect((await list())[0]).toMatchObject({ score: 3.67, decision: 'retained' })
    const read = await app.inject({
      method: 'GET',
      url: `/api/calls/${call.id}`,
      headers: { cookie: member.cookie },
    })
    expect(read.json().applicationCount).toBe(1)
  })

  it('lets the carrier read and edit through the private link until the call closes', async () => {
    const { app } = suite
    const { member, call } = await councilWithCall(app)
    const { projectId, editToken } = (await apply(app, call.id)).json()
    const url = `/api/public/applications/${projectId}`
    const headers = { 'x-application-token': editToken }
    const read = await app.inject({ method: 'GET', url, headers })
    expect(read.statusCode, read.body).toBe(200)
    expect(read.json()).toMatchObject({
      editable: true,
      carrier: { email: 'contact@fabrique.example' },
      call: { id: call.id },
      answers: { jobs: 2 },
    })
    const edited = await app.inject({
      method: 'PUT',
      url,
      headers,
      payload: application({
        title: 'Tiers-lieu de Plouhinec',
        answers: { public: 'Tout le canton', stage: 'Lancé' },
      }),
    })
    expect(edited.statusCode, edited.body).toBe(200)
    const view = edited.json() as CarrierApplication
    expect(view).toMatchObject({
      title: 'Tiers-lieu de Plouhinec',
      answers: { public: 'Tout le canton', stage: 'Lancé' },
    })
    expect(view.answers).not.toHaveProperty('jobs')
    expect(view.updatedAt >= view.submittedAt).toBe(true)
    const record = await app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}`,
      headers: { cookie: member.cookie },
    })
    expect(record.json()).toMatchObject({ title: 'Tiers-lieu de Plouhinec', version: 2 })

    for (const wrong of [
      {},
      { 'x-application-token': 'x'.repeat(32) },
      { 'x-application-token': `${editToken}a` },
    ]) {
      expect((await app.inject({ method: 'GET', url, headers: wrong })).statusCode).toBe(404)
      expect(
        (await app.inject({ method: 'PUT', url, headers: wrong, payload: application() })).statusCode,
      ).toBe(404)
    }
    const other = await councilWithCall(app)
    const foreign = (await apply(app, other.call.id)).json()
    expect(
      (await app.inject({ method: 'GET', url: `/api/public/applications/${foreign.projectId}`, headers }))
        .statusCode,
    ).toBe(404)

    await moveCall(app, call.id, Date.now() - 10 * day, Date.now() - 1000)
    const closedRead = await app.inject({ method: 'GET', url, headers })
    expect(closedRead.json().editable).toBe(false)
    const late = await app.inject({
      method: 'PUT',
      url,
      headers,
      payload: application({ title: 'Trop tard' }),
    })
    expect(late.statusCode).toBe(409)
    expect(late.json().error.code).toBe('call_closed')
    const lateApply = await apply(app, call.id)
    expect(lateApply.json().error.code).toBe('call_closed')
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/calls/${call.id}`,
      headers: { cookie: member.cookie },
      payload: { title: 'Rouvert ?' },
    })
    expect(patch.statusCode).toBe(409)
    expect(patch.json().error.code).toBe('call_closed')

    await moveCall(app, call.id, Date.now() + day, Date.now() + 2 * day)
    const early = await apply(app, call.id)
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('call_not_open')
  })

  it('checks answers against the questions and refuses oversized or hostile input', async () => {
    const { app } = suite
    const { member, call } = await councilWithCall(app)
    const refused = async (body: Record<string, unknown>, field?: string) => {
      const response = await apply(app, call.id, body)
      expect(response.statusCode, response.body).toBe(400)
      if (field) expect(response.json().error.field).toBe(field)
    }
    await refused(application({ answers: { jobs: 2, stage: 'Idée' } }), 'answers.public')
    await refused(application({ answers: { public: '   ', stage: 'Idée' } }), 'answers.public')
    await refused(application({ answers: { public: 'x', stage: 'Autre' } }), 'answers.stage')
    await refused(application({ answers: { public: 'x', stage: 'Idée', jobs: 'beaucoup' } }), 'answers.jobs')
    await refused(application({ answers: { public: 'x', stage: 'Idée', other: 'y' } }), 'answers.other')
    await refused(application({ answers: { public: 'x', stage: 'Idée', site: 'a\nb' } }), 'answers.site')
    await refused(
      application({ answers: { public: 'x', stage: 'Idée', site: 'a'.repeat(501) } }),
      'answers.site',
    )
    await refused(application({ answers: { public: 'x'.repeat(10_001), stage: 'Idée' } }))
    await refused(application({ answers: JSON.parse('{"public": "x", "stage": "Idée", "__proto__": "y"}') }))
    await refused(application({ priorityCode: 'P3' }), 'priorityCode')
    await refused(application({ priorityCode: undefined }), 'priorityCode')
    await refused(application({ title: 'x'.repeat(201) }))
    await refused(application({ summary: 'x'.repeat(5_001) }))
    await refused(application({ budget: -1 }))
    await refused(application({ carrier: { name: 'A', kind: 'etat', email: 'a@b.fr' } }))
    await refused(application({ carrier: { name: 'A', kind: 'association', email: 'pas une adresse' } }))
    await refused(application({ carrier: { name: 'A\u0000', kind: 'association', email: 'a@b.fr' } }))
    const huge = await app.inject({
      method: 'POST',
      url: `/api/public/calls/${call.id}/applications`,
      payload: application({ summary: 'x'.repeat(600 * 1024) }),
    })
    expect(huge.statusCode).toBe(413)
    const numberAsText = await apply(
      app,
      call.id,
      application({ answers: { public: 'x', stage: 'Idée', jobs: '3,5' } }),
    )
    expect(numberAsText.statusCode, numberAsText.body).toBe(201)
    // Fields outside the schema are dropped: a carrier cannot set its record's status or council.
    const sneaky = await apply(
      app,
      call.id,
      application({ status: 'funded', councilId: crypto.randomUUID() }),
    )
    expect(sneaky.statusCode, sneaky.body).toBe(201)
    const sneakyRow = await app.store.db
      .selectFrom('projects')
      .select(['status', 'council_id', 'application'])
      .where('id', '=', sneaky.json().projectId)
      .executeTakeFirstOrThrow()
    expect(sneakyRow.status).toBe('candidature')
    expect(sneakyRow.council_id).toBe(member.councilId)
    expect((sneakyRow.application as { answers: unknown }).answers).toEqual(application().answers)
    const numberRow = await app.store.db
      .selectFrom('projects')
      .select('application')
      .where('id', '=', numberAsText.json().projectId)
      .executeTakeFirstOrThrow()
    expect((numberRow.application as { answers: unknown }).answers).toMatchObject({ jobs: 3.5 })
    const count = await app.store.db
      .selectFrom('projects')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('call_id', '=', call.id)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(2)
  })

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const { app } = suite
    const { member, call } = await councilWithCall(app)
    const response = await apply(app, call.id, application({ website: 'http://spam.example' }))
    expect(response.statusCode).toBe(201)
    const { projectId, editToken } = response.json()
    expect(editToken).toMatch(/^[a-z2-7]{32}$/)
    const list = await app.inject({
      method: 'GET',
      url: `/api/calls/${call.id}/applications`,
      headers: { cookie: member.cookie },
    })
    expect(list.json()).toEqual([])
    const read = await app.inject({
      method: 'GET',
      url: `/api/public/applications/${projectId}`,
      headers: { 'x-application-token': editToken },
    })
    expect(read.statusCode).toBe(404)
  })
})

describeEachStore('calls for projects and deletions ($name)', (target) => {
  const suite = suiteApp(target)

  it('a call without application goes with its contract; one with an application keeps it (409)', async () => {
    const { app } = suite
    const { member, contract, call } = await councilWithCall(app)
    const remove = () =>
      app.inject({
        method: 'DELETE',
        url: `/api/contracts/${contract.id}`,
        headers: { cookie: member.cookie },
      })
    expect((await remove()).statusCode).toBe(204)
    expect(await app.store.db.selectFrom('calls').select('id').where('id', '=', call.id).execute()).toEqual(
      [],
    )

    const used = await councilWithCall(app)
    expect((await apply(app, used.call.id)).statusCode).toBe(201)
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/contracts/${used.contract.id}`,
      headers: { cookie: used.member.cookie },
    })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error).toMatchObject({ code: 'contract_in_use', details: { records: 1 } })
  })

  it('deletes a council with its calls and applications', async () => {
    const { app } = suite
    const { member, call } = await councilWithCall(app)
    const { projectId } = (await apply(app, call.id)).json()
    const council = await app.inject({
      method: 'GET',
      url: '/api/council',
      headers: { cookie: member.cookie },
    })
    const deleted = await app.inject({
      method: 'DELETE',
      url: '/api/council',
      headers: { cookie: member.cookie },
      payload: { confirm: council.json().name },
    })
    expect(deleted.statusCode, deleted.body).toBe(204)
    expect(await app.store.db.selectFrom('calls').select('id').where('id', '=', call.id).execute()).toEqual(
      [],
    )
    expect(
      await app.store.db.selectFrom('projects').select('id').where('id', '=', projectId).execute(),
    ).toEqual([])
    expect((await app.inject({ method: 'GET', url: `/api/public/calls/${call.id}` })).statusCode).toBe(404)
  })
})

describeEachStore('calls for projects: the ceiling per address ($name)', (target) => {
  const suite = suiteApp(target, { rateLimits: { applications: 3 } })

  it('answers 429 past the ceiling of applications per address', async () => {
    const { app } = suite
    const { call } = await councilWithCall(app)
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await apply(app, call.id)).statusCode)
    expect(statuses).toEqual([201, 201, 201, 429])
    const fromElsewhere = await app.inject({
      method: 'POST',
      url: `/api/public/calls/${call.id}/applications`,
      payload: application(),
      remoteAddress: '10.1.2.3',
    })
    expect(fromElsewhere.statusCode).toBe(201)
  })
})
