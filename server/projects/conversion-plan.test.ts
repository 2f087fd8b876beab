import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readBoardContent } from './board-content.ts'
import { planConversion } from './conversion-plan.ts'
import { addCluster, addIdea, type ExampleWorkshop, writeExampleBoard } from './testing/example-board.ts'
import exampleJson from './testing/workshop-example.json' with { type: 'json' }

const example = exampleJson as ExampleWorkshop

describe('conversion plan of the example workshop', () => {
  it('makes one draft per cluster with its zone codes, every idea, author and dot', () => {
    const doc = new Y.Doc()
    writeExampleBoard(doc, example)
    const plan = planConversion(readBoardContent(doc), example.title)
    const expectedClusters = example.zones.flatMap((z) => z.clusters.map((c) => ({ zone: z, cluster: c })))
    expect(plan.clusters).toHaveLength(expectedClusters.length)
    for (const { zone, cluster } of expectedClusters) {
      const draft = plan.clusters.find((c) => c.title === cluster.title)!
      expect(draft, cluster.title).toBeDefined()
      expect(draft.priorityCode).toBe(zone.priorityCode)
      expect(draft.actionCode).toBe(zone.actionCode)
      expect(new Set(draft.ideas.map((i) => `${i.text}|${i.authorName}|${i.dots}`))).toEqual(
        new Set(cluster.ideas.map((i) => `${i.text}|${i.author}|${i.votes}`)),
      )
      expect(draft.totalDots).toBe(cluster.ideas.reduce((s, i) => s + i.votes, 0))
      expect(new Set(draft.contributors)).toEqual(new Set(cluster.ideas.map((i) => i.author)))
      // Most supported first.
      expect(draft.ideas.map((i) => i.dots)).toEqual(
        [...draft.ideas.map((i) => i.dots)].sort((a, b) => b - a),
      )
      expect(draft.objectives.split('\n')).toHaveLength(cluster.ideas.length)
      expect(draft.summary).toContain(`${cluster.ideas.length} idées`)
    }
    // Loose ideas kept, grouped by zone.
    for (const zone of example.zones) {
      const loose = plan.looseIdeas.zones.find((z) => z.priorityCode === zone.priorityCode)!
      expect(loose.actionCode).toBe(zone.actionCode)
      expect(loose.ideas.map((i) => [i.text, i.authorName, i.dots])).toEqual(
        zone.loose.map((i) => [i.text, i.author, i.votes]),
      )
    }
  })

  it('converts a cluster outside every zone with no priority, and keeps ideas outside every zone', () => {
    const doc = new Y.Doc()
    writeExampleBoard(doc, example)
    addCluster(doc, 'shape:outside', 50_000, 50_000, 'Hors zone')
    addIdea(
      doc,
      'shape:in-outside',
      50_100,
      50_100,
      { text: 'Dans le groupe hors zone', authorName: 'Yann' },
      3,
    )
    addIdea(doc, 'shape:nowhere', -9_000, -9_000, { text: 'Perdue', authorName: 'Soizic' })
    const plan = planConversion(readBoardContent(doc), example.title)
    const outside = plan.clusters.find((c) => c.clusterId === 'shape:outside')!
    expect(outside.priorityCode).toBeNull()
    expect(outside.actionCode).toBeNull()
    expect(outside.ideas.map((i) => i.text)).toEqual(['Dans le groupe hors zone'])
    expect(outside.totalDots).toBe(3)
    const nowhere = plan.looseIdeas.zones.at(-1)!
    expect(nowhere.zoneId).toBeNull()
    expect(nowhere.ideas.map((i) => i.text)).toEqual(['Perdue'])
  })

  it('sums dots over every voter and ignores what is not a whole positive count', () => {
    const doc = new Y.Doc()
    addCluster(doc, 'shape:c', 0, 0, 'Groupe')
    addIdea(doc, 'shape:i', 10, 10, { text: 'Idée', authorName: 'Annaig' })
    const votes = doc.getMap<Y.Map<unknown>>('votes')
    for (const [voter, count] of [
      ['a', 2],
      ['b', 3],
      ['c', -4],
      ['d', 1.5],
      ['e', 'x'],
    ] as const) {
      const given = new Y.Map<unknown>()
      votes.set(voter, given)
      given.set('shape:i', count)
    }
    const plan = planConversion(readBoardContent(doc), 'Atelier')
    expect(plan.clusters[0]!.totalDots).toBe(5)
  })

  it('counts dots from the ballot on clusters and on ideas, and leaves out other targets', () => {
    const doc = new Y.Doc()
    addCluster(doc, 'shape:c', 0, 0, 'Groupe')
    addCluster(doc, 'shape:empty', 5_000, 0, 'Groupe vide')
    addIdea(doc, 'shape:i', 10, 10, { text: 'Idée', authorName: 'Annaig' })
    addIdea(doc, 'shape:loose', -9_000, -9_000, { text: 'Seule', authorName: 'Soizic' })
    const ballot = [
      { actorId: 'a', targetId: 'shape:c', dots: 2 },
      { actorId: 'b', targetId: 'shape:c', dots: 1 },
      { actorId: 'a', targetId: 'shape:i', dots: 3 },
      { actorId: 'b', targetId: 'shape:loose', dots: 1 },
      { actorId: 'b', targetId: 'shape:deleted', dots: 4 },
      { actorId: 'c', targetId: 'shape:empty', dots: 2 },
    ]
    const plan = planConversion(readBoardContent(doc, ballot), 'Atelier')
    expect(plan.clusters.find((c) => c.clusterId === 'shape:c')).toMatchObject({
      clusterDots: 3,
      ideaDots: 3,
      totalDots: 6,
    })
    expect(plan.clusters.find((c) => c.clusterId === 'shape:empty')).toMatchObject({
      clusterDots: 2,
      ideaDots: 0,
      totalDots: 2,
    })
    expect(plan.looseIdeas.zones.flatMap((z) => z.ideas).map((i) => i.dots)).toEqual([1])
  })

  it('leaves authors out of an anonymous workshop’s ideas and lists every contributor, sorted, on each record', () => {
    const doc = new Y.Doc()
    addCluster(doc, 'shape:c', 0, 0, 'Groupe')
    addIdea(doc, 'shape:i', 10, 10, { text: 'Idée', authorName: 'Zoé' })
    const plan = planConversion(readBoardContent(doc, []), 'Atelier', {
      contributors: ['Zoé', 'Érwan', 'Annaig', 'Zoé', ' '],
    })
    expect(plan.clusters[0]!.ideas).toEqual([expect.objectContaining({ authorId: '', authorName: '' })])
    expect(plan.clusters[0]!.contributors).toEqual(['Annaig', 'Érwan', 'Zoé'])
    expect(plan.clusters[0]!.summary).not.toContain('contributeur')
  })
})
