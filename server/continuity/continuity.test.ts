import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SimilarIdea, WaitingIdeas } from '../../shared/api/continuity.ts'
import { computeMembership } from '../../shared/board/membership.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import type { ZoneShape } from '../../shared/board/shapes.ts'
import { connectClient, synced, waitFor } from '../collab/testing/clients.ts'
import type { Store } from '../db/connect.ts'
import { convert, exampleContract, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { buildTestApp } from '../testing/app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createContract, createWorkshop, joinAsGuest, postIdea } from '../testing/workshops.ts'
import { similarQuery } from './repository.ts'
import { insertSampleIdeas, sampleIdeaTexts } from './testing/sample-ideas.ts'

const PHONE_LINE = "Une ligne téléphonique pour ceux qui n'ont pas de smartphone"
const MAPPING = 'Cartographier les trajets domicile-travail avant de lancer quoi que ce soit'

/*
 * Continuity across workshops, as a council lives it: a workshop converted, then the next one on the
 * same contract, where participants write and the facilitator brings the waiting ideas back; and a
 * second council on the same instance whose ideas must never show.
 */
describeEachStore('continuity across workshops ($name)', (target) => {
  let store: Store
  let app: FastifyInstance
  let origin: string
  // Council A: a converted workshop (the example board) and a new workshop on the same contract.
  let a: Awaited<ReturnType<typeof exampleWorkshop>>
  let next: Awaited<ReturnType<typeof createWorkshop>>
  // Council B: the same example converted, on its own copy of the contract.
  let b: Awaited<ReturnType<typeof exampleWorkshop>>

  beforeAll(async () => {
    store = await target.open()
    app = await buildTestApp(store)
    origin = await app.listen({ port: 0, host: '127.0.0.1' })
    a = await exampleWorkshop(app)
    expect((await convert(app, a.facilitator.cookie, a.workshop.id)).statusCode).toBe(201)
    next = await createWorkshop(app, a.facilitator.cookie, { contractId: a.contract.id, title: 'Atelier 2' })
    b = await exampleWorkshop(app)
    expect((await convert(app, b.facilitator.cookie, b.workshop.id)).statusCode).toBe(201)
  })
  afterAll(async () => {
    await app.close()
    await store.close()
  })

  const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } })
  const similar = (boardId: string, cookie: string, text: string) =>
    get(`/api/boards/${boardId}/similar?text=${encodeURIComponent(text)}`, cookie)

  it('suggests ideas of the council’s earlier workshops on the contract, best first, with their record', async () => {
    const participant = await joinAsGuest(app, next.joinCode, 'Nolwenn')
    const answer = await similar(next.boardId, participant.cookie, 'ligne téléphonique sans smartphone')
    expect(answer.statusCode, answer.body).toBe(200)
    const ideas = answer.json() as SimilarIdea[]
    expect(ideas[0]).toMatchObject({
      text: PHONE_LINE,
      workshopId: a.workshop.id,
      workshopTitle: a.workshop.title,
    })
    expect(ideas[0]?.projectTitle).toBe('Plateforme de covoiturage solidaire pour les zones rurales')
    expect(ideas[0]?.projectId).toEqual(expect.any(String))
    expect(Number.isNaN(Date.parse(ideas[0]?.date ?? ''))).toBe(false)
    // Ranked by similarity, every one from council A's converted workshop only (never B's twin).
    const scores = ideas.map((i) => i.similarity)
    expect(scores).toEqual([...scores].sort((x, y) => y - x))
    expect(scores[0]).toBeGreaterThan(0.3)
    expect(new Set(ideas.map((i) => i.workshopId))).toEqual(new Set([a.workshop.id]))

    // A loose idea has no record.
    const loose = (
      await similar(next.boardId, participant.cookie, 'cartographier les trajets domicile travail')
    ).json()
    expect(loose[0]).toMatchObject({ text: MAPPING })
    expect(loose[0].projectId).toBeUndefined()
  })

  it('never suggests the workshop’s own ideas, nor those of another contract or council', async () => {
    // The converted workshop itself: its ideas are the only ones of its contract in council A.
    expect((await similar(a.workshop.boardId, a.facilitator.cookie, PHONE_LINE)).json()).toEqual([])
    const otherContract = await createContract(app, a.facilitator.cookie, exampleContract)
    const elsewhere = await createWorkshop(app, a.facilitator.cookie, { contractId: otherContract.id })
    expect((await similar(elsewhere.boardId, a.facilitator.cookie, PHONE_LINE)).json()).toEqual([])
    // Council B sees its own converted twin, never A's.
    const bNext = await createWorkshop(app, b.facilitator.cookie, { contractId: b.contract.id })
    const fromB = (await similar(bNext.boardId, b.facilitator.cookie, PHONE_LINE)).json() as SimilarIdea[]
    expect(fromB.length).toBeGreaterThan(0)
    expect(new Set(fromB.map((i) => i.workshopId))).toEqual(new Set([b.workshop.id]))
  })

  it('refuses strangers, short text and unknown boards', async () => {
    const bGuest = await joinAsGuest(
      app,
      (await createWorkshop(app, b.facilitator.cookie)).joinCode,
      'Intrus',
    )
    expect((await similar(next.boardId, bGuest.cookie, PHONE_LINE)).statusCode).toBe(403)
    expect((await similar(next.boardId, b.facilitator.cookie, PHONE_LINE)).statusCode).toBe(403)
    const short = await similar(next.boardId, a.facilitator.cookie, 'ab')
    expect(short.statusCode).toBe(400)
    expect(short.json().error.code).toEqual(expect.any(String))
    expect((await similar('no-such-board', a.facilitator.cookie, PHONE_LINE)).statusCode).toBe(404)
    expect(
      (await app.inject({ method: 'GET', url: `/api/boards/${next.boardId}/similar?text=abc` })).statusCode,
    ).toBe(401)
  })

  it('links a card to an earlier idea for its author only, within the council, and shows the facilitator', async () => {
    const author = await joinAsGuest(app, next.joinCode, 'Maëlle')
    const other = await joinAsGuest(app, next.joinCode, 'Erwan')
    const ideaId = await postIdea(app, next.boardId, author, {
      text: 'Une ligne téléphonique pour les personnes sans smartphone',
      priorityCode: 'P2',
    })
    const [earlier] = (await similar(next.boardId, author.cookie, PHONE_LINE)).json() as SimilarIdea[]
    const [foreign] = (
      await similar(
        (
          await createWorkshop(app, b.facilitator.cookie, { contractId: b.contract.id })
        ).boardId,
        b.facilitator.cookie,
        PHONE_LINE,
      )
    ).json() as SimilarIdea[]
    const link = (cookie: string, earlierIdeaId: string, card = ideaId) =>
      app.inject({
        method: 'PUT',
        url: `/api/boards/${next.boardId}/ideas/${encodeURIComponent(card)}/link`,
        headers: { cookie },
        payload: { earlierIdeaId },
      })

    // Someone else's card, another council's idea, an unknown card: refused.
    const notMine = await link(other.cookie, earlier?.id ?? '')
    expect(notMine.statusCode).toBe(403)
    expect(notMine.json().error.code).toBe('not_author')
    expect((await link(author.cookie, foreign?.id ?? '')).statusCode).toBe(404)
    expect((await link(author.cookie, earlier?.id ?? '', 'shape:nothing')).statusCode).toBe(404)

    const done = await link(author.cookie, earlier?.id ?? '')
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ ideaId, earlier: { id: earlier?.id, text: PHONE_LINE } })

    const links = await get(`/api/boards/${next.boardId}/links`, a.facilitator.cookie)
    expect(links.statusCode).toBe(200)
    expect(links.json()).toEqual([
      expect.objectContaining({
        ideaId,
        earlier: expect.objectContaining({ workshopTitle: a.workshop.title }),
      }),
    ])
    const asParticipant = await get(`/api/boards/${next.boardId}/links`, author.cookie)
    expect(asParticipant.statusCode).toBe(403)
    expect(asParticipant.json().error.code).toBe('facilitators_only')

    const unlink = await app.inject({
      method: 'DELETE',
      url: `/api/boards/${next.boardId}/ideas/${encodeURIComponent(ideaId)}/link`,
      headers: { cookie: author.cookie },
    })
    expect(unlink.statusCode).toBe(204)
    expect((await get(`/api/boards/${next.boardId}/links`, a.facilitator.cookie)).json()).toEqual([])
  })

  it('answers suggestions from the trigram index, nearest first', async () => {
    // Enough rows that a sequential scan loses: 20,000 ideas of other workshops of council A.
    await insertSampleIdeas(
      store.db,
      { councilId: a.facilitator.councilId, contractId: a.contract.id, workshopId: a.workshop.id },
      sampleIdeaTexts(20_000),
      'bulk',
    )
    await sql`analyze archived_ideas`.execute(store.db)
    try {
      const query = similarQuery(
        store.db,
        { councilId: a.facilitator.councilId, contractId: a.contract.id, workshopId: next.id },
        'navette électrique pour les aînés du bourg',
      ).compile()
      const rows = await store.db.executeQuery({ ...query, sql: `explain ${query.sql}` })
      const text = rows.rows.map((r) => Object.values(r as object).join(' ')).join('\n')
      // A nearest-neighbour walk, chosen by the planner itself: an index scan of the GiST index ordered
      // by trigram distance, no sort of every idea above the threshold.
      expect(text).toMatch(/Index Scan using archived_ideas_nearest/)
      expect(text).toMatch(/Order By: \(text <-> /)
      expect(text).not.toMatch(/Bitmap|Seq Scan on archived_ideas/)
      // The same suggestions as the definition: above pg_trgm's threshold (`%`), most similar first, five.
      const scope = { councilId: a.facilitator.councilId, contractId: a.contract.id, workshopId: next.id }
      const typed = sampleIdeaTexts(20, 4242).map((idea, i) =>
        idea
          .split(' ')
          .slice(0, 3 + (i % 4))
          .join(' '),
      )
      for (const typedText of typed) {
        const walked = await similarQuery(store.db, scope, typedText).execute()
        const defined = await sql<{
          id: string
          similarity: number
        }>`select id, similarity(text, ${typedText}) as similarity
          from archived_ideas where council_id = ${scope.councilId} and contract_id = ${scope.contractId}
          and workshop_id <> ${scope.workshopId} and text % ${typedText}
          order by similarity desc, id limit 5`.execute(store.db)
        expect(
          walked.map((row) => [row.id, Number(row.similarity)]),
          typedText,
        ).toEqual(defined.rows.map((row) => [row.id, Number(row.similarity)]))
      }
    } finally {
      await sql`delete from archived_ideas where id like 'bulk-%'`.execute(store.db)
    }
  })

  it('lists waiting ideas per priority of the contract, to the council only', async () => {
    const answer = await get(`/api/contracts/${a.contract.id}/waiting-ideas`, a.facilitator.cookie)
    expect(answer.statusCode, answer.body).toBe(200)
    const body = answer.json() as WaitingIdeas
    expect(body.priorities.map((p) => [p.priorityCode, p.ideas.map((i) => i.text)])).toEqual([
      ['P1', ['Un fonds de garantie local pour sécuriser le portage par les petites structures']],
      ['P2', [MAPPING]],
    ])
    expect(body.priorities[1]).toMatchObject({ priorityTitle: expect.any(String) })
    expect(body.priorities[1]?.ideas[0]).toMatchObject({ actionCode: '2.3', workshopId: a.workshop.id })
    expect(
      (await get(`/api/contracts/${a.contract.id}/waiting-ideas`, b.facilitator.cookie)).statusCode,
    ).toBe(404)
  })

  it('brings chosen waiting ideas onto the new board, in their zone, seen by a live client', async () => {
    const waiting = (
      await get(`/api/contracts/${a.contract.id}/waiting-ideas`, a.facilitator.cookie)
    ).json() as WaitingIdeas
    const mapping = waiting.priorities.find((p) => p.priorityCode === 'P2')?.ideas[0]
    if (!mapping) throw new Error('no waiting idea in P2')
    const carry = (cookie: string, workshopId: string, ideaIds: string[]) =>
      app.inject({
        method: 'POST',
        url: `/api/workshops/${workshopId}/waiting-ideas`,
        headers: { cookie },
        payload: { ideaIds },
      })

    // Another council's facilitator cannot pull A's ideas onto its own board, nor reach A's workshop.
    const bWorkshop = await createWorkshop(app, b.facilitator.cookie, { contractId: b.contract.id })
    expect((await carry(b.facilitator.cookie, bWorkshop.id, [mapping.id])).statusCode).toBe(404)
    expect((await carry(b.facilitator.cookie, next.id, [mapping.id])).statusCode).toBe(404)
    const guest = await joinAsGuest(app, next.joinCode, 'Soizic')
    expect((await carry(guest.cookie, next.id, [mapping.id])).statusCode).toBeGreaterThanOrEqual(401)

    const client = connectClient(origin, next.boardId, a.facilitator.cookie)
    try {
      await synced(client)
      const answer = await carry(a.facilitator.cookie, next.id, [mapping.id])
      expect(answer.statusCode, answer.body).toBe(201)
      const [placed] = answer.json().placed
      expect(placed).toMatchObject({ earlierIdeaId: mapping.id, priorityCode: 'P2' })
      await waitFor(
        () => boardRecords(client.doc).get(placed.ideaId) !== undefined,
        10_000,
        'card on the client',
      )
      const records = [...boardRecords(client.doc).values()]
      const card = boardRecords(client.doc).get(placed.ideaId) as { props: { text: string } }
      expect(card.props.text).toBe(MAPPING)
      const zoneId = computeMembership(records).zoneOfIdea.get(placed.ideaId)
      const zone = records.find((r) => (r as { id: string }).id === zoneId) as ZoneShape | undefined
      expect(zone?.props.priorityCode).toBe('P2')
    } finally {
      client.destroy()
    }

    // It left the list, cannot be brought twice, and the new card is linked to where it came from.
    const after = (
      await get(`/api/contracts/${a.contract.id}/waiting-ideas`, a.facilitator.cookie)
    ).json() as WaitingIdeas
    expect(after.priorities.map((p) => p.priorityCode)).toEqual(['P1'])
    expect((await carry(a.facilitator.cookie, next.id, [mapping.id])).statusCode).toBe(404)
    const links = (await get(`/api/boards/${next.boardId}/links`, a.facilitator.cookie)).json()
    expect(links).toContainEqual(
      expect.objectContaining({ earlier: expect.objectContaining({ id: mapping.id }) }),
    )
  })

  it('keeps archived ids across a re-conversion', async () => {
    const before = (await similar(next.boardId, a.facilitator.cookie, PHONE_LINE)).json() as SimilarIdea[]
    expect((await convert(app, a.facilitator.cookie, a.workshop.id)).statusCode).toBe(201)
    const after = (await similar(next.boardId, a.facilitator.cookie, PHONE_LINE)).json() as SimilarIdea[]
    expect(after.map((i) => i.id)).toEqual(before.map((i) => i.id))
  })
})
