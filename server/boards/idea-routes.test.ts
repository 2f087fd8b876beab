import { expect, it } from 'vitest'
import { boardRecords } from '../../shared/board/record-index.ts'
import type { IdeaShape } from '../../shared/board/shapes.ts'
import { IDEAS_PER_PARTICIPANT_PER_MINUTE } from '../../shared/collab/limits.ts'
import { addCluster } from '../projects/testing/example-board.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest, workshopWithGuests } from '../testing/workshops.ts'

/*
 * Ideas over HTTP follow the rights of the live board (shared/board/rights.ts), as a phone, a script or
 * a modified list page would try them: each refusal below is the live review's, answered with its code.
 */
describeEachStore('idea routes under the rights table ($name)', (target) => {
  const suite = suiteApp(target)

  const request = (method: 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
    suite.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) })
  const post = (boardId: string, cookie: string, text: string, priorityCode = 'P1') =>
    request('POST', `/api/boards/${boardId}/ideas`, cookie, { text, priorityCode })
  const patch = (boardId: string, id: string, cookie: string, payload: object) =>
    request('PATCH', `/api/boards/${boardId}/ideas/${encodeURIComponent(id)}`, cookie, payload)
  const remove = (boardId: string, id: string, cookie: string) =>
    request('DELETE', `/api/boards/${boardId}/ideas/${encodeURIComponent(id)}`, cookie)
  const card = (boardId: string, id: string) =>
    suite.app.liveBoards.read(boardId, (doc) => boardRecords(doc).get(id) as IdeaShape | undefined)
  const phase = async (workshopId: string, cookie: string, payload: object) => {
    const answer = await request('PATCH', `/api/workshops/${workshopId}`, cookie, payload)
    expect(answer.statusCode, answer.body).toBe(200)
  }

  it('lets a participant change and delete their own idea, never someone else’s', async () => {
    const { workshop, participant } = await workshopWithGuests(suite.app)
    const other = await joinAsGuest(suite.app, workshop.joinCode, 'Yann')
    const mine = (await post(workshop.boardId, participant.cookie, 'Mon idée')).json()
    const theirs = (await post(workshop.boardId, other.cookie, 'Son idée')).json()
    expect(mine.authorName).toBe('Participante')

    const edited = await patch(workshop.boardId, mine.id, participant.cookie, {
      text: 'Mon idée, précisée',
      color: 'green',
    })
    expect(edited.statusCode, edited.body).toBe(200)
    expect((await card(workshop.boardId, mine.id))?.props).toMatchObject({
      text: 'Mon idée, précisée',
      color: 'green',
    })

    const rewrite = await patch(workshop.boardId, theirs.id, participant.cookie, { text: 'Réécrite' })
    expect(rewrite.statusCode).toBe(403)
    expect(rewrite.json().error.code).toBe('not_author')
    const erase = await remove(workshop.boardId, theirs.id, participant.cookie)
    expect(erase.statusCode).toBe(403)
    expect(erase.json().error.code).toBe('not_author')
    expect((await card(workshop.boardId, theirs.id))?.props.text).toBe('Son idée')

    expect((await remove(workshop.boardId, mine.id, participant.cookie)).statusCode).toBe(204)
    expect(await card(workshop.boardId, mine.id)).toBeUndefined()
    expect((await remove(workshop.boardId, mine.id, participant.cookie)).statusCode).toBe(404)
  })

  it('moves any idea into a cluster and out of it while clustering, not while voting', async () => {
    const { facilitator, workshop, participant } = await workshopWithGuests(suite.app)
    const other = await joinAsGuest(suite.app, workshop.joinCode, 'Yann')
    const theirs = (await post(workshop.boardId, other.cookie, 'À regrouper')).json()
    await suite.app.liveBoards.change(workshop.boardId, (doc) =>
      addCluster(doc, 'shape:group', 40_000, 0, 'Groupe'),
    )
    await phase(workshop.id, facilitator.cookie, { phase: 'clustering' })

    const into = await patch(workshop.boardId, theirs.id, participant.cookie, { clusterId: 'shape:group' })
    expect(into.statusCode, into.body).toBe(200)
    const listed = (
      await request('GET' as 'POST', `/api/boards/${workshop.boardId}/ideas`, participant.cookie)
    ).json()
    const all = [...listed.zones.flatMap((z: { ideas: unknown[] }) => z.ideas), ...listed.loose]
    expect(all.find((i: { id: string }) => i.id === theirs.id)).toMatchObject({
      cluster: 'Groupe',
      mine: false,
    })

    await phase(workshop.id, facilitator.cookie, { phase: 'voting' })
    const out = await patch(workshop.boardId, theirs.id, participant.cookie, { clusterId: null })
    expect(out.statusCode).toBe(409)
    expect(out.json().error.code).toBe('not_allowed_now')
    const late = await post(workshop.boardId, participant.cookie, 'Trop tard')
    expect(late.statusCode).toBe(409)
    expect(late.json().error.code).toBe('ideas_closed')
    // The facilitator may still move it.
    expect(
      (await patch(workshop.boardId, theirs.id, facilitator.cookie, { clusterId: null })).statusCode,
    ).toBe(200)
  })

  it(`refuses a participant’s idea past ${IDEAS_PER_PARTICIPANT_PER_MINUTE} a minute (429), and an observer’s any`, async () => {
    const { workshop, participant, observer } = await workshopWithGuests(suite.app)
    for (let i = 0; i < IDEAS_PER_PARTICIPANT_PER_MINUTE; i++)
      expect((await post(workshop.boardId, participant.cookie, `Idée ${i}`)).statusCode).toBe(201)
    const over = await post(workshop.boardId, participant.cookie, 'Une de trop')
    expect(over.statusCode).toBe(429)
    expect(over.json().error.code).toBe('too_many_ideas')
    expect((await post(workshop.boardId, observer.cookie, 'Observateur')).statusCode).toBe(403)
  })

  it('keeps an idea posted during silent writing private: listed for its author and the facilitator only', async () => {
    const { facilitator, workshop, participant } = await workshopWithGuests(suite.app)
    const other = await joinAsGuest(suite.app, workshop.joinCode, 'Yann')
    await phase(workshop.id, facilitator.cookie, { privateIdeation: true })
    const posted = await post(workshop.boardId, participant.cookie, 'Écrite en silence')
    expect(posted.statusCode, posted.body).toBe(201)
    expect(posted.json().private).toBe(true)
    expect(await card(workshop.boardId, posted.json().id)).toBeUndefined()
    const listFor = async (cookie: string) => {
      const answer = (await request('GET' as 'POST', `/api/boards/${workshop.boardId}/ideas`, cookie)).json()
      return [...answer.zones.flatMap((z: { ideas: unknown[] }) => z.ideas), ...answer.loose] as {
        text: string
        private: boolean
        mine: boolean
      }[]
    }
    expect(await listFor(participant.cookie)).toEqual([
      expect.objectContaining({ text: 'Écrite en silence', private: true, mine: true }),
    ])
    expect((await listFor(facilitator.cookie)).map((i) => i.text)).toEqual(['Écrite en silence'])
    expect(await listFor(other.cookie)).toEqual([])
  })
})
