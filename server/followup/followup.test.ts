import { beforeAll, expect, it } from 'vitest'
import type { FollowedRecords, GuaranteeList } from '../../shared/api/followup.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { parseCsv } from '../projects/testing/csv-parse.ts'
import { type ConversionBody, convert, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { currentRecord, patchRecord } from '../projects/testing/record-edits.ts'
import { type Account, injectAs, inviteMember } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { idsWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { guaranteeCsvColumns } from './routes.ts'

/** Rows of a CSV download, without its byte-order mark. */
const csvRows = (body: string) => parseCsv(body.replace(/^\ufeff/, ''))

describeEachStore('follow-up in pairs: referents, next step, support, guarantee view ($name)', (target) => {
  const suite = suiteApp(target)
  let admin: Account
  let member: Account
  let outsider: Account
  let records: ProjectRecord[]
  let foreignRecord: ProjectRecord
  let poleId: string
  let cafeId: string
  let foreignActorId: string

  const request = (
    method: 'GET' | 'PATCH' | 'POST' | 'DELETE',
    url: string,
    as?: Account,
    payload?: object,
  ) => injectAs(suite.app, method, url, as, payload)
  const fresh = (id: string, as = admin) => currentRecord(suite.app, id, as)
  const patch = (id: string, changes: object, as = admin) => patchRecord(suite.app, id, changes, as)
  const actorIds = async (as: Account) =>
    new Map<string, string>(
      ((await request('GET', '/api/actors', as)).json().actors as { id: string; name: string }[]).map((a) => [
        a.name,
        a.id,
      ]),
    )
  const invite = () => inviteMember(suite.app, admin.cookie)

  beforeAll(async () => {
    const mine = await exampleWorkshop(suite.app)
    admin = mine.facilitator
    records = ((await convert(suite.app, admin.cookie, mine.workshop.id)).json() as ConversionBody).projects
    member = await invite()
    const named = await patch(records[0]!.id, {
      carrier: { name: 'Café des Abers', type: 'association' },
      partners: [{ name: 'Pôle ESS du Pays', type: 'ess', role: 'Animation' }],
      budget: 12000,
    })
    expect(named.statusCode).toBe(200)
    const ids = await actorIds(admin)
    poleId = ids.get('Pôle ESS du Pays')!
    cafeId = ids.get('Café des Abers')!

    const theirs = await exampleWorkshop(suite.app)
    outsider = theirs.facilitator
    foreignRecord = ((await convert(suite.app, outsider.cookie, theirs.workshop.id)).json() as ConversionBody)
      .projects[0]!
    await patch(foreignRecord.id, { carrier: { name: 'Association voisine', type: 'association' } }, outsider)
    foreignActorId = (await actorIds(outsider)).get('Association voisine')!
  })

  it('names a member and an actor as referents with a next step; the record lists them by name', async () => {
    const first = records[0]!
    const before = await fresh(first.id)
    const response = await patch(first.id, {
      referents: [
        { userId: member.userId, role: ' élue référente ' },
        { actorId: poleId, role: 'pôle ESS' },
      ],
      nextStep: 'Rencontre avec le pôle ESS',
      nextStepDate: '2099-03-01',
    })
    expect(response.statusCode).toBe(200)
    const record = response.json() as ProjectRecord
    expect(record.referents).toEqual([
      { userId: member.userId, actorId: null, name: member.displayName, role: 'élue référente' },
      { userId: null, actorId: poleId, name: 'Pôle ESS du Pays', role: 'pôle ESS' },
    ])
    expect(record).toMatchObject({ nextStep: 'Rencontre avec le pôle ESS', nextStepDate: '2099-03-01' })
    expect(record.version).toBe(before.version + 1)
    expect(await fresh(first.id)).toMatchObject({ referents: record.referents, nextStepDate: '2099-03-01' })

    // The history says who changed the pair, by kind and role: no id or name of the referents.
    const history = (await request('GET', `/api/projects/${first.id}/history`, admin)).json().history
    const entry = history.find((h: { field: string }) => h.field === 'referents')
    expect(entry.newValue).toEqual([
      { kind: 'member', role: 'élue référente' },
      { kind: 'actor', role: 'pôle ESS' },
    ])

    // The same change again changes nothing (no new version).
    const again = await patch(first.id, { nextStep: 'Rencontre avec le pôle ESS' })
    expect(again.json().version).toBe(record.version)
  })

  it('lists what a member and an actor follow, soonest next step first, overdue marked', async () => {
    const [, second, third] = records
    await patch(second!.id, {
      referents: [{ userId: member.userId, role: 'élue référente' }],
      nextStep: 'Relancer le porteur',
      nextStepDate: '2020-01-15',
    })
    await patch(third!.id, { referents: [{ userId: member.userId, role: 'suppléante' }] })

    const mine = (await request('GET', '/api/followup/me', member)).json() as FollowedRecords
    expect(mine.person).toEqual({ kind: 'user', id: member.userId, name: member.displayName, removed: false })
    expect(mine.records.map((r) => [r.projectId, r.role, r.nextStepDate, r.overdue])).toEqual([
      [second!.id, 'élue référente', '2020-01-15', true],
      [records[0]!.id, 'élue référente', '2099-03-01', false],
      [third!.id, 'suppléante', null, false],
    ])
    expect(mine.records[1]).toMatchObject({
      nextStep: 'Rencontre avec le pôle ESS',
      carrier: 'Café des Abers',
    })

    const byAdmin = (await request('GET', `/api/followup/users/${member.userId}`, admin)).json()
    expect(byAdmin.records).toEqual(mine.records)
    const pole = (await request('GET', `/api/followup/actors/${poleId}`, admin)).json() as FollowedRecords
    expect(pole.person).toMatchObject({ kind: 'actor', name: 'Pôle ESS du Pays' })
    expect(pole.records.map((r) => [r.projectId, r.role])).toEqual([[records[0]!.id, 'pôle ESS']])
    // The administrator follows nothing.
    expect((await request('GET', '/api/followup/me', admin)).json().records).toEqual([])
  })

  it('structured support: kinds and small structure, the list filter, the CSV column, the guarantee view', async () => {
    const [first, second] = records
    const marked = await patch(first!.id, {
      supportKinds: ['guarantee', 'engineering'],
      smallStructure: true,
    })
    expect(marked.json()).toMatchObject({ supportKinds: ['engineering', 'guarantee'], smallStructure: true })
    // Asking for a guarantee without being a small structure: filtered in, not in the guarantee view.
    await patch(second!.id, { supportKinds: ['guarantee'] })

    const listed = (await request('GET', '/api/projects?supportKind=guarantee', admin)).json().projects
    expect(listed.map((p: ProjectRecord) => p.id).sort()).toEqual([first!.id, second!.id].sort())
    const engineering = (await request('GET', '/api/projects?supportKind=engineering', admin)).json().projects
    expect(engineering.map((p: ProjectRecord) => p.id)).toEqual([first!.id])
    expect((await request('GET', '/api/projects?supportKind=loans', admin)).statusCode).toBe(400)

    const csv = parseCsv(
      (await request('GET', '/api/projects/export.csv?supportKind=engineering', admin)).body,
    )
    const header = csv[0]!
    const row = csv[1]!
    expect(csv).toHaveLength(2)
    expect(row[header.indexOf('Accompagnement demandé')]).toBe('Ingénierie, Garantie')
    expect(row[header.indexOf('Petite structure')]).toBe('oui')
    expect(row[header.indexOf('Référent·es')]).toBe(
      `${member.displayName} (élue référente), Pôle ESS du Pays (pôle ESS)`,
    )
    expect(row[header.indexOf('Date de la prochaine étape')]).toBe('2099-03-01')

    const view = (await request('GET', '/api/followup/guarantee', admin)).json() as GuaranteeList
    expect(view.records).toEqual([
      expect.objectContaining({
        projectId: first!.id,
        carrier: { name: 'Café des Abers', type: 'association' },
        amount: 12000,
        status: first!.status,
      }),
    ])
    const download = await request('GET', '/api/followup/guarantee.csv', admin)
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8')
    const rows = csvRows(download.body)
    expect(rows[0]).toEqual([...guaranteeCsvColumns])
    expect(rows.slice(1).map((r) => [r[0], r[2], r[4]])).toEqual([[first!.id, 'Café des Abers', '12000,00']])
    // Another council sees none of it.
    expect((await request('GET', '/api/followup/guarantee', outsider)).json().records).toEqual([])
  })

  it('refuses what a cheater sends: other councils, removed members, no session, bad dates', async () => {
    const first = records[0]!
    const refused = async (changes: object, field: string) => {
      const response = await patch(first.id, changes)
      expect(response.statusCode, JSON.stringify(changes)).toBe(400)
      expect(response.json().error.field).toBe(field)
    }
    await refused({ referents: [{ userId: outsider.userId, role: 'élu' }] }, 'referents.0.userId')
    await refused({ referents: [{ actorId: foreignActorId, role: 'pôle' }] }, 'referents.0.actorId')
    await refused({ referents: [{ actorId: crypto.randomUUID(), role: 'pôle' }] }, 'referents.0.actorId')
    await refused(
      {
        referents: [
          { actorId: poleId, role: 'a' },
          { actorId: poleId, role: 'b' },
        ],
      },
      'referents.1',
    )
    await refused({ nextStepDate: '2027-02-30' }, 'nextStepDate')
    await refused({ referents: [{ userId: member.userId, actorId: poleId, role: 'x' }] }, 'referents.0')
    await refused({ referents: [{ role: 'x' }] }, 'referents.0')
    expect((await patch(first.id, { supportKinds: ['loans'] })).statusCode).toBe(400)
    // Nothing of it was written.
    expect((await fresh(first.id)).referents.map((r) => r.name)).toEqual([
      member.displayName,
      'Pôle ESS du Pays',
    ])

    // Another council's record, as seen from here, and ours from there: unknown.
    const here = await request('PATCH', `/api/projects/${foreignRecord.id}`, admin, {
      version: 1,
      referents: [],
    })
    expect(here.statusCode).toBe(404)
    const fromThere = await request('PATCH', `/api/projects/${first.id}`, outsider, {
      version: 1,
      nextStep: 'x',
    })
    expect(fromThere.statusCode).toBe(404)
    expect((await request('GET', `/api/followup/users/${member.userId}`, outsider)).statusCode).toBe(404)
    expect((await request('GET', `/api/followup/actors/${poleId}`, outsider)).statusCode).toBe(404)
    // Our referents in their record: refused too.
    const theirs = await patch(
      foreignRecord.id,
      { referents: [{ userId: member.userId, role: 'x' }] },
      outsider,
    )
    expect(theirs.statusCode).toBe(400)

    // No session.
    for (const url of [
      '/api/followup/me',
      `/api/followup/users/${member.userId}`,
      `/api/followup/actors/${poleId}`,
      '/api/followup/guarantee',
      '/api/followup/guarantee.csv',
    ])
      expect((await request('GET', url)).statusCode, url).toBe(401)
    expect(
      (await request('PATCH', `/api/projects/${first.id}`, undefined, { version: 1, nextStep: 'x' }))
        .statusCode,
    ).toBe(401)
  })

  it('an actor following a record cannot be deleted (409 actor_in_use), an unused one can', async () => {
    const [, , third] = records
    await patch(third!.id, { referents: [{ actorId: cafeId, role: 'suivi' }] })
    // Café des Abers is carrier of the first record and referent of the third: two records.
    const cafe = await request('DELETE', `/api/actors/${cafeId}`, admin)
    expect(cafe.statusCode).toBe(409)
    expect(cafe.json().error).toMatchObject({ code: 'actor_in_use', details: { records: 2 } })
    // The actors list says how many records each follows (the page offers no deletion then).
    const listed = (await request('GET', '/api/actors', admin)).json().actors as {
      id: string
      following: number
    }[]
    expect(listed.find((a) => a.id === cafeId)?.following).toBe(1)
    expect(listed.find((a) => a.id === poleId)?.following).toBe(1)
    // The pole is partner of the first record and referent of it: one record.
    await patch(records[0]!.id, { partners: [] })
    const pole = await request('DELETE', `/api/actors/${poleId}`, admin)
    expect(pole.statusCode).toBe(409)
    expect(pole.json().error).toMatchObject({ code: 'actor_in_use', details: { records: 1 } })
    // Once it follows nothing, it goes.
    await patch(records[0]!.id, { referents: [{ userId: member.userId, role: 'élue référente' }] })
    expect((await request('DELETE', `/api/actors/${poleId}`, admin)).statusCode).toBe(204)
  })

  it('a removed member follows nothing any more and cannot be named again', async () => {
    const leaving = await invite()
    const first = records[0]!
    await patch(first.id, {
      referents: [
        ...(await fresh(first.id)).referents.map((r) => ({ userId: r.userId!, role: r.role })),
        { userId: leaving.userId, role: 'binôme' },
      ],
    })
    expect((await request('GET', '/api/followup/me', leaving)).json().records).toHaveLength(1)
    expect((await request('DELETE', `/api/council/members/${leaving.userId}`, admin)).statusCode).toBe(204)
    expect((await fresh(first.id)).referents.map((r) => r.userId)).toEqual([member.userId])
    const page = (
      await request('GET', `/api/followup/users/${leaving.userId}`, admin)
    ).json() as FollowedRecords
    expect(page.person.removed).toBe(true)
    expect(page.records).toEqual([])
    const again = await patch(first.id, { referents: [{ userId: leaving.userId, role: 'binôme' }] })
    expect(again.statusCode).toBe(400)
    expect(again.json().error.field).toBe('referents.0.userId')
  })

  it('an erased member leaves no referent row', async () => {
    const erased = await invite()
    const third = records[2]!
    await patch(third.id, { referents: [{ userId: erased.userId, role: 'binôme' }] })
    const erasure = await request('POST', '/api/council/erasure', admin, { userId: erased.userId })
    expect(erasure.statusCode).toBe(200)
    expect((await fresh(third.id)).referents).toEqual([])
    const rows = await idsWhere(suite.store.db, 'project_referents', 'user_id', erased.userId)
    expect(rows).toEqual([])
    expect((await request('GET', `/api/followup/users/${erased.userId}`, admin)).statusCode).toBe(404)
  })
})
