import { expect, it } from 'vitest'
import { CloseCode, isPermanentClose } from '../../shared/collab/close-codes.ts'
import { authorOf, ideaText, putIdea } from '../collab/testing/board-edits.ts'
import {
  closed,
  connectClient,
  eventually as eventuallyValue,
  openRaw,
  synced,
  waitFor,
} from '../collab/testing/clients.ts'
import { injectAs, inviteMember, signUp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { idsWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest, workshopWithGuests } from '../testing/workshops.ts'

describeEachStore('participants and access ($name)', (target) => {
  const harness = liveApp(target)

  const get = (url: string, cookie: string) => harness.app.inject({ method: 'GET', url, headers: { cookie } })
  /** POST /api/join with `code` under `displayName`, without a session. */
  const join = (code: string, displayName: string) =>
    harness.app.inject({ method: 'POST', url: '/api/join', payload: { code, displayName } })
  const remove = (workshopId: string, guestId: string, cookie: string) =>
    harness.app.inject({
      method: 'DELETE',
      url: `/api/workshops/${workshopId}/participants/${guestId}`,
      headers: { cookie },
    })

  /** Polls an asynchronous condition every 20 ms for up to 10 s. */
  const eventually = (condition: () => Promise<boolean>, what: string) =>
    eventuallyValue(async () => ((await condition()) ? true : undefined), 10_000, what)

  /** A workshop with its guests, a co-facilitator, a council member who does not facilitate, a stranger. */
  async function cast() {
    const people = await workshopWithGuests(harness.app)
    const coFacilitator = await inviteMember(harness.app, people.facilitator.cookie)
    const member = await inviteMember(harness.app, people.facilitator.cookie)
    const added = await harness.app.inject({
      method: 'POST',
      url: `/api/workshops/${people.workshop.id}/facilitators`,
      headers: { cookie: people.facilitator.cookie },
      payload: { userId: coFacilitator.userId },
    })
    expect(added.statusCode).toBe(200)
    const stranger = await signUp(harness.app)
    return { ...people, coFacilitator, member, stranger }
  }

  it('lists the guests for the owner and the co-facilitators, online when present on the board', async () => {
    const { workshop, facilitator, coFacilitator, participant, observer } = await cast()
    const url = `/api/workshops/${workshop.id}/participants`
    const first = await get(url, facilitator.cookie)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual([
      {
        guestId: participant.guestId,
        displayName: 'Participante',
        role: 'participant',
        joinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        online: false,
      },
      {
        guestId: observer.guestId,
        displayName: 'Observateur',
        role: 'observer',
        joinedAt: expect.any(String),
        online: false,
      },
    ])
    const live = connectClient(harness.origin, workshop.boardId, participant.cookie)
    harness.clients.push(live)
    await synced(live)
    live.provider.awareness.setLocalState({ board: { pageId: 'page:page', cursor: { x: 1, y: 2 } } })
    let online: { guestId: string; online: boolean }[] = []
    await eventually(async () => {
      online = (await get(url, coFacilitator.cookie)).json()
      return online.some((p) => p.guestId === participant.guestId && p.online)
    }, 'participant online')
    expect(online.find((p) => p.guestId === observer.guestId)?.online).toBe(false)
    live.destroy()
  })

  it('refuses the list and its CSV to guests (403), other members (403) and other councils (404)', async () => {
    const { workshop, participant, observer, member, stranger } = await cast()
    for (const path of ['participants', 'participants.csv']) {
      const url = `/api/workshops/${workshop.id}/${path}`
      for (const cookie of [participant.cookie, observer.cookie, member.cookie]) {
        const response = await get(url, cookie)
        expect(response.statusCode).toBe(403)
        expect(response.json().error.code).toBe('forbidden')
      }
      expect((await get(url, stranger.cookie)).statusCode).toBe(404)
      expect((await harness.app.inject({ method: 'GET', url })).statusCode).toBe(401)
    }
    expect(
      (await get(`/api/workshops/${crypto.randomUUID()}/participants`, stranger.cookie)).statusCode,
    ).toBe(404)
    expect((await get('/api/workshops/not-a-uuid/participants', stranger.cookie)).statusCode).toBe(400)
  })

  it('writes the CSV for a French spreadsheet: BOM, semicolons, CRLF, Paris time, formulas neutralised', async () => {
    const { workshop, facilitator } = await cast()
    await joinAsGuest(harness.app, workshop.joinCode, '=HYPERLINK("http://x";"clic")')
    await joinAsGuest(harness.app, workshop.joinCode, '-2+3')
    await harness.store.db
      .updateTable('guests')
      .set({ created_at: new Date('2026-07-14T08:05:00Z') })
      .where('display_name', '=', 'Participante')
      .where('workshop_id', '=', workshop.id)
      .execute()
    const response = await get(`/api/workshops/${workshop.id}/participants.csv`, facilitator.cookie)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"$/)
    const body = response.body
    expect(body.startsWith('\ufeff')).toBe(true)
    const lines = body.slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(body.slice(1).replaceAll('\r\n', '')).not.toContain('\n')
    expect(lines[0]).toBe('Nom;Rôle;Arrivée;En ligne')
    // 08:05 UTC in July is 10:05 in Paris (summer time).
    expect(lines[1]).toBe('Participante;participant·e;14/07/2026 10:05;non')
    expect(lines[2]).toMatch(/^Observateur;observateur·rice;\d\d\/\d\d\/\d{4} \d\d:\d\d;non$/)
    expect(lines[3]).toMatch(/^"'=HYPERLINK\(""http:\/\/x"";""clic""\)";participant·e;/)
    expect(lines[4]).toMatch(/^'-2\+3;participant·e;/)
  })

  it('removes a guest: session ended, sockets closed (4403), 401 afterwards, ideas kept', async () => {
    const { workshop, facilitator, participant, observer } = await cast()
    const live = connectClient(harness.origin, workshop.boardId, participant.cookie)
    harness.clients.push(live)
    await synced(live)
    live.doc.transact(() => putIdea(live.doc, 'shape:kept', authorOf(participant), 'mon idée reste'))
    const wsUrl = `${harness.origin.replace('http', 'ws')}/collab/${workshop.boardId}`
    const raw = await openRaw(wsUrl, { cookie: participant.cookie })
    if (!('socket' in raw)) throw new Error(`not upgraded: ${raw.status}`)
    const rawClosed = closed(raw.socket)
    // The idea reached the server before the removal.
    await eventually(
      async () =>
        (await harness.app.liveBoards.read(workshop.boardId, (doc) => ideaText(doc, 'shape:kept'))) !==
        undefined,
      'idea on the server',
    )

    const response = await remove(workshop.id, participant.guestId, facilitator.cookie)
    expect(response.statusCode).toBe(204)
    expect(await rawClosed).toEqual({ code: CloseCode.accessRevoked, reason: 'access revoked' })
    await waitFor(() => live.closes.some((c) => c.code === CloseCode.accessRevoked), 5_000, 'provider closed')

    const row = await harness.store.db
      .selectFrom('guests')
      .select('removed_at')
      .where('id', '=', participant.guestId)
      .executeTakeFirstOrThrow()
    expect(row.removed_at).not.toBeNull()
    const sessions = await idsWhere(harness.store.db, 'sessions', 'guest_id', participant.guestId)
    expect(sessions).toEqual([])

    // The old cookie opens nothing any more.
    const again = await get(`/api/workshops/${workshop.id}`, participant.cookie)
    expect(again.statusCode).toBe(401)
    expect(again.json().error.code).toBe('unauthorized')
    expect(await openRaw(wsUrl, { cookie: participant.cookie })).toMatchObject({ status: 401 })

    // Their idea stays; the list no longer shows them; the observer is untouched.
    expect(await harness.app.liveBoards.read(workshop.boardId, (doc) => ideaText(doc, 'shape:kept'))).toBe(
      'mon idée reste',
    )
    const list = (await get(`/api/workshops/${workshop.id}/participants`, facilitator.cookie)).json()
    expect(list.map((p: { guestId: string }) => p.guestId)).toEqual([observer.guestId])
    expect((await get(`/api/workshops/${workshop.id}`, observer.cookie)).statusCode).toBe(200)

    // Removing again changes nothing.
    expect((await remove(workshop.id, participant.guestId, facilitator.cookie)).statusCode).toBe(204)
  })

  it('refuses removals to guests, other members and councils, and 404s a guest of another workshop', async () => {
    const { workshop, facilitator, coFacilitator, participant, observer, member, stranger } = await cast()
    const other = await workshopWithGuests(harness.app)
    for (const cookie of [participant.cookie, observer.cookie, member.cookie]) {
      const response = await remove(workshop.id, observer.guestId, cookie)
      expect(response.statusCode).toBe(403)
    }
    expect((await remove(workshop.id, observer.guestId, stranger.cookie)).statusCode).toBe(404)
    const foreign = await remove(workshop.id, other.participant.guestId, facilitator.cookie)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('not_found')
    expect((await remove(workshop.id, crypto.randomUUID(), facilitator.cookie)).statusCode).toBe(404)
    expect((await remove(workshop.id, 'nope', facilitator.cookie)).statusCode).toBe(400)
    // The other workshop's participant still has access.
    expect((await get(`/api/workshops/${other.workshop.id}`, other.participant.cookie)).statusCode).toBe(200)
    // A co-facilitator may remove.
    expect((await remove(workshop.id, observer.guestId, coFacilitator.cookie)).statusCode).toBe(204)
    expect((await get(`/api/workshops/${workshop.id}`, observer.cookie)).statusCode).toBe(401)
  })

  it('refuses the join code of a closed workshop (409 workshop_closed) and still admits observers', async () => {
    const { workshop, facilitator } = await cast()
    const closing = await harness.app.inject({
      method: 'PATCH',
      url: `/api/workshops/${workshop.id}`,
      headers: { cookie: facilitator.cookie },
      payload: { phase: 'closed' },
    })
    expect(closing.statusCode).toBe(200)
    const refused = await join(workshop.joinCode, 'En retard')
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toEqual({
      error: { code: 'workshop_closed', message: expect.stringMatching(/terminé/) },
    })
    const observer = await joinAsGuest(harness.app, workshop.observerCode, 'Élu')
    expect(observer.role).toBe('observer')
    // The observer opens the board (read-only, as observers always are).
    const live = connectClient(harness.origin, workshop.boardId, observer.cookie)
    harness.clients.push(live)
    await synced(live)
    // Until the observer code is revoked.
    const revoked = await injectAs(
      harness.app,
      'POST',
      `/api/workshops/${workshop.id}/codes/revoke`,
      facilitator,
      {
        kind: 'observer',
      },
    )
    expect(revoked.statusCode).toBe(200)
    const late = await join(workshop.observerCode, 'Trop tard')
    expect(late.statusCode).toBe(404)
    // Closed for good (the code revocation ends the sessions: 4401 today, see workshops/routes.ts).
    await waitFor(() => live.closes.some((c) => isPermanentClose(c.code)), 5_000, 'observer closed')
  })
})
