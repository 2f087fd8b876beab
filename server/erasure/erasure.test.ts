import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { beforeAll, expect, it } from 'vitest'
import * as Y from 'yjs'
import { records } from '../../shared/board/document.ts'
import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { ideaRecord } from '../collab/testing/board-edits.ts'
import { boardStored, connectClient, synced, waitFor } from '../collab/testing/clients.ts'
import type { Store } from '../db/connect.ts'
import { addCluster } from '../projects/testing/example-board.ts'
import { type ConversionBody, convert } from '../projects/testing/example-workshop.ts'
import { signUp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { dumpStore } from './testing/store-dump.ts'

/**
 * Erasure on request (POST /api/council/erasure) against the real server: a guest who wrote, voted,
 * wrote privately and was converted into project records (twice, so the records' history names them),
 * with the board open live; then a dump of the whole database (every table, every column, every stored
 * Yjs update decoded) holds their name and id nowhere, the board still opens for a real y-websocket
 * client with their ideas credited anonymously, and it still converts.
 */

/** A name nothing else in the store contains. */
const NAME = 'Zéphyrine Kerbrat-Test'

describeEachStore('erasure of a person ($name)', (target) => {
  const live = liveApp(target)
  let store: Store
  let app: FastifyInstance
  let origin: string
  beforeAll(() => {
    ;({ store, app, origin } = live)
  })
  const client = (boardId: string, cookie: string) => {
    const c = connectClient(origin, boardId, cookie)
    live.clients.push(c)
    return c
  }

  const request = (method: 'POST' | 'PATCH' | 'PUT', url: string, cookie: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) })
  const ok = (response: LightMyRequestResponse, status = 200) => {
    expect(response.statusCode, response.body).toBe(status)
    return response
  }
  const erase = (cookie: string, payload: object) => request('POST', '/api/council/erasure', cookie, payload)
  const ideaOf = (doc: Y.Doc, id: string) =>
    records(doc).get(id) as { props: { authorId: string; authorName: string; text: string } } | undefined

  let workshops = 0

  /**
   * A workshop where the guest NAME wrote, voted and wrote privately, converted twice. Her ideas' texts
   * end with the workshop's number, so that each test looks for its own.
   */
  async function workshopWithHistory() {
    const n = ++workshops
    const facilitator = await signUp(app)
    const workshop = await createWorkshop(app, facilitator.cookie)
    const { boardId } = workshop
    const zephyrine = await joinAsGuest(app, workshop.joinCode, NAME)
    const yann = await joinAsGuest(app, workshop.joinCode, 'Yann')
    const post = async (cookie: string, text: string) =>
      ok(
        await request('POST', `/api/boards/${boardId}/ideas`, cookie, { text, priorityCode: 'P1' }),
        201,
      ).json().id as string
    const mine = await post(zephyrine.cookie, `Un bus de nuit le samedi ${n}`)
    const second = await post(zephyrine.cookie, `Des vélos en libre-service ${n}`)
    const theirs = await post(yann.cookie, 'Covoiturage vers la gare')
    // A cluster around two ideas (hers and his); her second idea stays outside for now.
    await app.liveBoards.change(boardId, (doc) => {
      const index = boardRecords(doc)
      const place = (id: string, x: number, y: number) => index.set({ ...index.get(id)!, x, y } as never)
      addCluster(doc, 'shape:groupe', 20_000, 20_000, 'Mobilités douces')
      place(mine, 20_100, 20_100)
      place(theirs, 20_400, 20_100)
      place(second, 30_000, 30_000)
    })
    ok(await request('PATCH', `/api/workshops/${workshop.id}`, facilitator.cookie, { phase: 'voting' }))
    const vote = async (cookie: string, id: string, dots: number) =>
      ok(await request('PUT', `/api/boards/${boardId}/votes/${encodeURIComponent(id)}`, cookie, { dots }))
    await vote(zephyrine.cookie, theirs, 2)
    await vote(zephyrine.cookie, mine, 1)
    await vote(yann.cookie, mine, 3)
    // Silent writing: a private idea of hers, never revealed.
    ok(
      await request('PATCH', `/api/workshops/${workshop.id}`, facilitator.cookie, {
        phase: 'ideation',
        privateIdeation: true,
      }),
    )
    const secret = await post(zephyrine.cookie, `Une idée gardée pour moi ${n}`)
    expect(await app.liveBoards.read(boardId, (doc) => ideaOf(doc, secret))).toBeUndefined()
    ok(await convert(app, facilitator.cookie, workshop.id), 201)
    // Her second idea joins the cluster; converting again writes the change into the record's history.
    await app.liveBoards.change(boardId, (doc) => {
      const index = boardRecords(doc)
      index.set({ ...index.get(second)!, x: 20_700, y: 20_300 } as never)
    })
    const converted = ok(await convert(app, facilitator.cookie, workshop.id), 201).json() as ConversionBody
    const record = converted.projects.find((p) => p.provenance.clusterId === 'shape:groupe')!
    expect(record.provenance.contributors).toEqual(expect.arrayContaining([NAME, 'Yann']))
    const history = ok(
      await app.inject({
        url: `/api/projects/${record.id}/history`,
        headers: { cookie: facilitator.cookie },
      }),
    ).json() as unknown[]
    expect(JSON.stringify(history)).toContain(NAME)
    return { n, facilitator, workshop, boardId, zephyrine, yann, mine, second, theirs, secret, record }
  }

  it('takes the name and id out of every table and stored update; the board opens and converts', async () => {
    const w = await workshopWithHistory()
    // Before: the name is everywhere a guest's name goes.
    const before = await dumpStore(store.db)
    expect(before).toContain(NAME)
    expect(before).toContain(w.zephyrine.guestId)

    // The board is open live: a facilitator watching, and a second facilitator's window that went
    // offline holding the old state and moved her card meanwhile.
    const watcher = client(w.boardId, w.facilitator.cookie)
    // The largest Yjs client id: its move and the erasure's change are concurrent writes of one record,
    // and this one's entry lands to the right, so it wins (as YKeyValue decides), old author fields and all.
    const offlineDoc = new Y.Doc()
    offlineDoc.clientID = 0xfffffff0
    const offline = connectClient(origin, w.boardId, w.facilitator.cookie, { doc: offlineDoc })
    live.clients.push(offline)
    await Promise.all([synced(watcher), synced(offline)])
    expect(ideaOf(watcher.doc, w.mine)?.props.authorName).toBe(NAME)
    offline.provider.disconnect()
    const card = ideaOf(offline.doc, w.mine)!
    records(offline.doc).set(w.mine, { ...card, x: 20_150 } as never)

    const answer = ok(await erase(w.facilitator.cookie, { guestId: w.zephyrine.guestId })).json()
    expect(answer).toEqual({ boards: 1, records: 1 })

    // The watcher sees her card credited to nobody.
    await waitFor(
      () => ideaOf(watcher.doc, w.mine)?.props.authorName === ERASED_AUTHOR_NAME,
      10_000,
      'credit',
    )
    expect(ideaOf(watcher.doc, w.mine)?.props.authorId).toBe('')
    // Her session is over.
    expect(
      (await app.inject({ url: '/api/auth/me', headers: { cookie: w.zephyrine.cookie } })).statusCode,
    ).toBe(401)

    // The window that was offline comes back with its old state and its move: the move stays, the
    // name does not come back.
    offline.provider.connect()
    await synced(offline)
    await waitFor(
      () =>
        ideaOf(offline.doc, w.mine)?.props.authorName === ERASED_AUTHOR_NAME &&
        ideaOf(watcher.doc, w.mine) !== undefined &&
        (records(watcher.doc).get(w.mine) as { x: number }).x === 20_150,
      10_000,
      'offline move merged without the name',
    )
    // What the server stores settles (the reconnection's update, the private side).
    await boardStored(app, w.boardId)

    const after = await dumpStore(store.db)
    expect(after).not.toContain(NAME)
    expect(after).not.toContain(w.zephyrine.guestId)
    // Her ideas are still there, credited anonymously; the other participant's credit is untouched.
    expect(after).toContain(`Un bus de nuit le samedi ${w.n}`)
    expect(after).toContain(`Une idée gardée pour moi ${w.n}`)
    expect(after).toContain('Yann')

    // An audit line, without whom.
    const audit = await store.db.selectFrom('erasures').selectAll().execute()
    const line = audit.find((row) => row.requested_by === w.facilitator.userId)!
    expect(line).toMatchObject({ kind: 'guest', source: 'request', people: 1, boards: 1, records: 1 })

    // A new client opening the board sees her ideas, credited anonymously.
    const fresh = client(w.boardId, w.yann.cookie)
    await synced(fresh)
    expect(ideaOf(fresh.doc, w.mine)?.props).toMatchObject({
      text: `Un bus de nuit le samedi ${w.n}`,
      authorId: '',
      authorName: ERASED_AUTHOR_NAME,
    })
    expect(ideaOf(fresh.doc, w.theirs)?.props.authorName).toBe('Yann')

    // And it still converts: the record credits her ideas anonymously.
    const converted = ok(
      await convert(app, w.facilitator.cookie, w.workshop.id),
      201,
    ).json() as ConversionBody
    const record = converted.projects.find((p) => p.id === w.record.id) as ProjectRecord
    expect(record.provenance.ideas.find((i) => i.id === w.mine)).toMatchObject({
      authorId: '',
      authorName: ERASED_AUTHOR_NAME,
      dots: 4,
    })
    expect(record.provenance.contributors).toEqual(expect.arrayContaining([ERASED_AUTHOR_NAME, 'Yann']))
    expect(await dumpStore(store.db)).not.toContain(NAME)
  })

  it('takes her ideas out when she asked, with the dots on them and their arrows', async () => {
    const w = await workshopWithHistory()
    const answer = ok(
      await erase(w.facilitator.cookie, { guestId: w.zephyrine.guestId, removeIdeas: true }),
    ).json()
    expect(answer).toEqual({ boards: 1, records: 1 })
    const after = await dumpStore(store.db)
    expect(after).not.toContain(NAME)
    expect(after).not.toContain(w.zephyrine.guestId)
    for (const text of ['Un bus de nuit le samedi', 'Des vélos en libre-service', 'Une idée gardée pour moi'])
      expect(after).not.toContain(`${text} ${w.n}`)
    const { ids, theirs } = await app.liveBoards.read(w.boardId, (doc) => ({
      ids: [w.mine, w.second].filter((id) => boardRecords(doc).has(id)),
      theirs: ideaOf(doc, w.theirs)?.props.authorName,
    }))
    expect(ids).toEqual([])
    expect(theirs).toBe('Yann')
    const project = ok(
      await app.inject({ url: `/api/projects/${w.record.id}`, headers: { cookie: w.facilitator.cookie } }),
    ).json() as ProjectRecord
    expect(project.provenance.ideas.map((i) => i.id)).toEqual([w.theirs])
    expect(project.provenance.contributors).toEqual(['Yann'])
    // Her 2 dots on Yann's idea stay (under an id that names nobody); the dots on hers went with it.
    expect(project.provenance.totalDots).toBe(2)
    const converted = ok(
      await convert(app, w.facilitator.cookie, w.workshop.id),
      201,
    ).json() as ConversionBody
    expect(converted.projects.find((p) => p.id === w.record.id)?.provenance.ideas.map((i) => i.id)).toEqual([
      w.theirs,
    ])
  })

  it('is for the council’s administrators, about the council’s people', async () => {
    const w = await workshopWithHistory()
    // A member who is not an administrator: 403.
    const invite = ok(await request('POST', '/api/council/invites', w.facilitator.cookie), 201).json()
    const member = await signUp(app, { inviteToken: invite.token })
    const refused = await erase(member.cookie, { guestId: w.zephyrine.guestId })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('council_admin_only')
    // A guest: 401 or 403, never an erasure.
    expect([401, 403]).toContain((await erase(w.yann.cookie, { guestId: w.zephyrine.guestId })).statusCode)
    // Another council's administrator: 404 for this council's guest and member.
    const stranger = await signUp(app)
    expect((await erase(stranger.cookie, { guestId: w.zephyrine.guestId })).statusCode).toBe(404)
    expect((await erase(stranger.cookie, { userId: member.userId })).statusCode).toBe(404)
    // Neither both nor none; never oneself.
    expect((await erase(w.facilitator.cookie, {})).statusCode).toBe(400)
    expect(
      (await erase(w.facilitator.cookie, { guestId: w.zephyrine.guestId, userId: member.userId })).statusCode,
    ).toBe(400)
    const self = await erase(w.facilitator.cookie, { userId: w.facilitator.userId })
    expect(self.statusCode).toBe(409)
    expect(self.json().error.code).toBe('cannot_erase_self')
    // Nothing was erased by any of these.
    expect(await dumpStore(store.db)).toContain(NAME)
  })

  it('erases a member: no sign-in, their sessions end, the council keeps working', async () => {
    const admin = await signUp(app)
    const invite = ok(await request('POST', '/api/council/invites', admin.cookie), 201).json()
    const member = await signUp(app, { inviteToken: invite.token })
    const memberName = 'Gwenaëlle Membre-Effacée'
    // Her display name as a member: set here directly, the sign-up helper numbers names.
    await store.db
      .updateTable('users')
      .set({ display_name: memberName })
      .where('id', '=', member.userId)
      .execute()
    // She runs a workshop, writes on its board, follows-me, converts it.
    const workshop = await createWorkshop(app, member.cookie)
    const guest = await joinAsGuest(app, workshop.joinCode, 'Invitée')
    const live = client(workshop.boardId, member.cookie)
    await synced(live)
    await app.liveBoards.change(workshop.boardId, (doc) => {
      addCluster(doc, 'shape:c', 20_000, 20_000, 'Groupe')
      boardRecords(doc).set(
        ideaRecord('shape:idee', { id: member.userId, name: memberName }, 'Idée du membre', 20_100, 20_100),
      )
    })
    ok(await request('PATCH', `/api/workshops/${workshop.id}`, member.cookie, { followMe: true }))
    const followed = (ok(await convert(app, member.cookie, workshop.id), 201).json() as ConversionBody)
      .projects[0]!
    // She follows the record as referent (followup/): that row goes with her, and its history names nobody.
    ok(
      await request('PATCH', `/api/projects/${followed.id}`, admin.cookie, {
        version: followed.version,
        referents: [{ userId: member.userId, role: 'élue référente' }],
      }),
    )
    expect(await dumpStore(store.db)).toContain(memberName)

    const answer = ok(await erase(admin.cookie, { userId: member.userId })).json()
    expect(answer.boards).toBeGreaterThanOrEqual(1)
    expect(answer.records).toBe(1)
    const dump = await dumpStore(store.db)
    expect(dump).not.toContain(memberName)
    expect(dump).not.toContain(member.userId)
    expect(dump).not.toContain(member.email)
    const record = (
      await app.inject({ url: `/api/projects/${followed.id}`, headers: { cookie: admin.cookie } })
    ).json()
    expect(record.referents).toEqual([])
    // Her sessions ended, her socket closed, and she cannot sign in again.
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: member.cookie } })).statusCode).toBe(
      401,
    )
    await waitFor(() => live.closes.length > 0, 10_000, 'socket closed')
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.email, password: 'correct horse battery' },
    })
    expect(login.statusCode).toBe(401)
    // The council keeps working: the workshop is the administrator's now, its board opens and converts,
    // the council lists its members without her.
    const view = ok(
      await app.inject({ url: `/api/workshops/${workshop.id}`, headers: { cookie: admin.cookie } }),
    )
    expect(view.json().id).toBe(workshop.id)
    const converted = ok(await convert(app, admin.cookie, workshop.id), 201).json() as ConversionBody
    expect(converted.projects[0]?.provenance.ideas[0]).toMatchObject({
      authorId: '',
      authorName: ERASED_AUTHOR_NAME,
    })
    const council = ok(await app.inject({ url: '/api/council', headers: { cookie: admin.cookie } })).json()
    expect(council.members.map((m: { id: string }) => m.id)).toEqual([admin.userId])
    const reopened = client(workshop.boardId, admin.cookie)
    await synced(reopened)
    expect(ideaOf(reopened.doc, 'shape:idee')?.props.authorName).toBe(ERASED_AUTHOR_NAME)
    expect(guest.guestId).toBeTruthy()
  })
})
