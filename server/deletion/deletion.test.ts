import { existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { authorOf, putIdea } from '../collab/testing/board-edits.ts'
import {
  connectClient,
  eventually,
  openRaw,
  refusedTwice,
  sendPrivateIdea,
  synced,
  type TestClient,
  waitFor,
} from '../collab/testing/clients.ts'
import { privateIdea } from '../collab/testing/private-side.ts'
import { spillUnstored } from '../collab/unstored-spill.ts'
import type { Store } from '../db/connect.ts'
import { type ConversionBody, convert, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { signUp } from '../testing/app.ts'
import { changesBeyond, everyRow, rowsGone, rowsMentioning, rowsNew } from '../testing/every-row.ts'
import { liveApp } from '../testing/live-app.ts'
import { idsWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createContract, createWorkshop, joinAsGuest } from '../testing/workshops.ts'

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

describeEachStore('deleting things ($name)', (target) => {
  // The spill folder of this suite's server, where a test leaves files a shutdown could not store.
  const spillDir = join(tmpdir(), `kenlabour-deletion-spill-${crypto.randomUUID()}`)
  const suite = liveApp(target, { config: { spillDir } })
  let store: Store
  let app: FastifyInstance
  let origin: string
  let clients: TestClient[]
  beforeAll(() => {
    ;({ store, app, origin, clients } = suite)
  })
  afterAll(() => rmSync(spillDir, { recursive: true, force: true }))

  const call = (
    method: 'GET' | 'DELETE' | 'PATCH' | 'POST',
    url: string,
    cookie?: string,
    payload?: unknown,
  ) => app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) })
  const live = (boardId: string, cookie: string) => {
    const client = connectClient(origin, boardId, cookie)
    clients.push(client)
    return client
  }
  const collabUrl = (boardId: string) => `${origin.replace('http', 'ws')}/collab/${boardId}`
  /** A colleague invited into the council of `admin` (a member, not an administrator). */
  async function colleagueOf(admin: { cookie: string }) {
    const invite = await call('POST', '/api/council/invites', admin.cookie)
    return signUp(app, { inviteToken: invite.json().token })
  }
  const count = async (table: string, column: string, value: string) => {
    const result = await sql<{ n: string | number }>`
      select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(store.db)
    return Number(result.rows[0]!.n)
  }

  /**
   * A converted workshop with everything a workshop can own: a board with a log, ballot rows,
   * authorship, a private idea, an image; guests and their sessions; a co-facilitator; a snapshot and
   * records, one of which credits a guest; and an open connection of a guest and of its facilitator.
   */
  async function fullWorkshop(admin?: Awaited<ReturnType<typeof signUp>>) {
    const { facilitator, contract, workshop, built } = await exampleWorkshop(app, admin)
    const participant = await joinAsGuest(app, workshop.joinCode, 'Participante Supprimée')
    const observer = await joinAsGuest(app, workshop.observerCode, 'Observateur Supprimé')
    // One idea of a cluster credited to the guest, so a record's provenance names her by id.
    const creditedIdea = built.ideaIdByText.values().next().value!
    await app.liveBoards.change(workshop.boardId, (doc) => {
      const idea = records(doc).get(creditedIdea) as { props: Record<string, unknown> }
      records(doc).set(creditedIdea, {
        ...idea,
        props: { ...idea.props, authorId: participant.guestId, authorName: 'Participante Supprimée' },
      } as never)
    })
    const coFacilitator = await colleagueOf(facilitator)
    expect(
      (
        await call('POST', `/api/workshops/${workshop.id}/facilitators`, facilitator.cookie, {
          userId: coFacilitator.userId,
        })
      ).statusCode,
    ).toBe(200)
    const guestClient = live(workshop.boardId, participant.cookie)
    const facilitatorClient = live(workshop.boardId, facilitator.cookie)
    await synced(guestClient)
    await synced(facilitatorClient)
    putIdea(guestClient.doc, 'shape:guest-idea', authorOf(participant), 'Idée de la participante')
    await waitFor(() => facilitatorClient.doc.getArray('records').length > 0, 5_000, 'facilitator synced')
    const patch = await call('PATCH', `/api/workshops/${workshop.id}`, facilitator.cookie, {
      privateIdeation: true,
    })
    expect(patch.statusCode, patch.body).toBe(200)
    sendPrivateIdea(guestClient, { kind: 'put', idea: privateIdea('shape:private-idea', 'Idée privée') })
    const upload = await app.inject({
      method: 'POST',
      url: `/api/boards/${workshop.boardId}/assets`,
      headers: { cookie: facilitator.cookie, 'content-type': 'image/png' },
      payload: PNG,
    })
    expect(upload.statusCode, upload.body).toBe(201)
    for (const [table, column] of [
      ['shape_authors', 'board_id'],
      ['private_ideas', 'board_id'],
    ] as const)
      await eventually(
        async () => ((await count(table, column, workshop.boardId)) > 0 ? true : undefined),
        10_000,
        `a ${table} row written`,
      )
    const conversion = await convert(app, facilitator.cookie, workshop.id)
    expect(conversion.statusCode, conversion.body).toBe(201)
    const converted = conversion.json() as ConversionBody
    expect(converted.projects.length).toBeGreaterThan(0)
    return {
      facilitator,
      coFacilitator,
      contract,
      workshop,
      participant,
      observer,
      guestClient,
      facilitatorClient,
      converted,
    }
  }

  it('deletes a workshop and every row of it, keeps its records detached, closes its board for good', async () => {
    const w = await fullWorkshop()
    const { workshop } = w
    // Around it: another workshop of the same council, and another council's.
    const sibling = await createWorkshop(app, w.facilitator.cookie, { contractId: w.contract.id })
    const siblingGuest = await joinAsGuest(app, sibling.joinCode, 'Voisine')
    const stranger = await signUp(app)
    const foreign = await createWorkshop(app, stranger.cookie)
    await joinAsGuest(app, foreign.joinCode, 'Étrangère')
    // Updates a shutdown could not store, on disk for this board and for the sibling's.
    const spilled = spillUnstored(spillDir, workshop.boardId, [new Uint8Array([0, 0])])
    const siblingSpilled = spillUnstored(spillDir, sibling.boardId, [new Uint8Array([0, 0])])

    // It owns a row in every table a workshop can fill.
    for (const [table, column, value] of [
      ['board_updates', 'board_id', workshop.boardId],
      ['board_votes', 'board_id', workshop.boardId],
      ['shape_authors', 'board_id', workshop.boardId],
      ['private_ideas', 'board_id', workshop.boardId],
      ['board_assets', 'board_id', workshop.boardId],
      ['board_snapshots', 'workshop_id', workshop.id],
      ['guests', 'workshop_id', workshop.id],
      ['workshop_facilitators', 'workshop_id', workshop.id],
      ['projects', 'workshop_id', workshop.id],
    ] as const)
      expect(await count(table, column, value), table).toBeGreaterThan(0)
    const guestIds = [w.participant.guestId, w.observer.guestId]
    const snapshotIds = await idsWhere(store.db, 'board_snapshots', 'workshop_id', workshop.id)
    const assetIds = await idsWhere(store.db, 'board_assets', 'board_id', workshop.boardId)
    const guestSessions = (
      await store.db.selectFrom('sessions').select('id').where('guest_id', 'in', guestIds).execute()
    ).map((s) => s.id)
    expect(guestSessions).toHaveLength(2)
    const owned = [workshop.id, workshop.boardId, ...guestIds, ...snapshotIds, ...assetIds, ...guestSessions]
    const records = w.converted.projects
    expect(JSON.stringify(records)).toContain(w.participant.guestId)

    const before = await everyRow(store)
    const response = await call('DELETE', `/api/workshops/${workshop.id}`, w.facilitator.cookie)
    expect(response.statusCode, response.body).toBe(204)
    expect(response.body).toBe('')

    // Its live clients are closed with 4410 and a reason, and stop reconnecting.
    await waitFor(
      () => w.guestClient.closes.length > 0 && w.facilitatorClient.closes.length > 0,
      5_000,
      'closes',
    )
    for (const client of [w.guestClient, w.facilitatorClient])
      expect(client.closes[0]).toEqual({ code: CloseCode.boardDeleted, reason: 'board deleted' })
    // 4410 is final: each provider gave up reconnecting at once, after its one close.
    for (const client of [w.guestClient, w.facilitatorClient]) {
      expect(client.provider.shouldConnect).toBe(false)
      expect(client.closes).toHaveLength(1)
    }

    // Nobody brings it back: the facilitator's reconnection is refused (404), the guest has no session,
    // and a provider holding the whole old document cannot recreate it.
    expect(await openRaw(collabUrl(workshop.boardId), { cookie: w.facilitator.cookie })).toMatchObject({
      status: 404,
    })
    expect(await openRaw(collabUrl(workshop.boardId), { cookie: w.participant.cookie })).toMatchObject({
      status: 401,
    })
    const revenant = connectClient(origin, workshop.boardId, w.facilitator.cookie, {
      doc: w.facilitatorClient.doc,
    })
    clients.push(revenant)
    await refusedTwice(revenant)
    expect(revenant.provider.synced).toBe(false)
    revenant.destroy()
    await expect(app.liveBoards.read(workshop.boardId, () => true)).rejects.toThrow()
    expect((await call('GET', `/api/workshops/${workshop.id}`, w.facilitator.cookie)).statusCode).toBe(404)
    expect((await call('GET', `/api/workshops/${workshop.id}`, w.participant.cookie)).statusCode).toBe(401)
    const dashboard = (await call('GET', '/api/workshops', w.facilitator.cookie)).json() as { id: string }[]
    expect(dashboard.map((x) => x.id)).toEqual([sibling.id])

    // Its spilled file is gone; the sibling's stays.
    await waitFor(() => !existsSync(spilled), 5_000, 'spilled file removed')
    expect(existsSync(siblingSpilled)).toBe(true)

    // Every table: nothing mentions the workshop, its board, guests, sessions, snapshots or images any more.
    const after = await everyRow(store)
    expect(rowsMentioning(after, owned)).toEqual([])
    // Nothing else changed: only rows about it went, or lost their link to it (the records, detached).
    expect(changesBeyond(before, after, owned)).toEqual([])
    const changed = rowsNew(before, after)
    expect(changed.filter((row) => row.startsWith('projects: '))).toHaveLength(records.length)
    expect(
      rowsMentioning(before, [sibling.id, sibling.boardId, siblingGuest.guestId, foreign.id]).length,
    ).toBe(rowsMentioning(after, [sibling.id, sibling.boardId, siblingGuest.guestId, foreign.id]).length)
    for (const table of ['board_updates', 'shape_authors', 'private_ideas', 'board_assets', 'board_votes'])
      expect(await count(table, 'board_id', workshop.boardId), table).toBe(0)

    // The records are the council's: they stay, with the workshop's title and no link to it.
    for (const made of records) {
      const record = (
        await call('GET', `/api/projects/${made.id}`, w.facilitator.cookie)
      ).json() as ProjectRecord
      expect(record.workshopId).toBeNull()
      expect(record.snapshotId).toBeNull()
      expect(record.provenance.workshopId).toBeNull()
      expect(record.provenance.workshopTitle).toBe(made.provenance.workshopTitle)
      expect(record.provenance.ideas.map((i) => i.text)).toEqual(made.provenance.ideas.map((i) => i.text))
      expect(record.version).toBe(made.version)
      expect((await call('GET', `/api/projects/${made.id}/board`, w.facilitator.cookie)).statusCode).toBe(404)
    }
    const credited = (await call('GET', `/api/projects/${records[0]!.id}`, w.facilitator.cookie)).json()
    expect(JSON.stringify(credited)).not.toContain(w.participant.guestId)
    // The list still has them; exports still work.
    const list = (await call('GET', '/api/projects', w.facilitator.cookie)).json()
    expect(list.projects.map((p: { id: string }) => p.id).sort()).toEqual(records.map((r) => r.id).sort())
    for (const format of ['md', 'pdf', 'docx', 'json'])
      expect(
        (await call('GET', `/api/projects/${records[0]!.id}/export?format=${format}`, w.facilitator.cookie))
          .statusCode,
      ).toBe(200)
    // A second delete finds nothing.
    expect((await call('DELETE', `/api/workshops/${workshop.id}`, w.facilitator.cookie)).statusCode).toBe(404)
  })

  it('lets the facilitators and the administrators delete a workshop, no one else', async () => {
    const admin = await signUp(app)
    const member = await colleagueOf(admin)
    const other = await colleagueOf(admin)
    const stranger = await signUp(app)
    const workshop = await createWorkshop(app, member.cookie)
    const guest = await joinAsGuest(app, workshop.joinCode)
    const url = `/api/workshops/${workshop.id}`
    expect((await call('DELETE', url)).statusCode).toBe(401)
    expect((await call('DELETE', url, guest.cookie)).statusCode).toBe(403)
    const notRunning = await call('DELETE', url, other.cookie)
    expect(notRunning.statusCode).toBe(403)
    expect(notRunning.json().error.code).toBe('forbidden')
    expect((await call('DELETE', url, stranger.cookie)).statusCode).toBe(404)
    expect((await call('DELETE', `/api/workshops/${crypto.randomUUID()}`, admin.cookie)).statusCode).toBe(404)
    expect((await call('DELETE', '/api/workshops/not-a-uuid', admin.cookie)).statusCode).toBe(400)
    expect((await call('GET', url, member.cookie)).statusCode).toBe(200)
    // An administrator who does not run it may (a facilitator may have left).
    expect((await call('DELETE', url, admin.cookie)).statusCode).toBe(204)
    const own = await createWorkshop(app, member.cookie)
    expect((await call('DELETE', `/api/workshops/${own.id}`, member.cookie)).statusCode).toBe(204)
  })

  it('deletes a contract only once no workshop and no record uses it (409 contract_in_use)', async () => {
    const w = await fullWorkshop()
    const spare = await createContract(app, w.facilitator.cookie)
    const stranger = await signUp(app)
    const url = `/api/contracts/${w.contract.id}`
    expect((await call('DELETE', url)).statusCode).toBe(401)
    expect((await call('DELETE', url, stranger.cookie)).statusCode).toBe(404)
    expect((await call('DELETE', url, w.participant.cookie)).statusCode).toBe(403)

    const busy = await call('DELETE', url, w.facilitator.cookie)
    expect(busy.statusCode).toBe(409)
    expect(busy.json().error).toMatchObject({
      code: 'contract_in_use',
      details: { workshops: 1, records: expect.any(Number) },
    })
    expect((await call('DELETE', `/api/workshops/${w.workshop.id}`, w.facilitator.cookie)).statusCode).toBe(
      204,
    )
    const records = w.converted.projects
    const stillRecords = await call('DELETE', url, w.facilitator.cookie)
    expect(stillRecords.statusCode).toBe(409)
    expect(stillRecords.json().error.details).toEqual({ workshops: 0, records: records.length })
    for (const record of records)
      expect((await call('DELETE', `/api/projects/${record.id}`, w.facilitator.cookie)).statusCode).toBe(204)

    const before = await everyRow(store)
    // Any member of the council may.
    expect((await call('DELETE', url, w.coFacilitator.cookie)).statusCode).toBe(204)
    const after = await everyRow(store)
    expect(rowsMentioning(after, [w.contract.id])).toEqual([])
    expect(changesBeyond(before, after, [w.contract.id])).toEqual([])
    expect(rowsGone(before, after)).toEqual(rowsMentioning(before, [w.contract.id]))
    expect((await call('GET', url, w.facilitator.cookie)).statusCode).toBe(404)
    expect((await call('GET', `/api/contracts/${spare.id}`, w.facilitator.cookie)).statusCode).toBe(200)
    expect((await call('DELETE', url, w.facilitator.cookie)).statusCode).toBe(404)
  })

  it('deletes a record with its history and actor links; an actor only once no record names it (409 actor_in_use)', async () => {
    const w = await fullWorkshop()
    const [first, second] = w.converted.projects
    if (!first || !second) throw new Error('the example makes at least two records')
    const edit = (record: ProjectRecord, changes: Record<string, unknown>) =>
      call('PATCH', `/api/projects/${record.id}`, w.facilitator.cookie, {
        version: record.version,
        ...changes,
      })
    const edited = await edit(first, {
      summary: 'Résumé modifié',
      carrier: { name: 'Commune de Plouguerneau', type: 'collectivite' },
      partners: [{ name: 'Association Skol', type: 'association', role: 'animation' }],
    })
    expect(edited.statusCode, edited.body).toBe(200)
    expect(
      (await edit(second, { carrier: { name: 'Commune de Plouguerneau', type: 'collectivite' } })).statusCode,
    ).toBe(200)
    const actors = (await call('GET', '/api/actors', w.facilitator.cookie)).json().actors as {
      id: string
      name: string
    }[]
    const commune = actors.find((a) => a.name === 'Commune de Plouguerneau')!
    const skol = actors.find((a) => a.name === 'Association Skol')!
    expect(await count('project_history', 'project_id', first.id)).toBeGreaterThan(0)
    expect(await count('project_actors', 'project_id', first.id)).toBe(2)

    const stranger = await signUp(app)
    expect((await call('DELETE', `/api/projects/${first.id}`)).statusCode).toBe(401)
    expect((await call('DELETE', `/api/projects/${first.id}`, stranger.cookie)).statusCode).toBe(404)
    expect((await call('DELETE', `/api/actors/${skol.id}`, stranger.cookie)).statusCode).toBe(404)
    expect((await call('DELETE', `/api/actors/${skol.id}`)).statusCode).toBe(401)

    const used = await call('DELETE', `/api/actors/${commune.id}`, w.facilitator.cookie)
    expect(used.statusCode).toBe(409)
    expect(used.json().error).toMatchObject({ code: 'actor_in_use', details: { records: 2 } })

    const before = await everyRow(store)
    expect((await call('DELETE', `/api/projects/${first.id}`, w.coFacilitator.cookie)).statusCode).toBe(204)
    const after = await everyRow(store)
    expect(rowsMentioning(after, [first.id])).toEqual([])
    expect(changesBeyond(before, after, [first.id])).toEqual([])
    for (const table of ['projects', 'project_history', 'project_actors'])
      expect(await count(table, table === 'projects' ? 'id' : 'project_id', first.id), table).toBe(0)
    expect((await call('GET', `/api/projects/${first.id}`, w.facilitator.cookie)).statusCode).toBe(404)
    expect((await call('GET', `/api/projects/${second.id}`, w.facilitator.cookie)).statusCode).toBe(200)
    expect((await call('DELETE', `/api/projects/${first.id}`, w.facilitator.cookie)).statusCode).toBe(404)

    // The partner of the deleted record is named by no record now: it may go; the carrier of the other may not.
    expect((await call('DELETE', `/api/actors/${skol.id}`, w.facilitator.cookie)).statusCode).toBe(204)
    expect(
      (await call('DELETE', `/api/actors/${commune.id}`, w.facilitator.cookie)).json().error.details,
    ).toEqual({
      records: 1,
    })
    expect((await call('DELETE', `/api/actors/${skol.id}`, w.facilitator.cookie)).statusCode).toBe(404)
    const left = (await call('GET', '/api/actors', w.facilitator.cookie)).json().actors as { id: string }[]
    expect(left.map((a) => a.id)).toEqual([commune.id])
  })

  it('deletes a council and everything in it for an administrator who types its name; nothing of others', async () => {
    const admin = await signUp(app, { councilName: 'Conseil de développement du Pays de Morlaix' })
    const w = await fullWorkshop(admin)
    const member = await colleagueOf(admin)
    const memberClient = live(w.workshop.boardId, member.cookie)
    await synced(memberClient)
    const second = await createWorkshop(app, member.cookie, { contractId: w.contract.id })
    const secondGuest = await joinAsGuest(app, second.joinCode, 'Invitée du second')
    await call('POST', '/api/council/invites', admin.cookie)
    await call('POST', `/api/council/members/${member.userId}/reset-link`, admin.cookie)
    // Another council, with a live board, must not notice anything.
    const neighbour = await signUp(app, { councilName: 'Conseil voisin' })
    const neighbourWorkshop = await createWorkshop(app, neighbour.cookie)
    const neighbourClient = live(neighbourWorkshop.boardId, neighbour.cookie)
    await synced(neighbourClient)

    const ids = new Set<string>([admin.councilId])
    const collect = async (query: Promise<{ id: string }[]>) => {
      for (const row of await query) ids.add(row.id)
    }
    const councilId = admin.councilId
    const db = store.db
    await collect(db.selectFrom('users').select('id').where('council_id', '=', councilId).execute())
    await collect(db.selectFrom('contracts').select('id').where('council_id', '=', councilId).execute())
    await collect(db.selectFrom('workshops').select('id').where('council_id', '=', councilId).execute())
    await collect(db.selectFrom('projects').select('id').where('council_id', '=', councilId).execute())
    await collect(db.selectFrom('actors').select('id').where('council_id', '=', councilId).execute())
    await collect(db.selectFrom('council_invites').select('id').where('council_id', '=', councilId).execute())
    const workshopIds = [w.workshop.id, second.id]
    await collect(db.selectFrom('boards').select('id').where('workshop_id', 'in', workshopIds).execute())
    await collect(db.selectFrom('guests').select('id').where('workshop_id', 'in', workshopIds).execute())
    await collect(
      db.selectFrom('board_snapshots').select('id').where('workshop_id', 'in', workshopIds).execute(),
    )
    await collect(
      db
        .selectFrom('sessions')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('user_id', 'in', [admin.userId, member.userId, w.coFacilitator.userId]),
            eb('guest_id', 'in', [w.participant.guestId, w.observer.guestId, secondGuest.guestId]),
          ]),
        )
        .execute(),
    )
    await collect(
      db.selectFrom('password_resets').select('id').where('user_id', '=', member.userId).execute(),
    )
    expect(ids.size).toBeGreaterThan(15)

    const url = '/api/council'
    expect((await call('DELETE', url, undefined, { confirm: 'x' })).statusCode).toBe(401)
    const notAdmin = await call('DELETE', url, member.cookie, {
      confirm: 'Conseil de développement du Pays de Morlaix',
    })
    expect(notAdmin.statusCode).toBe(403)
    expect(notAdmin.json().error.code).toBe('council_admin_only')
    expect((await call('DELETE', url, w.participant.cookie, { confirm: 'x' })).statusCode).toBe(403)
    const before = await everyRow(store)
    for (const confirm of ['Conseil voisin', 'conseil de développement du pays de morlaix', ''] as const) {
      const wrong = await call('DELETE', url, admin.cookie, { confirm })
      expect(wrong.statusCode).toBe(400)
      expect(wrong.json().error).toMatchObject({ code: 'confirmation_mismatch', field: 'confirm' })
    }
    expect((await call('DELETE', url, admin.cookie, {})).statusCode).toBe(400)
    expect(rowsGone(before, await everyRow(store))).toEqual([])

    const deleted = await call('DELETE', url, admin.cookie, {
      confirm: '  Conseil de développement du Pays de Morlaix ',
    })
    expect(deleted.statusCode, deleted.body).toBe(204)
    expect(deleted.cookies.find((c) => c.name === 'kenlabour_session')?.value).toBe('')

    // Every board of it closed; the neighbour's board stays open.
    await waitFor(
      () => [w.guestClient, w.facilitatorClient, memberClient].every((c) => c.closes.length > 0),
      5_000,
      'closes',
    )
    for (const client of [w.guestClient, w.facilitatorClient, memberClient])
      expect(client.closes[0]).toEqual({ code: CloseCode.boardDeleted, reason: 'board deleted' })
    expect(neighbourClient.closes).toEqual([])
    expect(neighbourClient.provider.wsconnected).toBe(true)
    // Every session of it ended.
    for (const cookie of [
      admin.cookie,
      member.cookie,
      w.coFacilitator.cookie,
      w.participant.cookie,
      secondGuest.cookie,
    ])
      expect((await call('GET', '/api/auth/me', cookie)).statusCode).toBe(401)
    expect((await call('GET', '/api/workshops', neighbour.cookie)).statusCode).toBe(200)
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: admin.email, password: 'correct horse battery' },
    })
    expect(login.statusCode).toBe(401)

    // No row anywhere keeps any id of it; every other row is as it was.
    const after = await everyRow(store)
    expect(rowsMentioning(after, ids)).toEqual([])
    expect(changesBeyond(before, after, ids)).toEqual([])
    expect(rowsMentioning(after, [neighbour.councilId, neighbourWorkshop.id]).length).toBeGreaterThan(0)
  })
})
