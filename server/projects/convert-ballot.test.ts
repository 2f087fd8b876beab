import { expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import { authorOf, type IdeaAuthor, ideaRecord } from '../collab/testing/board-edits.ts'
import { connectClient, eventually, synced, type TestClient } from '../collab/testing/clients.ts'
import { signUp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest, patchWorkshop } from '../testing/workshops.ts'
import { addCluster } from './testing/example-board.ts'
import { type ConversionBody, convert, example, exampleWorkshop } from './testing/example-workshop.ts'

/**
 * Conversion reading the server's ballot (board format v2): dots given to clusters count (they used to
 * give every record 0), next to the dots of their ideas; and an anonymous workshop's records carry no
 * author on any idea.
 */
describeEachStore('conversion with the ballot ($name)', (target) => {
  const harness = liveApp(target)

  const vote = async (boardId: string, targetId: string, cookie: string, dots: number) => {
    const response = await harness.app.inject({
      method: 'PUT',
      url: `/api/boards/${boardId}/votes/${targetId}`,
      headers: { cookie },
      payload: { dots },
    })
    expect(response.statusCode, response.body).toBe(200)
  }

  it('counts dots given to clusters, next to those of their ideas, and shows both on the fiche', async () => {
    // The example's ideas already hold dots (a vote on ideas); then the room votes on clusters.
    const { facilitator, workshop, built } = await exampleWorkshop(harness.app)
    const [first, second, third] = built.clusterIds.flat() as [string, string, string]
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, {
      phase: 'voting',
      vote: { target: 'clusters', dotsPerParticipant: 5 },
    })
    const anna = await joinAsGuest(harness.app, workshop.joinCode, 'Anna')
    const yann = await joinAsGuest(harness.app, workshop.joinCode, 'Yann')
    await vote(workshop.boardId, first, anna.cookie, 3)
    await vote(workshop.boardId, first, yann.cookie, 2)
    await vote(workshop.boardId, second, anna.cookie, 1)

    const response = await convert(harness.app, facilitator.cookie, workshop.id)
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json() as ConversionBody
    const titles = example.zones.flatMap((z) => z.clusters)
    const ideaDotsOf = (title: string) =>
      titles.find((c) => c.title === title)!.ideas.reduce((sum, idea) => sum + idea.votes, 0)
    for (const [clusterId, clusterDots] of [
      [first, 5],
      [second, 1],
      [third, 0],
    ] as const) {
      const record = body.projects.find((p) => p.clusterId === clusterId)!
      const ideaDots = ideaDotsOf(record.provenance.clusterTitle)
      expect(record.provenance).toMatchObject({ clusterDots, ideaDots, totalDots: clusterDots + ideaDots })
    }

    // The fiche says both.
    const record = body.projects.find((p) => p.clusterId === first)!
    const fiche = await harness.app.inject({
      url: `/api/projects/${record.id}/export?format=md`,
      headers: { cookie: facilitator.cookie },
    })
    expect(fiche.statusCode).toBe(200)
    expect(fiche.body).toContain(
      `${record.provenance.totalDots} gommettes (5 sur le groupe, ${record.provenance.ideaDots} sur ses idées)`,
    )
    // The snapshot view shows the cluster's own dots.
    const board = await harness.app.inject({
      url: `/api/projects/${record.id}/board`,
      headers: { cookie: facilitator.cookie },
    })
    expect(board.json().clusters.find((c: { id: string }) => c.id === first).dots).toBe(5)
  })

  it('gives every record 0 cluster dots when nobody voted on clusters, as before', async () => {
    const { facilitator, workshop } = await exampleWorkshop(harness.app)
    const body = (await convert(harness.app, facilitator.cookie, workshop.id)).json() as ConversionBody
    for (const record of body.projects) {
      expect(record.provenance.clusterDots).toBe(0)
      expect(record.provenance.totalDots).toBe(record.provenance.ideaDots)
    }
  })

  it('converts an anonymous workshop: no author on any idea, the board’s contributors on each record', async () => {
    const owner = await signUp(harness.app)
    const workshop = await createWorkshop(harness.app, owner.cookie, {
      title: 'Atelier anonyme',
      anonymous: true,
    })
    await harness.app.liveBoards.change(workshop.boardId, (doc) => {
      addCluster(doc, 'shape:group-a', 20_000, 0, 'Groupe A')
      addCluster(doc, 'shape:group-b', 22_000, 0, 'Groupe B')
    })
    const zoe = await joinAsGuest(harness.app, workshop.joinCode, 'Zoé')
    const bleuenn = await joinAsGuest(harness.app, workshop.joinCode, 'Bleuenn')
    const writerZ = connectClient(harness.origin, workshop.boardId, zoe.cookie)
    const writerB = connectClient(harness.origin, workshop.boardId, bleuenn.cookie)
    harness.clients.push(writerZ, writerB)
    await Promise.all([synced(writerZ), synced(writerB)])
    // Real participants write their cards over the live channel; the server records who wrote them.
    const write = (client: TestClient, author: IdeaAuthor, id: string, text: string, x: number, y: number) =>
      records(client.doc).set(id, ideaRecord(id, author, text, x, y))
    write(writerZ, authorOf(zoe), 'shape:z1', 'Une idée de Zoé', 20_100, 100)
    write(writerZ, authorOf(zoe), 'shape:z2', 'Seule dans son groupe', 22_100, 100)
    write(writerB, authorOf(bleuenn), 'shape:b1', 'Une idée de Bleuenn', 20_400, 100)
    write(writerB, authorOf(bleuenn), 'shape:b2', 'Une idée hors groupe', 40_000, 40_000)
    const authorship = async () =>
      harness.store.db
        .selectFrom('shape_authors')
        .select('shape_id')
        .where('board_id', '=', workshop.boardId)
        .execute()
    await eventually(
      async () => ((await authorship()).length >= 4 ? true : undefined),
      10_000,
      'authorship recorded',
    )

    const response = await convert(harness.app, owner.cookie, workshop.id)
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json() as ConversionBody
    const groupA = body.projects.find((p) => p.clusterId === 'shape:group-a')!
    const groupB = body.projects.find((p) => p.clusterId === 'shape:group-b')!
    expect(groupA.provenance.ideas.map((i) => i.text).sort()).toEqual([
      'Une idée de Bleuenn',
      'Une idée de Zoé',
    ])
    expect(groupB.provenance.ideas.map((i) => i.text)).toEqual(['Seule dans son groupe'])
    const everyIdea = [
      ...body.projects.flatMap((p) => p.provenance.ideas),
      ...body.looseIdeas.zones.flatMap((z) => z.ideas),
    ]
    expect(everyIdea).toHaveLength(4)
    for (const idea of everyIdea) expect(idea).toMatchObject({ authorId: '', authorName: '' })
    // Every record lists the board's contributors, sorted: a group of one idea says nothing of its author.
    for (const record of [groupA, groupB]) {
      expect(record.provenance.contributors).toEqual(['Bleuenn', 'Zoé'])
      expect(record.summary).not.toContain('contributeur')
    }
    const serialized = JSON.stringify(body)
    expect(serialized).not.toContain(zoe.guestId)
    expect(serialized).not.toContain(bleuenn.guestId)
    // The kept snapshot shows no author either.
    const board = await harness.app.inject({
      url: `/api/projects/${groupB.id}/board`,
      headers: { cookie: owner.cookie },
    })
    expect(board.statusCode).toBe(200)
    for (const idea of board.json().ideas) expect(idea.authorName).toBe('')
  })
})
