import { beforeAll, describe, expect, it } from 'vitest'
import { defaultLiveState } from '../../shared/workshop/live-state.ts'
import type { AccessRevoked } from '../auth/access-events.ts'
import { injectAs, inviteMember, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { idsWhere, rowWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { contractExample, createContract, createWorkshop, joinAsGuest } from '../testing/workshops.ts'

const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}$/

describeEachStore('workshops ($name)', (target) => {
  const revocations: AccessRevoked[] = []
  const suite = suiteApp(target, { bodyLimit: 64 * 1024 })
  beforeAll(async () => {
    suite.app.access.onRevoke((event) => revocations.push(event))
  })

  /** POST /api/workshops with `payload`, as the person of `cookie` (none: no session). */
  const postWorkshop = (cookie: string | undefined, payload: unknown) =>
    suite.app.inject({
      method: 'POST',
      url: '/api/workshops',
      headers: cookie ? { cookie } : {},
      payload: payload as object,
    })

  /** POST /api/workshops/:id/facilitators with `payload`, as the person of `cookie`. */
  const postFacilitator = (workshopId: string, cookie: string, payload: unknown) =>
    suite.app.inject({
      method: 'POST',
      url: `/api/workshops/${workshopId}/facilitators`,
      headers: { cookie },
      payload: payload as object,
    })

  /** An account, a colleague in its council, and an account of another council. */
  async function cast() {
    const owner = await signUp(suite.app)
    const colleague = await inviteMember(suite.app, owner.cookie)
    const stranger = await signUp(suite.app)
    return { owner, colleague, stranger }
  }

  describe('creation', () => {
    it('creates the workshop, its board row, its facilitator, two codes and one zone per priority', async () => {
      const owner = await signUp(suite.app)
      const contract = await createContract(suite.app, owner.cookie)
      const response = await postWorkshop(owner.cookie, {
        title: '  Atelier mobilités  ',
        contractId: contract.id,
      })
      expect(response.statusCode).toBe(201)
      const workshop = response.json()
      expect(workshop).toMatchObject({
        title: 'Atelier mobilités',
        contractId: contract.id,
        contractTitle: contractExample.title,
        phase: 'ideation',
        locked: false,
        isFacilitator: true,
        role: 'facilitator',
        facilitators: [{ userId: owner.userId, displayName: expect.any(String) }],
        startZones: [
          { priorityCode: 'P1', actionCode: '' },
          { priorityCode: 'P2', actionCode: '' },
          { priorityCode: 'P3', actionCode: '' },
        ],
        state: defaultLiveState,
        closedAt: null,
      })
      expect(workshop.joinCode).toMatch(CODE)
      expect(workshop.observerCode).toMatch(CODE)
      expect(workshop.joinCode).not.toBe(workshop.observerCode)
      expect(workshop.priorities.map((p: { code: string }) => p.code)).toEqual(['P1', 'P2', 'P3'])
      expect(Date.parse(workshop.createdAt)).toBeGreaterThan(Date.now() - 60_000)

      const row = await rowWhere(suite.store.db, 'workshops', 'id', workshop.id)
      expect(row).toMatchObject({
        council_id: owner.councilId,
        created_by: owner.userId,
        join_code: workshop.joinCode.replace('-', ''),
        observer_code: workshop.observerCode.replace('-', ''),
        phase: 'ideation',
        closed_at: null,
      })
      expect(row.start_zones).toEqual(workshop.startZones)
      const board = await rowWhere(suite.store.db, 'boards', 'workshop_id', workshop.id)
      expect(board.id).toBe(workshop.boardId)
      expect(board.snapshot).toBeNull()
      const facilitators = await suite.store.db
        .selectFrom('workshop_facilitators')
        .select('user_id')
        .where('workshop_id', '=', workshop.id)
        .execute()
      expect(facilitators).toEqual([{ user_id: owner.userId }])
    })

    it('starts with chosen priorities, or with action zones', async () => {
      const owner = await signUp(suite.app)
      const contract = await createContract(suite.app, owner.cookie)
      const picked = await createWorkshop(suite.app, owner.cookie, {
        contractId: contract.id,
        priorityCodes: ['P2'],
      })
      expect(picked.startZones).toEqual([{ priorityCode: 'P2', actionCode: '' }])
      const actions = await createWorkshop(suite.app, owner.cookie, {
        contractId: contract.id,
        zones: [
          { priorityCode: 'P3', actionCode: '3.1' },
          { priorityCode: 'P3', actionCode: '3.2' },
        ],
      })
      expect(actions.startZones).toEqual([
        { priorityCode: 'P3', actionCode: '3.1' },
        { priorityCode: 'P3', actionCode: '3.2' },
      ])
    })

    it("refuses unknown priority and action codes (400, naming them) and other councils' contracts (404)", async () => {
      const { owner, stranger } = await cast()
      const contract = await createContract(suite.app, owner.cookie)
      const unknownPriority = await postWorkshop(owner.cookie, {
        title: 'A',
        contractId: contract.id,
        priorityCodes: ['P1', 'P7'],
      })
      expect(unknownPriority.statusCode).toBe(400)
      expect(unknownPriority.json().error).toMatchObject({
        code: 'unknown_priority',
        message: expect.stringContaining('P7'),
      })
      const unknownAction = await postWorkshop(owner.cookie, {
        title: 'A',
        contractId: contract.id,
        zones: [{ priorityCode: 'P1', actionCode: '4.4' }],
      })
      expect(unknownAction.statusCode).toBe(400)
      expect(unknownAction.json().error).toMatchObject({
        code: 'unknown_action',
        message: expect.stringContaining('4.4'),
      })
      const foreign = await postWorkshop(stranger.cookie, { title: 'A', contractId: contract.id })
      expect(foreign.statusCode).toBe(404)
      const missing = await postWorkshop(owner.cookie, { title: 'A', contractId: crypto.randomUUID() })
      expect(missing.statusCode).toBe(404)
      for (const payload of [
        { title: 'A', contractId: 'nope' },
        { title: '', contractId: contract.id },
        { title: 'A' },
        { title: 'A', contractId: contract.id, priorityCodes: [] },
        { title: 'A', contractId: contract.id, priorityCodes: 'P1' },
        { title: 'A', contractId: contract.id, zones: [{ actionCode: '1.1' }] },
        { title: 7, contractId: contract.id },
      ]) {
        const response = await postWorkshop(owner.cookie, payload)
        expect(response.statusCode, JSON.stringify(payload)).toBe(400)
        expect(response.json().error.code).toBe('invalid_input')
      }
      const malformed = await suite.app.inject({
        method: 'POST',
        url: '/api/workshops',
        headers: { cookie: owner.cookie, 'content-type': 'application/json' },
        payload: '{"title":"A",',
      })
      expect(malformed.statusCode).toBe(400)
      expect(malformed.json().error.code).toBe('invalid_json')
      const huge = await postWorkshop(owner.cookie, {
        title: 'A',
        contractId: contract.id,
        padding: 'x'.repeat(70_000),
      })
      expect(huge.statusCode).toBe(413)
      const count = await idsWhere(suite.store.db, 'workshops', 'contract_id', contract.id)
      expect(count).toEqual([])
    })

    it('needs an account: 401 without a session, 403 for a guest', async () => {
      const owner = await signUp(suite.app)
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const anonymous = await postWorkshop(undefined, { title: 'A', contractId: workshop.contractId })
      expect(anonymous.statusCode).toBe(401)
      const guest = await joinAsGuest(suite.app, workshop.joinCode)
      const asGuest = await postWorkshop(guest.cookie, { title: 'A', contractId: workshop.contractId })
      expect(asGuest.statusCode).toBe(403)
      const list = await suite.app.inject({ url: '/api/workshops', headers: { cookie: guest.cookie } })
      expect(list.statusCode).toBe(403)
      expect((await suite.app.inject({ url: '/api/workshops' })).statusCode).toBe(401)
    })
  })

  describe('reading', () => {
    it("lists the council's workshops with isFacilitator, and nothing of other councils", async () => {
      const { owner, colleague, stranger } = await cast()
      const first = await createWorkshop(suite.app, owner.cookie, { title: 'Premier' })
      const second = await createWorkshop(suite.app, colleague.cookie, { title: 'Second' })
      await createWorkshop(suite.app, stranger.cookie, { title: 'Ailleurs' })
      const list = await suite.app.inject({ url: '/api/workshops', headers: { cookie: owner.cookie } })
      expect(list.statusCode).toBe(200)
      const items = list.json()
      expect(items.map((w: { id: string }) => w.id)).toEqual([second.id, first.id])
      expect(items.map((w: { isFacilitator: boolean }) => w.isFacilitator)).toEqual([false, true])
      expect(items[1]).toMatchObject({
        joinCode: first.joinCode,
        role: 'facilitator',
        contractTitle: contractExample.title,
      })
      expect(items[0]).not.toHaveProperty('priorities')
    })

    it('shows council members the full view, guests of the workshop a limited one, others nothing', async () => {
      const { owner, colleague, stranger } = await cast()
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const other = await createWorkshop(suite.app, owner.cookie, { title: 'Autre' })
      const get = (cookie?: string, id = workshop.id) =>
        suite.app.inject({ url: `/api/workshops/${id}`, headers: cookie ? { cookie } : {} })

      const asColleague = await get(colleague.cookie)
      expect(asColleague.statusCode).toBe(200)
      expect(asColleague.json()).toMatchObject({
        id: workshop.id,
        joinCode: workshop.joinCode,
        observerCode: workshop.observerCode,
        isFacilitator: false,
        role: 'member',
      })
      expect(asColleague.json().priorities).toHaveLength(3)

      const participant = await joinAsGuest(suite.app, workshop.joinCode)
      const asParticipant = await get(participant.cookie)
      expect(asParticipant.statusCode).toBe(200)
      expect(asParticipant.json()).toEqual({
        id: workshop.id,
        boardId: workshop.boardId,
        title: workshop.title,
        phase: 'ideation',
        locked: false,
        role: 'participant',
        priorities: contractExample.priorities.map((p) => ({
          code: p.code,
          title: p.title,
          actions: p.actions.map((a) => ({ code: a.code, title: a.title })),
        })),
      })
      const observer = await joinAsGuest(suite.app, workshop.observerCode.toLowerCase())
      expect((await get(observer.cookie)).json()).toMatchObject({ role: 'observer' })
      expect((await get(observer.cookie)).json()).not.toHaveProperty('joinCode')

      expect((await get(participant.cookie, other.id)).statusCode).toBe(404)
      expect((await get(stranger.cookie)).statusCode).toBe(404)
      expect((await get()).statusCode).toBe(401)
      expect((await get(owner.cookie, crypto.randomUUID())).statusCode).toBe(404)
      const notUuid = await get(owner.cookie, 'abc')
      expect(notUuid.statusCode).toBe(400)
      expect(notUuid.json().error.code).toBe('invalid_input')
    })
  })

  describe('facilitator controls (PATCH)', () => {
    const patch = (id: string, cookie: string | undefined, payload: unknown) =>
      suite.app.inject({
        method: 'PATCH',
        url: `/api/workshops/${id}`,
        headers: cookie ? { cookie } : {},
        payload: payload as any,
      })
    const boardState = (boardId: string) =>
      suite.app.liveBoards.read(
        boardId,
        (doc) => doc.getMap('meta').get('workshop') as Record<string, unknown> | undefined,
      )

    it('stores the live state with its columns and writes it into the live board', async () => {
      const owner = await signUp(suite.app)
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const response = await patch(workshop.id, owner.cookie, {
        phase: 'clustering',
        locked: true,
        cursorsHidden: true,
        lockedShapeIds: ['shape:zone-p1'],
        followMe: true,
        vote: { dotsPerParticipant: 3, target: 'clusters' },
      })
      expect(response.statusCode).toBe(200)
      const state = {
        ...defaultLiveState,
        phase: 'clustering',
        locked: true,
        cursorsHidden: true,
        lockedShapeIds: ['shape:zone-p1'],
        followMe: { presenterId: owner.userId, presenterName: expect.any(String) },
        vote: { dotsPerParticipant: 3, target: 'clusters', revealed: false },
      }
      expect(response.json()).toMatchObject({ phase: 'clustering', locked: true, state })
      const row = await rowWhere(suite.store.db, 'workshops', 'id', workshop.id)
      expect(row).toMatchObject({ phase: 'clustering', locked: true, closed_at: null })
      expect(row.state).toEqual(response.json().state)
      expect(await boardState(workshop.boardId)).toEqual(response.json().state)
    })

    it('runs the timer on server time and mirrors every step into the board', async () => {
      const owner = await signUp(suite.app)
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const before = Date.now()
      const started = await patch(workshop.id, owner.cookie, {
        timer: { action: 'start', durationMs: 300_000 },
      })
      expect(started.statusCode).toBe(200)
      const timer = started.json().state.timer
      expect(timer).toMatchObject({ durationMs: 300_000, remainingMs: 300_000, sound: true })
      expect(timer.endsAt).toBeGreaterThanOrEqual(before + 300_000)
      expect(timer.endsAt).toBeLessThanOrEqual(Date.now() + 300_000)
      const paused = await patch(workshop.id, owner.cookie, { timer: { action: 'pause' } })
      expect(paused.json().state.timer.endsAt).toBeNull()
      expect(paused.json().state.timer.remainingMs).toBeLessThanOrEqual(300_000)
      expect(paused.json().state.timer.remainingMs).toBeGreaterThan(290_000)
      expect((await boardState(workshop.boardId))?.timer).toEqual(paused.json().state.timer)
      const noTimer = await createWorkshop(suite.app, owner.cookie, { contractId: workshop.contractId })
      const refused = await patch(noTimer.id, owner.cookie, { timer: { action: 'addMinute' } })
      expect(refused.statusCode).toBe(409)
      expect(refused.json().error.code).toBe('no_timer')
    })

    it('sets closed_at when the workshop closes, keeps it while closed, and clears it on reopening', async () => {
      const owner = await signUp(suite.app)
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const closed = await patch(workshop.id, owner.cookie, { phase: 'closed' })
      expect(closed.json().phase).toBe('closed')
      const closedAt = closed.json().closedAt
      expect(Date.parse(closedAt)).toBeGreaterThan(Date.now() - 60_000)
      const stillClosed = await patch(workshop.id, owner.cookie, { locked: true })
      expect(stillClosed.json().closedAt).toBe(closedAt)
      const reopened = await patch(workshop.id, owner.cookie, { phase: 'voting' })
      expect(reopened.json().closedAt).toBeNull()
      expect((await boardState(workshop.boardId))?.phase).toBe('voting')
    })

    it('loses no change when facilitators act at once: the last state is stored and on the board', async () => {
      const { owner, colleague } = await cast()
      const workshop = await createWorkshop(suite.app, owner.cookie)
      await postFacilitator(workshop.id, owner.cookie, { userId: colleague.userId })
      await patch(workshop.id, owner.cookie, { timer: { action: 'start', durationMs: 60_000 } })
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          patch(workshop.id, i % 2 ? owner.cookie : colleague.cookie, { timer: { action: 'addMinute' } }),
        ),
      )
      expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(200))
      const row = await suite.store.db
        .selectFrom('workshops')
        .select('state')
        .where('id', '=', workshop.id)
        .executeTakeFirstOrThrow()
      expect((row.state as any).timer.durationMs).toBe(60_000 + 8 * 60_000)
      expect(await boardState(workshop.boardId)).toEqual(row.state)
    })

    it('answers 503 when the live board cannot be loaded, with the setting stored for the next load', async () => {
      const owner = await signUp(suite.app)
      const workshop = await createWorkshop(suite.app, owner.cookie)
      // A snapshot that is not a Yjs update: loading the board fails (it never becomes an empty board).
      await suite.store.db
        .updateTable('boards')
        .set({ snapshot: Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x01]) })
        .where('id', '=', workshop.boardId)
        .execute()
      const response = await patch(workshop.id, owner.cookie, { phase: 'voting' })
      expect(response.statusCode).toBe(503)
      expect(response.json().error.code).toBe('unavailable')
      const row = await suite.store.db
        .selectFrom('workshops')
        .select('phase')
        .where('id', '=', workshop.id)
        .executeTakeFirstOrThrow()
      expect(row.phase).toBe('voting')
    })

    it("is for the workshop's facilitators only", async () => {
      const { owner, colleague, stranger } = await cast()
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const guest = await joinAsGuest(suite.app, workshop.joinCode)
      expect((await patch(workshop.id, undefined, { locked: true })).statusCode).toBe(401)
      expect((await patch(workshop.id, guest.cookie, { locked: true })).statusCode).toBe(403)
      const member = await patch(workshop.id, colleague.cookie, { locked: true })
      expect(member.statusCode).toBe(403)
      expect(member.json().error.code).toBe('forbidden')
      expect((await patch(workshop.id, stranger.cookie, { locked: true })).statusCode).toBe(404)
      expect((await patch(crypto.randomUUID(), owner.cookie, { locked: true })).statusCode).toBe(404)
      expect((await patch('1234', owner.cookie, { locked: true })).statusCode).toBe(400)
      const row = await suite.store.db
        .selectFrom('workshops')
        .select('locked')
        .where('id', '=', workshop.id)
        .executeTakeFirstOrThrow()
      expect(row.locked).toBe(false)
    })

    it('refuses bad input with 4xx and changes nothing', async () => {
      const owner = await signUp(suite.app)
      const workshop = await createWorkshop(suite.app, owner.cookie)
      for (const payload of [
        {},
        { phase: 'brainstorm' },
        { locked: 'yes' },
        { timer: { action: 'explode' } },
        { timer: { action: 'start', durationMs: 10 } },
        { timer: { action: 'start', durationMs: 5 * 60 * 60 * 1000 } },
        { timer: { action: 'start' } },
        { vote: { dotsPerParticipant: 0 } },
        { vote: { dotsPerParticipant: 2.5 } },
        { vote: { target: 'everything' } },
        { lockedShapeIds: ['not-a-shape'] },
        { followMe: 'please' },
      ]) {
        const response = await patch(workshop.id, owner.cookie, payload)
        expect(response.statusCode, JSON.stringify(payload)).toBe(400)
        expect(response.json().error.code, JSON.stringify(payload)).toBe('invalid_input')
      }
      const malformed = await suite.app.inject({
        method: 'PATCH',
        url: `/api/workshops/${workshop.id}`,
        headers: { cookie: owner.cookie, 'content-type': 'application/json' },
        payload: '{"phase":',
      })
      expect(malformed.statusCode).toBe(400)
      const huge = await patch(workshop.id, owner.cookie, {
        lockedShapeIds: Array.from({ length: 2000 }, (_, i) => `shape:${'x'.repeat(40)}${i}`),
      })
      expect(huge.statusCode).toBe(413)
      const row = await rowWhere(suite.store.db, 'workshops', 'id', workshop.id)
      expect(row.state).toEqual(defaultLiveState)
    })
  })

  describe('facilitators', () => {
    it('adds a council member as co-facilitator, who may then run the workshop', async () => {
      const { owner, colleague } = await cast()
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const before = await postFacilitator(workshop.id, colleague.cookie, { userId: colleague.userId })
      expect(before.statusCode).toBe(403)
      const added = await postFacilitator(workshop.id, owner.cookie, { userId: colleague.userId })
      expect(added.statusCode).toBe(200)
      expect(
        added
          .json()
          .facilitators.map((f: { userId: string }) => f.userId)
          .sort(),
      ).toEqual([owner.userId, colleague.userId].sort())
      const twice = await postFacilitator(workshop.id, owner.cookie, { userId: colleague.userId })
      expect(twice.json().facilitators).toHaveLength(2)
      const view = await suite.app.inject({
        url: `/api/workshops/${workshop.id}`,
        headers: { cookie: colleague.cookie },
      })
      expect(view.json()).toMatchObject({ isFacilitator: true, role: 'facilitator' })
    })

    it('refuses members of other councils, unknown users and bad ids', async () => {
      const { owner, stranger } = await cast()
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const add = (payload: unknown, cookie = owner.cookie, id = workshop.id) =>
        postFacilitator(id, cookie, payload)
      expect((await add({ userId: stranger.userId })).statusCode).toBe(404)
      expect((await add({ userId: crypto.randomUUID() })).statusCode).toBe(404)
      expect((await add({ userId: 'x' })).statusCode).toBe(400)
      expect((await add({})).statusCode).toBe(400)
      expect((await add({ userId: owner.userId }, stranger.cookie)).statusCode).toBe(404)
      expect((await add({ userId: owner.userId }, owner.cookie, 'zzz')).statusCode).toBe(400)
    })

    it('removes a facilitator, closes their live access, and never removes the last one', async () => {
      const { owner, colleague } = await cast()
      const workshop = await createWorkshop(suite.app, owner.cookie)
      await postFacilitator(workshop.id, owner.cookie, { userId: colleague.userId })
      const remove = (userId: string, cookie = owner.cookie) =>
        suite.app.inject({
          method: 'DELETE',
          url: `/api/workshops/${workshop.id}/facilitators/${userId}`,
          headers: { cookie },
        })
      revocations.length = 0
      const removed = await remove(colleague.userId)
      expect(removed.statusCode).toBe(200)
      expect(removed.json()).toEqual({
        facilitators: [{ userId: owner.userId, displayName: expect.any(String) }],
      })
      expect(revocations).toEqual([{ userId: colleague.userId, workshopId: workshop.id }])
      expect((await remove(owner.userId, colleague.cookie)).statusCode).toBe(403)
      expect((await remove(colleague.userId)).statusCode).toBe(404)
      const last = await remove(owner.userId)
      expect(last.statusCode).toBe(409)
      expect(last.json().error.code).toBe('last_facilitator')
      expect((await remove('not-a-uuid')).statusCode).toBe(400)
    })
  })

  describe('codes', () => {
    it('revokes the join code: new code, old one refused, its guests signed out and their sockets told', async () => {
      const owner = await signUp(suite.app)
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const participant = await joinAsGuest(suite.app, workshop.joinCode, 'Paul')
      const observer = await joinAsGuest(suite.app, workshop.observerCode, 'Olga')
      revocations.length = 0
      const revoked = await injectAs(suite.app, 'POST', `/api/workshops/${workshop.id}/codes/revoke`, owner, {
        kind: 'join',
      })
      expect(revoked.statusCode).toBe(200)
      const codes = revoked.json()
      expect(codes.joinCode).toMatch(CODE)
      expect(codes.joinCode).not.toBe(workshop.joinCode)
      expect(codes.observerCode).toBe(workshop.observerCode)
      expect(codes.endedSessions).toBe(1)
      expect(revocations).toHaveLength(1)
      expect(revocations[0].guestIds).toEqual([participant.guestId])
      expect(revocations[0].sessionIds).toHaveLength(1)

      expect(
        (await suite.app.inject({ url: '/api/auth/me', headers: { cookie: participant.cookie } })).statusCode,
      ).toBe(401)
      expect(
        (await suite.app.inject({ url: '/api/auth/me', headers: { cookie: observer.cookie } })).statusCode,
      ).toBe(200)
      const again = await suite.app.inject({
        method: 'POST',
        url: '/api/join',
        payload: { code: workshop.joinCode, displayName: 'Paul' },
      })
      expect(again.statusCode).toBe(404)
      expect(again.json().error.code).toBe('unknown_code')
      const fresh = await joinAsGuest(suite.app, codes.joinCode, 'Paul')
      expect(fresh.role).toBe('participant')
      const view = await suite.app.inject({
        url: `/api/workshops/${workshop.id}`,
        headers: { cookie: owner.cookie },
      })
      expect(view.json().joinCode).toBe(codes.joinCode)
    })

    it('revokes the observer code the same way, for facilitators only', async () => {
      const { owner, colleague, stranger } = await cast()
      const workshop = await createWorkshop(suite.app, owner.cookie)
      const observer = await joinAsGuest(suite.app, workshop.observerCode)
      const revoke = (cookie: string, payload: unknown = { kind: 'observer' }) =>
        suite.app.inject({
          method: 'POST',
          url: `/api/workshops/${workshop.id}/codes/revoke`,
          headers: { cookie },
          payload: payload as any,
        })
      expect((await revoke(colleague.cookie)).statusCode).toBe(403)
      expect((await revoke(stranger.cookie)).statusCode).toBe(404)
      expect((await revoke(observer.cookie)).statusCode).toBe(403)
      expect((await revoke(owner.cookie, { kind: 'admin' })).statusCode).toBe(400)
      const done = await revoke(owner.cookie)
      expect(done.statusCode).toBe(200)
      expect(done.json()).toMatchObject({ joinCode: workshop.joinCode, endedSessions: 1 })
      expect(done.json().observerCode).not.toBe(workshop.observerCode)
      expect((await suite.app.inject({ url: `/api/join/${workshop.observerCode}` })).statusCode).toBe(404)
    })
  })
})
