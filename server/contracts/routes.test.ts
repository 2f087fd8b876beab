import { expect, it } from 'vitest'
import { inviteMember, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { rowWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { contractExample, createContract, createWorkshop, joinAsGuest } from '../testing/workshops.ts'

const minimal = (priorities: unknown) => ({
  title: 'Contrat',
  territory: 'Pays',
  period: '2021-2027',
  priorities,
})

describeEachStore('contracts ($name)', (target) => {
  const suite = suiteApp(target, { bodyLimit: 64 * 1024 })

  it('accepts the example file as is, ignoring its unknown fields, and reads it back', async () => {
    const account = await signUp(suite.app)
    const created = await createContract(suite.app, account.cookie, {
      ...contractExample,
      extra: { nested: true },
    })
    expect(created).toMatchObject({
      title: contractExample.title,
      territory: contractExample.territory,
      period: '2021-2027',
      createdBy: account.userId,
    })
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.priorities.map((p) => p.code)).toEqual(['P1', 'P2', 'P3'])
    expect(created.priorities[0].actions.map((a) => a.code)).toEqual(['1.1', '1.2', '1.3'])
    expect(created).not.toHaveProperty('note')
    const stored = await rowWhere(suite.store.db, 'contracts', 'id', created.id)
    expect(JSON.stringify(stored.priorities)).not.toContain('note')
    expect(stored.council_id).toBe(account.councilId)

    const one = await suite.app.inject({
      url: `/api/contracts/${created.id}`,
      headers: { cookie: account.cookie },
    })
    expect(one.statusCode).toBe(200)
    expect(one.json()).toEqual(created)
  })

  it('drops unknown fields inside priorities and actions, trims text, keeps descriptions', async () => {
    const account = await signUp(suite.app)
    const created = await createContract(
      suite.app,
      account.cookie,
      minimal([
        {
          code: 'P1',
          title: '  Économie  ',
          description: ' Littoral et intérieur ',
          colour: 'red',
          actions: [{ code: '1.1', title: 'Reprise', budget: 12, description: '   ' }],
        },
      ]),
    )
    expect(created.priorities).toEqual([
      {
        code: 'P1',
        title: 'Économie',
        description: 'Littoral et intérieur',
        actions: [{ code: '1.1', title: 'Reprise' }],
      },
    ])
  })

  it("lists only the council's contracts, newest first", async () => {
    const a = await signUp(suite.app)
    const b = await signUp(suite.app)
    const first = await createContract(suite.app, a.cookie, { ...contractExample, title: 'Premier' })
    const second = await createContract(suite.app, a.cookie, { ...contractExample, title: 'Second' })
    await createContract(suite.app, b.cookie, { ...contractExample, title: 'Autre conseil' })
    const list = await suite.app.inject({ url: '/api/contracts', headers: { cookie: a.cookie } })
    expect(list.statusCode).toBe(200)
    expect(list.json().map((c: { id: string }) => c.id)).toEqual([second.id, first.id])
  })

  it('shares contracts between members of one council, and hides them from other councils (404)', async () => {
    const a = await signUp(suite.app)
    const colleague = await inviteMember(suite.app, a.cookie)
    const other = await signUp(suite.app)
    const contract = await createContract(suite.app, a.cookie)
    const seen = await suite.app.inject({
      url: `/api/contracts/${contract.id}`,
      headers: { cookie: colleague.cookie },
    })
    expect(seen.statusCode).toBe(200)
    const hidden = await suite.app.inject({
      url: `/api/contracts/${contract.id}`,
      headers: { cookie: other.cookie },
    })
    expect(hidden.statusCode).toBe(404)
    expect(hidden.json().error.code).toBe('not_found')
    const list = await suite.app.inject({ url: '/api/contracts', headers: { cookie: other.cookie } })
    expect(list.json()).toEqual([])
  })

  it('needs a session (401) and an account, not a guest (403)', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/api/contracts' },
      { method: 'POST' as const, url: '/api/contracts', payload: contractExample },
      { method: 'GET' as const, url: `/api/contracts/${crypto.randomUUID()}` },
    ]) {
      const anonymous = await suite.app.inject(request)
      expect(anonymous.statusCode).toBe(401)
      expect(anonymous.json().error.code).toBe('unauthorized')
    }
    const account = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, account.cookie)
    const guest = await joinAsGuest(suite.app, workshop.joinCode)
    for (const request of [
      { method: 'GET' as const, url: '/api/contracts' },
      { method: 'POST' as const, url: '/api/contracts', payload: contractExample },
      { method: 'GET' as const, url: `/api/contracts/${workshop.contractId}` },
    ]) {
      const asGuest = await suite.app.inject({ ...request, headers: { cookie: guest.cookie } })
      expect(asGuest.statusCode).toBe(403)
      expect(asGuest.json().error.code).toBe('forbidden')
    }
  })

  it('answers 404 for an unknown id and 400 for an id that is not a UUID', async () => {
    const account = await signUp(suite.app)
    const unknown = await suite.app.inject({
      url: `/api/contracts/${crypto.randomUUID()}`,
      headers: { cookie: account.cookie },
    })
    expect(unknown.statusCode).toBe(404)
    const bad = await suite.app.inject({
      url: '/api/contracts/not-a-uuid',
      headers: { cookie: account.cookie },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('invalid_input')
  })

  it('refuses duplicate priority codes and duplicate action codes across the contract, naming the code', async () => {
    const account = await signUp(suite.app)
    const post = (payload: unknown) =>
      suite.app.inject({
        method: 'POST',
        url: '/api/contracts',
        headers: { cookie: account.cookie },
        payload: payload as any,
      })
    const dupPriority = await post(
      minimal([
        { code: 'P1', title: 'A', actions: [] },
        { code: 'P1', title: 'B', actions: [] },
      ]),
    )
    expect(dupPriority.statusCode).toBe(400)
    expect(dupPriority.json().error).toMatchObject({ code: 'duplicate_code' })
    expect(dupPriority.json().error.message).toContain('P1')
    const dupAction = await post(
      minimal([
        { code: 'P1', title: 'A', actions: [{ code: '1.1', title: 'x' }] },
        { code: 'P2', title: 'B', actions: [{ code: '1.1', title: 'y' }] },
      ]),
    )
    expect(dupAction.statusCode).toBe(400)
    expect(dupAction.json().error.message).toContain('1.1')
    const list = await suite.app.inject({ url: '/api/contracts', headers: { cookie: account.cookie } })
    expect(list.json()).toEqual([])
  })

  it('refuses bad input with 4xx and an error body', async () => {
    const account = await signUp(suite.app)
    const headers = { cookie: account.cookie }
    const post = (payload: unknown) =>
      suite.app.inject({ method: 'POST', url: '/api/contracts', headers, payload: payload as any })
    const cases: [unknown, string][] = [
      [minimal([]), 'no priority'],
      [{ ...minimal([{ code: 'P1', title: 'A', actions: [] }]), title: 42 }, 'number title'],
      [{ ...minimal([{ code: 'P1', title: 'A', actions: [] }]), title: '   ' }, 'blank title'],
      [
        { territory: 'x', period: 'y', priorities: [{ code: 'P1', title: 'A', actions: [] }] },
        'missing title',
      ],
      [minimal([{ code: 'P 1', title: 'A', actions: [] }]), 'code with a space'],
      [minimal([{ code: 'P1', title: 'A' }]), 'missing actions'],
      [minimal([{ code: 'P1', title: 'A', actions: [{ code: '1.1' }] }]), 'action without title'],
      [minimal('P1'), 'priorities not an array'],
      [
        minimal(Array.from({ length: 31 }, (_, i) => ({ code: `P${i}`, title: 'A', actions: [] }))),
        'too many priorities',
      ],
      [minimal([{ code: 'P1', title: 'x'.repeat(201), actions: [] }]), 'title too long'],
    ]
    for (const [payload, label] of cases) {
      const response = await post(payload)
      expect(response.statusCode, label).toBe(400)
      expect(response.json().error.code, label).toBe('invalid_input')
    }
    const malformed = await suite.app.inject({
      method: 'POST',
      url: '/api/contracts',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"title": ',
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.code).toBe('invalid_json')
    const huge = await post(
      minimal([{ code: 'P1', title: 'A', description: 'x'.repeat(70 * 1024), actions: [] }]),
    )
    expect(huge.statusCode).toBe(413)
    expect(huge.json().error.code).toBe('body_too_large')
    const list = await suite.app.inject({ url: '/api/contracts', headers })
    expect(list.json()).toEqual([])
  })
})
