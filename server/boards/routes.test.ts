import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { zoneShapeId } from '../../shared/board/create-board.ts'
import { records } from '../../shared/board/document.ts'
import { overlaps } from '../../shared/board/place-idea.ts'
import type { IdeaShape } from '../../shared/board/shapes.ts'
import { resolveBoardAccess } from '../auth/board-access.ts'
import { eventually, synced, waitFor } from '../collab/testing/clients.ts'
import { injectAs, inviteMember, signUp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest, patchWorkshop, workshopWithGuests } from '../testing/workshops.ts'

describeEachStore('board routes ($name)', (target) => {
  const harness = liveApp(target)

  function post(boardId: string, cookie: string | undefined, payload: Record<string, unknown>) {
    return harness.app.inject({
      method: 'POST',
      url: `/api/boards/${boardId}/ideas`,
      headers: cookie ? { cookie } : {},
      payload,
    })
  }

  describe('resolveBoardAccess', () => {
    it('gives facilitators, council members, guests and strangers their role, in one query', async () => {
      const { facilitator, workshop, participant, observer } = await workshopWithGuests(harness.app)
      const colleague = await inviteMember(harness.app, facilitator.cookie)
      const stranger = await signUp(harness.app)
      const other = await createWorkshop(harness.app, stranger.cookie)
      const otherGuest = await joinAsGuest(harness.app, other.joinCode)
      const actorOf = async (cookie: string) =>
        (await harness.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json()
      const resolve = async (cookie: string, boardId = workshop.boardId) => {
        const me = await actorOf(cookie)
        const actor =
          me.kind === 'account'
            ? {
                kind: 'account' as const,
                sessionId: '',
                userId: me.userId,
                councilId: me.councilId,
                email: '',
                displayName: '',
              }
            : {
                kind: 'guest' as const,
                sessionId: '',
                guestId: me.guestId,
                workshopId: me.workshopId,
                role: me.role,
                displayName: '',
              }
        return resolveBoardAccess(harness.store.db, actor, boardId)
      }
      expect(await resolve(facilitator.cookie)).toEqual({
        workshopId: workshop.id,
        boardId: workshop.boardId,
        role: 'facilitator',
        actorId: facilitator.userId,
      })
      expect(await resolve(colleague.cookie)).toMatchObject({
        role: 'participant',
        actorId: colleague.userId,
      })
      expect(await resolve(participant.cookie)).toMatchObject({
        role: 'participant',
        actorId: participant.guestId,
      })
      expect(await resolve(observer.cookie)).toMatchObject({ role: 'observer', actorId: observer.guestId })
      expect(await resolve(stranger.cookie)).toBe('forbidden')
      expect(await resolve(otherGuest.cookie)).toBe('forbidden')
      expect(await resolve(facilitator.cookie, 'no-such-board')).toBe('not_found')
      expect(await resolve(stranger.cookie, other.boardId)).toMatchObject({ role: 'facilitator' })
    })
  })

  describe('POST /api/boards/:boardId/ideas', () => {
    it('places the card in its zone and every connected client sees it at once', async () => {
      const { facilitator, workshop, participant } = await workshopWithGuests(harness.app)
      const watcher = harness.connect(workshop.boardId, facilitator.cookie)
      await synced(watcher)
      const response = await post(workshop.boardId, participant.cookie, {
        text: '  Un garage solidaire  ',
        priorityCode: 'P1',
      })
      expect(response.statusCode, response.body).toBe(201)
      const card = response.json()
      expect(card).toMatchObject({
        id: expect.stringMatching(/^shape:/),
        text: 'Un garage solidaire',
        priorityCode: 'P1',
        actionCode: '',
        authorName: 'Participante',
      })
      await waitFor(() => records(watcher.doc).has(card.id), 5_000, 'idea on the websocket client')
      const record = records(watcher.doc).get(card.id) as IdeaShape
      expect(record).toMatchObject({ type: 'idea', x: card.x, y: card.y })
      expect(record.props).toMatchObject({ text: 'Un garage solidaire', authorId: participant.guestId })
      // Inside the P1 zone.
      const zone = records(watcher.doc).get(zoneShapeId('P1', '')) as any
      expect(card.x).toBeGreaterThanOrEqual(zone.x)
      expect(card.x + record.props.w).toBeLessThanOrEqual(zone.x + zone.props.w)
      expect(card.y + record.props.h).toBeLessThanOrEqual(zone.y + zone.props.h)

      // More cards in the same zone never overlap; an account participant and the facilitator may post.
      const bodies = [card]
      for (let i = 0; i < 5; i++) {
        const r = await post(workshop.boardId, i % 2 ? facilitator.cookie : participant.cookie, {
          text: `Idée ${i}`,
          priorityCode: 'P1',
        })
        expect(r.statusCode, r.body).toBe(201)
        bodies.push(r.json())
      }
      for (let i = 0; i < bodies.length; i++)
        for (let j = i + 1; j < bodies.length; j++)
          expect(
            overlaps(
              { x: bodies[i].x, y: bodies[i].y, w: 200, h: 140 },
              { x: bodies[j].x, y: bodies[j].y, w: 200, h: 140 },
            ),
          ).toBe(false)
      await waitFor(() => bodies.every((b) => records(watcher.doc).has(b.id)), 5_000, 'all ideas')
    })

    it('places an idea in an action zone, or in the loose area without a priority', async () => {
      const facilitator = await signUp(harness.app)
      const workshop = await createWorkshop(harness.app, facilitator.cookie, {
        zones: [{ priorityCode: 'P1' }, { priorityCode: 'P1', actionCode: '1.1' }, { priorityCode: 'P2' }],
      })
      const guest = await joinAsGuest(harness.app, workshop.joinCode, 'Léa')
      const inAction = await post(workshop.boardId, guest.cookie, {
        text: 'Covoiturage',
        priorityCode: 'P1',
        actionCode: '1.1',
      })
      expect(inAction.statusCode, inAction.body).toBe(201)
      expect(inAction.json()).toMatchObject({ priorityCode: 'P1', actionCode: '1.1' })
      const loose = await post(workshop.boardId, guest.cookie, { text: 'Sans zone' })
      expect(loose.statusCode, loose.body).toBe(201)
      expect(loose.json()).toMatchObject({ priorityCode: null, actionCode: null })
      const listing = await injectAs(harness.app, 'GET', `/api/boards/${workshop.boardId}/ideas`, guest)
      expect(listing.statusCode).toBe(200)
      const body = listing.json()
      expect(body.zones.map((z: any) => [z.priorityCode, z.actionCode])).toEqual([
        ['P1', ''],
        ['P1', '1.1'],
        ['P2', ''],
      ])
      const listed = (id: string, text: string) => ({
        id,
        text,
        authorName: 'Léa',
        cluster: null,
        // Léa reads the list: she wrote both.
        mine: true,
        private: false,
      })
      expect(body.zones[1].ideas).toEqual([listed(inAction.json().id, 'Covoiturage')])
      expect(body.zones[0].ideas).toEqual([])
      expect(body.loose).toEqual([listed(loose.json().id, 'Sans zone')])
    })

    it('refuses observers, strangers, anonymous requests, unknown boards and zones, and bad text', async () => {
      const { workshop, participant, observer } = await workshopWithGuests(harness.app)
      const stranger = await signUp(harness.app)
      const cases: [string | undefined, string, Record<string, unknown>, number, string?][] = [
        [observer.cookie, workshop.boardId, { text: 'x' }, 403],
        [stranger.cookie, workshop.boardId, { text: 'x' }, 403],
        [undefined, workshop.boardId, { text: 'x' }, 401],
        [participant.cookie, 'no-such-board', { text: 'x' }, 404],
        [participant.cookie, workshop.boardId, { text: 'x', priorityCode: 'P9' }, 400, 'unknown_zone'],
        [
          participant.cookie,
          workshop.boardId,
          { text: 'x', priorityCode: 'P1', actionCode: '9.9' },
          400,
          'unknown_zone',
        ],
        [participant.cookie, workshop.boardId, { text: 'x', actionCode: '1.1' }, 400],
        [participant.cookie, workshop.boardId, { text: '   ' }, 400],
        [participant.cookie, workshop.boardId, { text: '' }, 400],
        [participant.cookie, workshop.boardId, { text: 'x'.repeat(501) }, 400],
        [participant.cookie, workshop.boardId, { text: 42 }, 400],
      ]
      for (const [cookie, boardId, payload, status, code] of cases) {
        const response = await post(boardId, cookie, payload)
        expect(response.statusCode, `${JSON.stringify(payload)} → ${response.body}`).toBe(status)
        expect(response.json().error.code).toBeTruthy()
        if (code) expect(response.json().error.code).toBe(code)
      }
      const snapshot = await injectAs(
        harness.app,
        'GET',
        `/api/boards/${workshop.boardId}/snapshot`,
        participant,
      )
      expect(snapshot.json().records.filter((r: any) => r.type === 'idea')).toEqual([])
    })

    it('follows the phase: participants may post while ideating or clustering, not when voting, locked or closed', async () => {
      const { facilitator, workshop, participant } = await workshopWithGuests(harness.app)
      await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { phase: 'clustering' })
      expect((await post(workshop.boardId, participant.cookie, { text: 'ok' })).statusCode).toBe(201)
      await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { phase: 'voting' })
      const refused = await post(workshop.boardId, participant.cookie, { text: 'trop tard' })
      expect(refused.statusCode).toBe(409)
      expect(refused.json().error.code).toBe('ideas_closed')
      expect((await post(workshop.boardId, facilitator.cookie, { text: 'animation' })).statusCode).toBe(201)
      await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { phase: 'ideation', locked: true })
      expect((await post(workshop.boardId, participant.cookie, { text: 'verrouillé' })).statusCode).toBe(409)
    })
  })

  describe('GET snapshot', () => {
    it('answers records, workshop state and the ballot: one’s own dots, every voter’s to facilitators only, even once revealed', async () => {
      const { facilitator, workshop, participant, observer } = await workshopWithGuests(harness.app)
      const idea = (
        await post(workshop.boardId, participant.cookie, { text: 'À voter', priorityCode: 'P2' })
      ).json()
      await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { phase: 'voting' })
      // The participant votes through the secret ballot, as the board does.
      const vote = await harness.app.inject({
        method: 'PUT',
        url: `/api/boards/${workshop.boardId}/votes/${encodeURIComponent(idea.id)}`,
        headers: { cookie: participant.cookie },
        payload: { dots: 2 },
      })
      expect(vote.statusCode).toBe(200)
      const get = (cookie: string) =>
        harness.app.inject({
          method: 'GET',
          url: `/api/boards/${workshop.boardId}/snapshot`,
          headers: { cookie },
        })
      const seen: any = await eventually(
        async () => {
          const snapshot = (await get(facilitator.cookie)).json()
          return snapshot.votes[participant.guestId] ? snapshot : undefined
        },
        5_000,
        'the vote in the snapshot',
      )
      expect(seen.votes).toEqual({ [participant.guestId]: { [idea.id]: 2 } })
      expect(seen.workshop.phase).toBe('voting')
      const ids = seen.records.map((r: TLRecord) => r.id)
      expect(ids).toEqual(
        expect.arrayContaining(['document:document', 'page:page', idea.id, zoneShapeId('P1', '')]),
      )
      const asObserver = await get(observer.cookie)
      expect(asObserver.statusCode).toBe(200)
      expect(asObserver.json().votes).toEqual({})
      expect((await get(participant.cookie)).json().votes).toEqual({
        [participant.guestId]: { [idea.id]: 2 },
      })
      // After the reveal, totals are for everyone (GET /votes, meta.voteTotals); who gave them is not.
      await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { vote: { revealed: true } })
      expect((await get(observer.cookie)).json().votes).toEqual({})
      const stranger = await signUp(harness.app)
      expect((await get(stranger.cookie)).statusCode).toBe(403)
    })
  })
})
