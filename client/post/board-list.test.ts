import { describe, expect, it } from 'vitest'
import { buildBoardList, ideasOfZone } from './board-list.ts'
import { currentPlace, moveChange, moveDestinations } from './move-destinations.ts'
import { zoneName } from './zone-name.ts'

const page = 'page:page'
const zone = (id: string, x: number, index: string, priorityCode: string, actionCode = '') => ({
  typeName: 'shape',
  id,
  type: 'zone',
  x,
  y: 0,
  index,
  parentId: page,
  props: { w: 1000, h: 1000, title: `${actionCode || priorityCode} — Zone ${id}`, priorityCode, actionCode },
})
const cluster = (id: string, x: number, y: number, title = '') => ({
  typeName: 'shape',
  id,
  type: 'cluster',
  x,
  y,
  parentId: page,
  props: { w: 400, h: 400, title },
})
const idea = (id: string, x: number, y: number, text: string, authorId = 'guest:b') => ({
  typeName: 'shape',
  id,
  type: 'idea',
  x,
  y,
  parentId: page,
  props: { w: 200, h: 140, text, color: 'blue', authorId, authorName: authorId ? 'Nom' : '' },
})

const records = [
  // Board order follows the fractional index, not the order of the records.
  zone('shape:z2', 1100, 'a2', 'P2'),
  zone('shape:z1', 0, 'a1', 'P1'),
  cluster('shape:c1', 50, 100, 'Vélo'),
  idea('shape:in-cluster', 100, 150, 'Pistes cyclables', 'guest:me'),
  idea('shape:second', 300, 700, 'Plus bas'),
  idea('shape:first', 600, 600, 'Plus haut'),
  idea('shape:p2', 1200, 200, 'Solaire'),
  idea('shape:loose', -2000, -2000, 'Perdue'),
  { typeName: 'page', id: page, name: 'Page' },
]

describe('the list page reads the board', () => {
  it('groups ideas by zone and cluster, zones in board order, ideas in reading order', () => {
    const list = buildBoardList({ records, actorId: 'guest:me' })
    expect(list.zones.map((z) => z.id)).toEqual(['shape:z1', 'shape:z2', null])
    const [z1, z2, outside] = list.zones
    expect(z1!.clusters.map((c) => [c.title, c.ideas.map((i) => i.text)])).toEqual([
      ['Vélo', ['Pistes cyclables']],
    ])
    expect(z1!.ideas.map((i) => i.text)).toEqual(['Plus haut', 'Plus bas'])
    expect(ideasOfZone(z1!).map((i) => i.id)).toEqual(['shape:in-cluster', 'shape:first', 'shape:second'])
    expect(z2!.ideas.map((i) => i.text)).toEqual(['Solaire'])
    expect(outside!.ideas.map((i) => i.text)).toEqual(['Perdue'])
    expect(list.ideas.get('shape:in-cluster')).toMatchObject({ zoneId: 'shape:z1', clusterId: 'shape:c1' })
  })

  it('knows my ideas by author, by the server’s list of my cards, and my private ideas', () => {
    const anonymous = records.map((r) =>
      r.id === 'shape:p2' ? idea('shape:p2', 1200, 200, 'Solaire anonyme', '') : r,
    )
    const list = buildBoardList({
      records: anonymous,
      actorId: 'guest:me',
      ownIds: new Set(['shape:p2']),
      privateIdeas: [idea('shape:secret', 1300, 300, 'Encore secrète', '')],
      privateAreMine: true,
      lockedShapeIds: ['shape:first'],
    })
    const mine = [...list.ideas.values()].filter((i) => i.mine).map((i) => i.id)
    expect(mine.sort()).toEqual(['shape:in-cluster', 'shape:p2', 'shape:secret'])
    expect(list.ideas.get('shape:secret')).toMatchObject({ private: true, zoneId: 'shape:z2' })
    expect(list.ideas.get('shape:first')?.locked).toBe(true)
    // A facilitator receives everyone's private ideas: they are not all theirs.
    const facilitator = buildBoardList({
      records,
      actorId: 'user:f',
      privateIdeas: [idea('shape:secret', 1300, 300, 'Encore secrète', 'guest:x')],
    })
    expect(facilitator.ideas.get('shape:secret')?.mine).toBe(false)
  })

  it('lists private ideas known only as text in their zone, and a revealed one only once', () => {
    const list = buildBoardList({
      records,
      actorId: 'guest:me',
      privateAreMine: true,
      privateListed: [
        { id: 'shape:p-text', text: 'Sans place', authorName: '', zoneId: 'shape:z2' },
        { id: 'shape:p2', text: 'Solaire', authorName: '', zoneId: 'shape:z2' },
      ],
    })
    const z2 = list.zones.find((z) => z.id === 'shape:z2')!
    expect(z2.ideas.map((i) => [i.id, i.private])).toEqual([
      ['shape:p2', false],
      ['shape:p-text', true],
    ])
  })

  it('leaves out the area outside zones when nothing is there', () => {
    const list = buildBoardList({ records: records.filter((r) => r.id !== 'shape:loose'), actorId: '' })
    expect(list.zones.map((z) => z.id)).toEqual(['shape:z1', 'shape:z2'])
  })
})

describe('zone names', () => {
  it('show the title, the code in front when the title lost it, the codes alone without title', () => {
    const base = { id: 'shape:z', priorityCode: 'P1', actionCode: '' }
    expect(zoneName({ ...base, title: 'P1 — Mobilités' })).toBe('P1 — Mobilités')
    expect(zoneName({ ...base, title: 'Mobilités' })).toBe('P1 — Mobilités')
    expect(zoneName({ ...base, actionCode: '1.2', title: 'Covoiturage' })).toBe('1.2 — Covoiturage')
    expect(zoneName({ ...base, title: '  ' })).toBe('P1')
    expect(zoneName({ ...base, id: null, title: '' }, 'Hors des zones')).toBe('Hors des zones')
  })
})

describe('move destinations', () => {
  const list = buildBoardList({ records, actorId: 'guest:me' })
  const groups = moveDestinations(list, 'Hors des zones')

  it('offer each zone and its clusters; outside the zones, nothing to name a zone by', () => {
    expect(groups.map((g) => [g.zoneName, g.options.map((o) => o.value)])).toEqual([
      ['P1 — Zone shape:z1', ['zone:shape:z1', 'cluster:shape:c1']],
      ['P2 — Zone shape:z2', ['zone:shape:z2']],
    ])
  })

  it('move into a cluster by id, into a zone by codes, out of a cluster with clusterId null', () => {
    const inCluster = list.ideas.get('shape:in-cluster')!
    const loose = list.ideas.get('shape:first')!
    const [toZone1, toCluster] = groups[0]!.options
    const toZone2 = groups[1]!.options[0]!
    expect(currentPlace(inCluster)).toBe('cluster:shape:c1')
    expect(currentPlace(loose)).toBe('zone:shape:z1')
    expect(moveChange(loose, toCluster!)).toEqual({ clusterId: 'shape:c1' })
    expect(moveChange(loose, toZone2)).toEqual({ priorityCode: 'P2' })
    expect(moveChange(inCluster, toZone1!)).toEqual({ priorityCode: 'P1', clusterId: null })
  })
})
