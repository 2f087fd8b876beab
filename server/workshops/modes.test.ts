import { expect, it } from 'vitest'
import { readLiveState } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { connectClient, sendPrivateIdea, synced, waitFor } from '../collab/testing/clients.ts'
import { lastPrivateIdeas, privateIdea, privateIdeasGone } from '../collab/testing/private-side.ts'
import { signUp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createContract, createWorkshop, joinAsGuest, workshopWithGuests } from '../testing/workshops.ts'

/**
 * The workshop modes of issue 12 through the facilitator routes: anonymity chosen at creation and
 * fixed, ideas during clustering, and silent writing whose end reveals every private idea.
 */
describeEachStore('workshop modes ($name)', (target) => {
  const harness = liveApp(target)

  const patch = (workshopId: string, cookie: string, payload: Record<string, unknown>) =>
    harness.app.inject({ method: 'PATCH', url: `/api/workshops/${workshopId}`, headers: { cookie }, payload })
  const liveState = (boardId: string) => harness.app.liveBoards.read(boardId, readLiveState)

  it('creates an anonymous workshop: in the view, the row and the board, and no PATCH changes it', async () => {
    const owner = await signUp(harness.app)
    const contract = await createContract(harness.app, owner.cookie)
    const workshop = await createWorkshop(harness.app, owner.cookie, {
      title: 'Atelier anonyme',
      contractId: contract.id,
      anonymous: true,
    })
    expect(workshop.state).toMatchObject({ anonymous: true, privateIdeation: false, ideasInClustering: true })
    expect((await liveState(workshop.boardId)).anonymous).toBe(true)

    // Fixed: another value is refused (nothing else of the request is applied), the same one is fine.
    const turnedOff = await patch(workshop.id, owner.cookie, { anonymous: false, locked: true })
    expect(turnedOff.statusCode).toBe(409)
    expect(turnedOff.json().error.code).toBe('anonymous_fixed')
    expect((await liveState(workshop.boardId)).locked).toBe(false)
    const same = await patch(workshop.id, owner.cookie, { anonymous: true, locked: true })
    expect(same.statusCode).toBe(200)
    expect(same.json().state).toMatchObject({ anonymous: true, locked: true })
    expect((await liveState(workshop.boardId)).anonymous).toBe(true)

    const plain = await createWorkshop(harness.app, owner.cookie, {
      title: 'Atelier',
      contractId: contract.id,
    })
    expect(plain.state.anonymous).toBe(false)
    const bad = await harness.app.inject({
      method: 'POST',
      url: '/api/workshops',
      headers: { cookie: owner.cookie },
      payload: { title: 'Atelier', contractId: contract.id, anonymous: 'oui' },
    })
    expect(bad.statusCode).toBe(400)
  })

  it('lets the facilitator close and reopen new ideas during clustering', async () => {
    const { facilitator, workshop } = await workshopWithGuests(harness.app)
    const closed = await patch(workshop.id, facilitator.cookie, {
      phase: 'clustering',
      ideasInClustering: false,
    })
    expect(closed.statusCode).toBe(200)
    expect(closed.json().state.ideasInClustering).toBe(false)
    expect((await liveState(workshop.boardId)).ideasInClustering).toBe(false)
    const reopened = await patch(workshop.id, facilitator.cookie, { ideasInClustering: true })
    expect(reopened.json().state.ideasInClustering).toBe(true)
    expect((await liveState(workshop.boardId)).ideasInClustering).toBe(true)
    expect((await patch(workshop.id, facilitator.cookie, { ideasInClustering: 'non' })).statusCode).toBe(400)
  })

  it('starts silent writing, and ending it reveals every private idea into the board at once', async () => {
    const { facilitator, workshop, participant } = await workshopWithGuests(harness.app)
    const second = await joinAsGuest(harness.app, workshop.joinCode, 'Deuxième')
    const started = await patch(workshop.id, facilitator.cookie, { privateIdeation: true })
    expect(started.statusCode).toBe(200)
    expect(started.json().state.privateIdeation).toBe(true)
    expect((await liveState(workshop.boardId)).privateIdeation).toBe(true)

    const writer = connectClient(harness.origin, workshop.boardId, participant.cookie)
    const other = connectClient(harness.origin, workshop.boardId, second.cookie)
    harness.clients.push(writer, other)
    await Promise.all([synced(writer), synced(other)])
    sendPrivateIdea(writer, { kind: 'put', idea: privateIdea('shape:secret-1', 'Une idée au calme') })
    await waitFor(
      () => (lastPrivateIdeas(writer.personal) ?? []).some((idea) => idea.id === 'shape:secret-1'),
      10_000,
      'the private idea kept',
    )
    // Still private: not on the board.
    expect(
      await harness.app.liveBoards.read(workshop.boardId, (doc) => boardRecords(doc).has('shape:secret-1')),
    ).toBe(false)

    const ended = await patch(workshop.id, facilitator.cookie, { privateIdeation: false })
    expect(ended.statusCode).toBe(200)
    expect(ended.json().state.privateIdeation).toBe(false)
    // Revealed by the time the PATCH answers, with the text its author wrote.
    const revealed = await harness.app.liveBoards.read(
      workshop.boardId,
      (doc) => boardRecords(doc).get('shape:secret-1') as { props?: { text?: string } } | undefined,
    )
    expect(revealed?.props?.text).toBe('Une idée au calme')
    await waitFor(() =>
      other.doc
        .getArray('records')
        .toJSON()
        .some((e: any) => e.key === 'shape:secret-1'),
    )
    // The private store empties once the board holds the ideas.
    await privateIdeasGone(harness.store.db, workshop.boardId)
  })
})
