import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { META_VOTE_TOTALS, meta, readVoteTotals } from '../../shared/board/document.ts'
import { connectClient, synced, waitFor } from '../collab/testing/clients.ts'
import { addCluster, addIdea, deleteRecords } from '../projects/testing/example-board.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest, patchWorkshop, workshopWithGuests } from '../testing/workshops.ts'
import { listBallot } from './repository.ts'

/**
 * The secret ballot against the real server (inject for HTTP, real y-websocket providers for what a
 * browser receives): rights, allowance under concurrency, who sees what, and the totals published into
 * the board at the reveal.
 */
describeEachStore('the secret ballot ($name)', (target) => {
  const harness = liveApp(target)

  const put = (boardId: string, targetId: string, cookie: string, dots: number) =>
    harness.app.inject({
      method: 'PUT',
      url: `/api/boards/${boardId}/votes/${encodeURIComponent(targetId)}`,
      headers: { cookie },
      payload: { dots },
    })
  const get = (boardId: string, cookie: string, query = '') =>
    harness.app.inject({ method: 'GET', url: `/api/boards/${boardId}/votes${query}`, headers: { cookie } })

  /** A workshop in the voting phase with two ideas inside a cluster, one loose idea, and two voters. */
  async function votingBoard(settings: Record<string, unknown> = {}) {
    const cast = await workshopWithGuests(harness.app)
    const second = await joinAsGuest(harness.app, cast.workshop.joinCode, 'Deuxième')
    const { boardId } = cast.workshop
    await harness.app.liveBoards.change(boardId, (doc) => {
      addCluster(doc, 'shape:c1', 5_000, 5_000, 'Groupe')
      addIdea(doc, 'shape:i1', 5_100, 5_100, { text: 'Idée un', authorName: 'Participante' })
      addIdea(doc, 'shape:i2', 5_400, 5_100, { text: 'Idée deux', authorName: 'Deuxième' })
      addIdea(doc, 'shape:i3', 9_000, 9_000, { text: 'Idée seule', authorName: 'Deuxième' })
    })
    await patchWorkshop(harness.app, cast.workshop.id, cast.facilitator.cookie, {
      phase: 'voting',
      vote: { dotsPerParticipant: 5, target: 'ideas', ...settings },
    })
    return { ...cast, second, boardId }
  }

  it('sets and takes back one’s own dots within the allowance: {dots, remaining}', async () => {
    const { boardId, participant } = await votingBoard()
    let response = await put(boardId, 'shape:i1', participant.cookie, 3)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toEqual({ dots: 3, remaining: 2 })
    response = await put(boardId, 'shape:i2', participant.cookie, 2)
    expect(response.json()).toEqual({ dots: 2, remaining: 0 })
    response = await put(boardId, 'shape:i3', participant.cookie, 1)
    expect(response.statusCode).toBe(409)
    expect(response.json().error.code).toBe('too_many_dots')
    // Lowering one's dots on a target frees them.
    response = await put(boardId, 'shape:i1', participant.cookie, 1)
    expect(response.json()).toEqual({ dots: 1, remaining: 2 })
    // 0 deletes the row.
    response = await put(boardId, 'shape:i2', participant.cookie, 0)
    expect(response.json()).toEqual({ dots: 0, remaining: 4 })
    const rows = await listBallot(harness.store.db, boardId)
    expect(rows).toEqual([{ actorId: participant.guestId, targetId: 'shape:i1', dots: 1 }])
    const mine = await get(boardId, participant.cookie)
    expect(mine.json()).toEqual({ mine: { 'shape:i1': 1 }, remaining: 4, revealed: false })
  })

  it('refuses observers (403), a closed ballot (409 vote_closed), unknown targets (404) and the other kind (400)', async () => {
    const { boardId, workshop, facilitator, participant, observer } = await votingBoard()
    let response = await put(boardId, 'shape:i1', observer.cookie, 1)
    expect(response.statusCode).toBe(403)
    response = await put(boardId, 'shape:nowhere', participant.cookie, 1)
    expect(response.statusCode).toBe(404)
    expect(response.json().error).toMatchObject({ code: 'not_found' })
    response = await put(boardId, 'shape:c1', participant.cookie, 1)
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('wrong_target')
    response = await put(boardId, 'page:page', participant.cookie, 1)
    expect(response.statusCode).toBe(400)
    response = await put(boardId, 'shape:i1', participant.cookie, -1)
    expect(response.statusCode).toBe(400)
    response = await put(boardId, 'shape:i1', participant.cookie, 1.5)
    expect(response.statusCode).toBe(400)
    response = await harness.app.inject({
      method: 'PUT',
      url: `/api/boards/${boardId}/votes/shape:i1`,
      headers: { cookie: participant.cookie },
      payload: { dots: 1, actorId: facilitator.userId },
    })
    // Nobody votes in another's name: the field is ignored, the dot is the caller's.
    expect(response.statusCode).toBe(200)
    expect(await listBallot(harness.store.db, boardId)).toEqual([
      { actorId: participant.guestId, targetId: 'shape:i1', dots: 1 },
    ])
    expect((await put(boardId, 'shape:i1', participant.cookie, 0)).statusCode).toBe(200)
    response = await harness.app.inject({
      method: 'PUT',
      url: `/api/boards/${boardId}/votes/shape:i1`,
      payload: { dots: 1 },
    })
    expect(response.statusCode).toBe(401)
    const stranger = await workshopWithGuests(harness.app)
    response = await put(boardId, 'shape:i1', stranger.participant.cookie, 1)
    expect(response.statusCode).toBe(403)

    // Locked: participants wait, facilitators may still vote (the lock binds participants).
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { locked: true })
    response = await put(boardId, 'shape:i1', participant.cookie, 1)
    expect(response.statusCode).toBe(409)
    expect(response.json().error.code).toBe('vote_closed')
    response = await put(boardId, 'shape:i1', facilitator.cookie, 1)
    expect(response.statusCode, response.body).toBe(200)
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { locked: false })

    // Outside the voting phase nobody votes.
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { phase: 'clustering' })
    for (const cookie of [participant.cookie, facilitator.cookie]) {
      response = await put(boardId, 'shape:i1', cookie, 1)
      expect(response.statusCode).toBe(409)
      expect(response.json().error.code).toBe('vote_closed')
    }
    expect(await listBallot(harness.store.db, boardId)).toEqual([
      { actorId: facilitator.userId, targetId: 'shape:i1', dots: 1 },
    ])
  })

  it('votes on clusters when the vote says so', async () => {
    const { boardId, participant } = await votingBoard({ target: 'clusters' })
    expect((await put(boardId, 'shape:i1', participant.cookie, 1)).json().error.code).toBe('wrong_target')
    const response = await put(boardId, 'shape:c1', participant.cookie, 2)
    expect(response.json()).toEqual({ dots: 2, remaining: 3 })
  })

  it('never lets concurrent PUTs of one person exceed the allowance', async () => {
    const { boardId, participant, workshop, facilitator } = await votingBoard()
    const ids = Array.from({ length: 12 }, (_, i) => `shape:many-${i}`)
    await harness.app.liveBoards.change(boardId, (doc) => {
      ids.forEach((id, i) => {
        addIdea(doc, id, 20_000 + i * 300, 0, { text: `Idée ${i}`, authorName: 'X' })
      })
    })
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { vote: { dotsPerParticipant: 5 } })
    const answers = await Promise.all(ids.map((id) => put(boardId, id, participant.cookie, 1)))
    const accepted = answers.filter((a) => a.statusCode === 200)
    const refused = answers.filter((a) => a.statusCode === 409)
    expect(accepted).toHaveLength(5)
    expect(refused).toHaveLength(7)
    for (const answer of refused) expect(answer.json().error.code).toBe('too_many_dots')
    const rows = await listBallot(harness.store.db, boardId)
    expect(rows.reduce((sum, row) => sum + row.dots, 0)).toBe(5)
    // Two-dot PUTs on one target racing with one-dot PUTs elsewhere: still within the allowance.
    await Promise.all(rows.map((row) => put(boardId, row.targetId, participant.cookie, 0)))
    const mixed = await Promise.all([
      put(boardId, ids[0]!, participant.cookie, 3),
      put(boardId, ids[1]!, participant.cookie, 3),
      put(boardId, ids[2]!, participant.cookie, 2),
      put(boardId, ids[3]!, participant.cookie, 2),
    ])
    const total = (await listBallot(harness.store.db, boardId)).reduce((sum, row) => sum + row.dots, 0)
    expect(total).toBeLessThanOrEqual(5)
    expect(mixed.filter((a) => a.statusCode === 200).length).toBeGreaterThanOrEqual(2)
  })

  it('shows participants their own dots only before the reveal; facilitators see totals and, on request, voters', async () => {
    const { boardId, workshop, facilitator, participant, second, observer } = await votingBoard()
    await put(boardId, 'shape:i1', participant.cookie, 2)
    await put(boardId, 'shape:i1', second.cookie, 1)
    await put(boardId, 'shape:i2', second.cookie, 3)

    // The participant: own dots, nothing of the other voter.
    const before = await get(boardId, participant.cookie)
    expect(before.json()).toEqual({ mine: { 'shape:i1': 2 }, remaining: 3, revealed: false })
    expect(before.body).not.toContain(second.guestId)
    const forbiddenDetail = await get(boardId, participant.cookie, '?byVoter=1')
    expect(forbiddenDetail.statusCode).toBe(403)
    expect(forbiddenDetail.body).not.toContain(second.guestId)
    const observed = await get(boardId, observer.cookie)
    expect(observed.json()).toEqual({ mine: {}, remaining: 0, revealed: false })
    expect((await get(boardId, observer.cookie, '?byVoter=1')).statusCode).toBe(403)

    // The snapshot route carries nothing of another voter either.
    const snapshot = await harness.app.inject({
      method: 'GET',
      url: `/api/boards/${boardId}/snapshot`,
      headers: { cookie: participant.cookie },
    })
    expect(snapshot.statusCode).toBe(200)
    expect(snapshot.body).not.toContain(second.guestId)

    // Facilitators: totals always, voters on request.
    const overview = await get(boardId, facilitator.cookie)
    expect(overview.json()).toEqual({
      mine: {},
      remaining: 5,
      revealed: false,
      totals: { 'shape:i1': 3, 'shape:i2': 3 },
    })
    const detail = await get(boardId, facilitator.cookie, '?byVoter=1')
    expect(detail.statusCode).toBe(200)
    expect(
      [...detail.json().byVoter].sort((a: { voterId: string }, b: { voterId: string }) =>
        a.voterId < b.voterId ? -1 : 1,
      ),
    ).toEqual(
      [
        { voterId: participant.guestId, displayName: 'Participante', dots: { 'shape:i1': 2 } },
        { voterId: second.guestId, displayName: 'Deuxième', dots: { 'shape:i1': 1, 'shape:i2': 3 } },
      ].sort((a, b) => (a.voterId < b.voterId ? -1 : 1)),
    )

    // Revealed: totals for everyone, still no voter.
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { vote: { revealed: true } })
    const after = await get(boardId, participant.cookie)
    expect(after.json()).toEqual({
      mine: { 'shape:i1': 2 },
      remaining: 3,
      revealed: true,
      totals: { 'shape:i1': 3, 'shape:i2': 3 },
    })
    expect(after.body).not.toContain(second.guestId)
    expect((await get(boardId, participant.cookie, '?byVoter=1')).statusCode).toBe(403)
  })

  it('keeps dots on a deleted target against the allowance, lets them be taken back, and leaves them out of totals', async () => {
    const { boardId, workshop, facilitator, participant } = await votingBoard()
    await put(boardId, 'shape:i3', participant.cookie, 4)
    await put(boardId, 'shape:i1', participant.cookie, 1)
    await harness.app.liveBoards.change(boardId, (doc) => deleteRecords(doc, ['shape:i3']))
    expect((await put(boardId, 'shape:i2', participant.cookie, 1)).json().error.code).toBe('too_many_dots')
    expect((await get(boardId, facilitator.cookie)).json().totals).toEqual({ 'shape:i1': 1 })
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { vote: { revealed: true } })
    expect(await harness.app.liveBoards.read(boardId, readVoteTotals)).toEqual({ 'shape:i1': 1 })
    // Taking back from the deleted target frees the dots.
    const back = await put(boardId, 'shape:i3', participant.cookie, 0)
    expect(back.json()).toEqual({ dots: 0, remaining: 4 })
    expect((await put(boardId, 'shape:i3', participant.cookie, 1)).statusCode).toBe(404)
  })

  it('tells the voter’s connections to read the votes again (personal message), without the dots', async () => {
    const { boardId, participant, second } = await votingBoard()
    const voter = connectClient(harness.origin, boardId, participant.cookie)
    const other = connectClient(harness.origin, boardId, second.cookie)
    harness.clients.push(voter, other)
    await Promise.all([synced(voter), synced(other)])
    await put(boardId, 'shape:i1', participant.cookie, 2)
    await waitFor(() => voter.personal.some((m) => m.kind === 'votes'), 10_000, 'votes message')
    expect(JSON.stringify(voter.personal)).not.toContain('"dots"')
    // The other voter heard nothing about it (their own PUT proves the channel works for them).
    expect(other.personal.some((m) => m.kind === 'votes')).toBe(false)
    await put(boardId, 'shape:i2', second.cookie, 1)
    await waitFor(() => other.personal.some((m) => m.kind === 'votes'), 10_000, 'votes message (other)')
  })

  it('publishes totals into the board at the reveal, keeps them current, removes them when hidden; clients never get voters', async () => {
    const { boardId, workshop, facilitator, participant, second } = await votingBoard()
    const watcher = connectClient(harness.origin, boardId, participant.cookie)
    harness.clients.push(watcher)
    await synced(watcher)
    // Every update the participant's client receives, to look for voter ids in the bytes.
    const received: Uint8Array[] = []
    watcher.doc.on('update', (update: Uint8Array) => received.push(update))

    await put(boardId, 'shape:i1', participant.cookie, 2)
    await put(boardId, 'shape:i1', second.cookie, 1)
    await put(boardId, 'shape:c1', second.cookie, 0)
    await put(boardId, 'shape:i2', second.cookie, 4)
    // Proof the server acted and its changes reach this client: a live-state change arrives...
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { cursorsHidden: true })
    await waitFor(
      () => (meta(watcher.doc).get('workshop') as { cursorsHidden?: boolean })?.cursorsHidden === true,
      10_000,
      'live state',
    )
    // ...and before the reveal no totals came with it.
    expect(meta(watcher.doc).has(META_VOTE_TOTALS)).toBe(false)

    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { vote: { revealed: true } })
    await waitFor(() => meta(watcher.doc).has(META_VOTE_TOTALS), 10_000, 'totals')
    expect(readVoteTotals(watcher.doc)).toEqual({ 'shape:i1': 3, 'shape:i2': 4 })

    // A vote after the reveal updates the totals.
    await put(boardId, 'shape:i2', second.cookie, 2)
    await waitFor(() => readVoteTotals(watcher.doc)['shape:i2'] === 2, 10_000, 'updated totals')
    // A burst of changes ends with the right totals.
    await Promise.all([
      put(boardId, 'shape:i3', participant.cookie, 1),
      put(boardId, 'shape:i3', second.cookie, 1),
      put(boardId, 'shape:i1', participant.cookie, 1),
    ])
    await waitFor(
      () =>
        JSON.stringify(readVoteTotals(watcher.doc)) ===
        JSON.stringify({ 'shape:i1': 2, 'shape:i2': 2, 'shape:i3': 2 }),
      10_000,
      'totals after a burst',
    )

    // Hidden again: removed.
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { vote: { revealed: false } })
    await waitFor(() => !meta(watcher.doc).has(META_VOTE_TOTALS), 10_000, 'totals removed')
    expect(await harness.app.liveBoards.read(boardId, (doc) => meta(doc).has(META_VOTE_TOTALS))).toBe(false)
    // A vote while hidden publishes nothing: wait until its publication ran (the facilitator's view
    // has the new total), then look at the board.
    await put(boardId, 'shape:i3', second.cookie, 0)
    await harness.app.voteTotals.schedule(boardId)
    expect((await get(boardId, facilitator.cookie)).json().totals['shape:i3']).toBe(1)
    expect(await harness.app.liveBoards.read(boardId, (doc) => meta(doc).has(META_VOTE_TOTALS))).toBe(false)

    // Nothing the participant's client received names the other voter.
    const bytes = Buffer.concat(received.map((u) => Buffer.from(u))).toString('latin1')
    expect(received.length).toBeGreaterThan(0)
    expect(bytes).not.toContain(second.guestId)
    expect(bytes).not.toContain(participant.guestId)
    const whole = Buffer.from(Y.encodeStateAsUpdate(watcher.doc)).toString('latin1')
    expect(whole).not.toContain(second.guestId)
  })
})
