import { expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { injectAs, inviteMember, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest } from '../testing/workshops.ts'
import { updateLiveState } from '../workshops/commands.ts'
import { addCluster, addIdea, deleteRecords, getRecord } from './testing/example-board.ts'
import {
  type ConversionBody,
  convert,
  example,
  exampleContract,
  exampleWorkshop,
  giveBallotDots,
} from './testing/example-workshop.ts'

describeEachStore('conversion of a board into project records ($name)', (target) => {
  const suite = suiteApp(target)

  it('converts the example workshop: every cluster, idea, dot and author; loose ideas by zone; workshop closed', async () => {
    const { facilitator, workshop } = await exampleWorkshop(suite.app)
    const response = await convert(suite.app, facilitator.cookie, workshop.id)
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json() as ConversionBody
    expect(body.created).toBe(3)

    const clusters = example.zones.flatMap((zone) => zone.clusters.map((cluster) => ({ zone, cluster })))
    expect(body.projects).toHaveLength(clusters.length)
    for (const { zone, cluster } of clusters) {
      const record = body.projects.find((p) => p.provenance.clusterTitle === cluster.title)!
      expect(record, cluster.title).toBeDefined()
      expect(record.title).toBe(cluster.title)
      expect(record.priorityCode).toBe(zone.priorityCode)
      expect(record.actionCode).toBe(zone.actionCode)
      const priority = exampleContract.priorities.find((p) => p.code === zone.priorityCode)!
      expect(record.priorityTitle).toBe(priority.title)
      expect(record.actionTitle).toBe(priority.actions.find((a) => a.code === zone.actionCode)!.title)
      expect(record.workshopId).toBe(workshop.id)
      expect(record.status).toBe('emerging')
      expect(record.needsPriority).toBe(false)
      expect(record.clusterMissing).toBe(false)
      expect(record.version).toBe(1)
      expect(record.editedFields).toEqual([])
      const ideas = record.provenance.ideas.map((i) => ({
        text: i.text,
        author: i.authorName,
        votes: i.dots,
      }))
      expect(ideas).toHaveLength(cluster.ideas.length)
      expect(ideas).toEqual(expect.arrayContaining(cluster.ideas))
      expect(record.provenance.totalDots).toBe(cluster.ideas.reduce((sum, i) => sum + i.votes, 0))
      expect([...record.provenance.contributors].sort()).toEqual(
        [...new Set(cluster.ideas.map((i) => i.author))].sort(),
      )
      // Drafts proposed from the ideas.
      for (const idea of cluster.ideas) expect(record.objectives).toContain(idea.text)
      expect(record.summary).toContain(example.title)
    }

    for (const zone of example.zones) {
      const loose = body.looseIdeas.zones.find((z) => z.priorityCode === zone.priorityCode)!
      expect(loose.actionCode).toBe(zone.actionCode)
      expect(loose.ideas.map((i) => ({ text: i.text, author: i.authorName, votes: i.dots }))).toEqual(
        zone.loose,
      )
    }

    // The workshop is closed, in its row and on the live board.
    const view = await injectAs(suite.app, 'GET', `/api/workshops/${workshop.id}`, facilitator)
    expect(view.json().phase).toBe('closed')
    expect(view.json().closedAt).not.toBeNull()
    const meta = await suite.app.liveBoards.read(
      workshop.boardId,
      (doc) => doc.getMap('meta').get('workshop') as { phase: string },
    )
    expect(meta.phase).toBe('closed')

    // The final board is kept, with the record's cluster to highlight.
    const first = body.projects[0]!
    const board = await injectAs(suite.app, 'GET', `/api/projects/${first.id}/board`, facilitator)
    expect(board.statusCode).toBe(200)
    const snapshot = board.json()
    expect(snapshot.snapshotId).toBe(body.snapshotId)
    expect(snapshot.highlightClusterId).toBe(first.clusterId)
    expect(snapshot.clusters).toHaveLength(3)
    expect(snapshot.zones).toHaveLength(2)
    const allIdeas = example.zones.flatMap((z) => [...z.clusters.flatMap((c) => c.ideas), ...z.loose])
    expect(snapshot.ideas).toHaveLength(allIdeas.length)
    expect(snapshot.ideas.filter((i: any) => i.clusterId === first.clusterId)).toHaveLength(
      first.provenance.ideas.length,
    )

    const latest = await injectAs(suite.app, 'GET', `/api/workshops/${workshop.id}/conversion`, facilitator)
    expect(latest.json()).toMatchObject({ snapshotId: body.snapshotId, projectCount: 3 })

    const history = await injectAs(suite.app, 'GET', `/api/projects/${first.id}/history`, facilitator)
    expect(history.json().history).toEqual([
      expect.objectContaining({ field: 'created', source: 'conversion', userId: facilitator.userId }),
    ])
  })

  it('re-converts after edits on both sides: keeps what people wrote, refreshes provenance, adds and marks clusters', async () => {
    const { facilitator, workshop, built } = await exampleWorkshop(suite.app)
    const first = (await convert(suite.app, facilitator.cookie, workshop.id)).json() as ConversionBody
    const [covoiturageId, veloId] = built.clusterIds[0]!
    const covoiturage = first.projects.find((p) => p.clusterId === covoiturageId)!
    const velo = first.projects.find((p) => p.clusterId === veloId)!

    // A person edits the title and the objectives of one record.
    const edit = await injectAs(suite.app, 'PATCH', `/api/projects/${covoiturage.id}`, facilitator, {
      version: covoiturage.version,
      title: 'Covoiturage solidaire rural',
      objectives: 'Nos objectifs à nous',
    })
    expect(edit.statusCode, edit.body).toBe(200)
    expect(edit.json().editedFields.sort()).toEqual(['objectives', 'title'])

    // The board changes: a new idea in that cluster, a new cluster outside every zone, one cluster gone.
    const covoiturageShape = await suite.app.liveBoards.read(workshop.boardId, (doc) =>
      getRecord(doc, covoiturageId),
    )
    await suite.app.liveBoards.change(workshop.boardId, (doc) => {
      addIdea(doc, 'shape:new-idea', covoiturageShape.x + 700, covoiturageShape.y + 500, {
        text: 'Un minibus le jeudi',
        authorName: 'Gwenaël',
      })
      addCluster(doc, 'shape:new-cluster', 80_000, 80_000, 'Épicerie mobile')
      addIdea(doc, 'shape:in-new-cluster', 80_100, 80_100, {
        text: 'Un camion-épicerie',
        authorName: 'Annaig',
      })
      deleteRecords(doc, [veloId])
    })
    await giveBallotDots(suite.app, workshop.boardId, 'shape:new-idea', 4)
    await giveBallotDots(suite.app, workshop.boardId, 'shape:in-new-cluster', 2)

    const second = await convert(suite.app, facilitator.cookie, workshop.id)
    expect(second.statusCode, second.body).toBe(201)
    const body = second.json() as ConversionBody
    expect(body).toMatchObject({ created: 1, missing: 1 })
    expect(body.projects).toHaveLength(4)

    const kept = body.projects.find((p) => p.id === covoiturage.id)!
    expect(kept.title).toBe('Covoiturage solidaire rural')
    expect(kept.objectives).toBe('Nos objectifs à nous')
    expect(kept.provenance.ideas.map((i) => i.text)).toContain('Un minibus le jeudi')
    expect(kept.provenance.totalDots).toBe(covoiturage.provenance.totalDots + 4)
    expect(kept.provenance.contributors).toContain('Gwenaël')
    // Not edited, so refreshed from the ideas.
    expect(kept.summary).toContain('5 idées')
    expect(kept.version).toBe(edit.json().version + 1)

    const added = body.projects.find((p) => p.clusterId === 'shape:new-cluster')!
    expect(added).toMatchObject({
      title: 'Épicerie mobile',
      priorityCode: null,
      actionCode: null,
      needsPriority: true,
    })
    expect(added.provenance.ideas).toEqual([
      expect.objectContaining({ text: 'Un camion-épicerie', authorName: 'Annaig', dots: 2 }),
    ])

    const gone = body.projects.find((p) => p.id === velo.id)!
    expect(gone.clusterMissing).toBe(true)
    expect(gone.title).toBe(velo.title)
    // Its ideas now lie loose in their zone: nothing the room wrote is lost.
    const p2Loose = body.looseIdeas.zones.find((z) => z.priorityCode === 'P2')!
    for (const idea of velo.provenance.ideas) expect(p2Loose.ideas.map((i) => i.text)).toContain(idea.text)

    const history = (
      await injectAs(suite.app, 'GET', `/api/projects/${covoiturage.id}/history`, facilitator)
    ).json().history as { field: string; source: string; userId: string }[]
    expect(history.map((h) => `${h.source}:${h.field}`)).toEqual(
      expect.arrayContaining([
        'conversion:provenance',
        'conversion:summary',
        'edit:title',
        'edit:objectives',
        'conversion:created',
      ]),
    )
    expect(history.every((h) => h.userId === facilitator.userId)).toBe(true)
    expect(history.map((h) => h.field)).not.toContain('objectives:conversion')
    const goneHistory = (
      await injectAs(suite.app, 'GET', `/api/projects/${velo.id}/history`, facilitator)
    ).json().history
    expect(goneHistory[0]).toMatchObject({ field: 'clusterMissing', oldValue: false, newValue: true })

    // The person assigns the priority of the new record; the next conversion leaves it alone.
    const assign = await suite.app.inject({
      method: 'PATCH',
      url: `/api/projects/${added.id}`,
      headers: { cookie: facilitator.cookie },
      payload: { version: added.version, priorityCode: 'P2', actionCode: '2.2' },
    })
    expect(assign.json()).toMatchObject({ needsPriority: false, priorityCode: 'P2' })

    // A third run with no board change changes nothing: idempotent.
    const third = (await convert(suite.app, facilitator.cookie, workshop.id)).json() as ConversionBody
    expect(third).toMatchObject({ created: 0, updated: 0, missing: 0 })
    expect(third.projects.find((p) => p.id === added.id)).toMatchObject({
      priorityCode: 'P2',
      actionCode: '2.2',
      needsPriority: false,
    })
    expect(third.projects.map((p) => [p.id, p.version]).sort()).toEqual(
      body.projects.map((p) => [p.id, p.id === added.id ? assign.json().version : p.version]).sort(),
    )

    // The cluster comes back: the record is no longer marked.
    await suite.app.liveBoards.change(workshop.boardId, (doc) =>
      addCluster(doc, veloId, covoiturageShape.x + 1100, covoiturageShape.y, velo.title),
    )
    const fourth = (await convert(suite.app, facilitator.cookie, workshop.id)).json() as ConversionBody
    expect(fourth.projects.find((p) => p.id === velo.id)!.clusterMissing).toBe(false)
  })

  it('drops zone codes the contract does not have: the record asks for a priority', async () => {
    const { facilitator, workshop } = await exampleWorkshop(suite.app)
    await suite.app.liveBoards.change(workshop.boardId, (doc) => {
      // Two more zones like the example's first, 3000 × 3000, on codes the contract does not have.
      const kv = new YKeyValue<unknown>(doc.getArray('records'))
      const zone = (id: string, x: number, title: string, priorityCode: string, actionCode: string) =>
        kv.set(id, {
          ...getRecord(doc, 'shape:ex-zone-0'),
          id,
          x,
          y: 0,
          props: { w: 3000, h: 3000, title, priorityCode, actionCode, color: 'green' },
        })
      zone('shape:zone-p9', 60_000, 'P9', 'P9', '')
      zone('shape:zone-p1-bad', 70_000, 'P1 › 1.9', 'P1', '1.9')
      addCluster(doc, 'shape:in-p9', 60_100, 100, 'Dans une priorité inconnue')
      addCluster(doc, 'shape:in-p1-bad', 70_100, 100, 'Dans une action inconnue')
    })
    const body = (await convert(suite.app, facilitator.cookie, workshop.id)).json() as ConversionBody
    expect(body.projects.find((p) => p.clusterId === 'shape:in-p9')).toMatchObject({
      priorityCode: null,
      actionCode: null,
      needsPriority: true,
    })
    expect(body.projects.find((p) => p.clusterId === 'shape:in-p1-bad')).toMatchObject({
      priorityCode: 'P1',
      actionCode: null,
      needsPriority: false,
    })
  })

  it('a person’s edit racing a re-conversion is never overwritten: it lands and stays, or answers 409', async () => {
    const { facilitator, workshop, built } = await exampleWorkshop(suite.app)
    await convert(suite.app, facilitator.cookie, workshop.id)
    // One race per cluster: once a person has set a record's title, conversions leave it alone for good.
    for (const [round, clusterId] of built.clusterIds.flat().entries()) {
      // The board's cluster gets a new title, which conversion would copy into an unedited record...
      await suite.app.liveBoards.change(workshop.boardId, (doc) => {
        const kv = new YKeyValue<any>(doc.getArray('records'))
        const cluster = kv.get(clusterId)
        kv.set(clusterId, { ...cluster, props: { ...cluster.props, title: `Titre du tableau ${round}` } })
      })
      const list = await suite.app.inject({
        url: `/api/projects?workshopId=${workshop.id}`,
        headers: { cookie: facilitator.cookie },
      })
      const record = (list.json().projects as ProjectRecord[]).find((p) => p.clusterId === clusterId)!
      // ...while a person edits the title at the same moment.
      const [edit] = await Promise.all([
        suite.app.inject({
          method: 'PATCH',
          url: `/api/projects/${record.id}`,
          headers: { cookie: facilitator.cookie },
          payload: { version: record.version, title: `Titre choisi ${round}` },
        }),
        convert(suite.app, facilitator.cookie, workshop.id),
      ])
      const after = (
        await suite.app.inject({ url: `/api/projects/${record.id}`, headers: { cookie: facilitator.cookie } })
      ).json() as ProjectRecord
      expect([200, 409]).toContain(edit.statusCode)
      if (edit.statusCode === 200) expect(after.title).toBe(`Titre choisi ${round}`)
      else expect(after.title).toBe(`Titre du tableau ${round}`)
    }
  })

  it('finishes closing a workshop whose row was closed but whose live board was not told', async () => {
    const { facilitator, workshop } = await exampleWorkshop(suite.app)
    // As after a close whose board write failed: the row says closed, the board still says ideation.
    await updateLiveState(
      suite.app.store.db,
      {
        kind: 'account',
        sessionId: 's',
        userId: facilitator.userId,
        councilId: facilitator.councilId,
        email: facilitator.email,
        displayName: 'Animatrice',
      },
      workshop.id,
      { phase: 'closed' },
    )
    const before = await suite.app.liveBoards.read(
      workshop.boardId,
      (doc) => (doc.getMap('meta').get('workshop') as any)?.phase,
    )
    expect(before).not.toBe('closed')
    expect((await convert(suite.app, facilitator.cookie, workshop.id)).statusCode).toBe(201)
    const after = await suite.app.liveBoards.read(
      workshop.boardId,
      (doc) => (doc.getMap('meta').get('workshop') as any)?.phase,
    )
    expect(after).toBe('closed')
  })

  it('converting twice at once never duplicates records', async () => {
    const { facilitator, workshop } = await exampleWorkshop(suite.app)
    const responses = await Promise.all(
      [1, 2, 3].map(() => convert(suite.app, facilitator.cookie, workshop.id)),
    )
    for (const r of responses) expect([201, 409], r.body).toContain(r.statusCode)
    expect(responses.filter((r) => r.statusCode === 201).length).toBeGreaterThanOrEqual(1)
    const list = await injectAs(suite.app, 'GET', `/api/projects?workshopId=${workshop.id}`, facilitator)
    const projects = list.json().projects as { clusterId: string }[]
    expect(projects).toHaveLength(3)
    expect(new Set(projects.map((p) => p.clusterId)).size).toBe(3)
    // Exactly one conversion created the records; the others found them.
    const created = responses.filter((r) => r.statusCode === 201).map((r) => r.json().created)
    expect(created.reduce((a: number, b: number) => a + b, 0)).toBe(3)
  })

  it('lets only the workshop’s facilitators convert: 401, 403 for guests and other members, 404 elsewhere', async () => {
    const { facilitator, workshop } = await exampleWorkshop(suite.app)
    expect(
      (await suite.app.inject({ method: 'POST', url: `/api/workshops/${workshop.id}/convert` })).statusCode,
    ).toBe(401)

    const stranger = await signUp(suite.app)
    const foreign = await convert(suite.app, stranger.cookie, workshop.id)
    expect(foreign.statusCode).toBe(404)

    const colleague = await inviteMember(suite.app, facilitator.cookie)
    const member = await convert(suite.app, colleague.cookie, workshop.id)
    expect(member.statusCode).toBe(403)

    const guest = await joinAsGuest(suite.app, workshop.joinCode, 'Annaig')
    expect((await convert(suite.app, guest.cookie, workshop.id)).statusCode).toBe(403)

    expect((await convert(suite.app, facilitator.cookie, crypto.randomUUID())).statusCode).toBe(404)
    expect((await convert(suite.app, facilitator.cookie, 'not-a-uuid')).statusCode).toBe(400)
    // Nothing was converted by the refused requests.
    const list = await injectAs(suite.app, 'GET', `/api/projects?workshopId=${workshop.id}`, facilitator)
    expect(list.json().projects).toHaveLength(0)
  })
})
