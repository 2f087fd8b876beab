import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { defaultLiveState } from '../workshop/live-state.ts'
import {
  BOARD_PAGE_ID,
  boardZonesFor,
  createBoardDocument,
  upgradeBoardDocument,
  zoneShapeId,
} from './create-board.ts'
import {
  BOARD_FORMAT_VERSION,
  META_FORMAT,
  META_SCHEMA,
  meta,
  readLiveState,
  readSchema,
  records,
  recordsArray,
  VOTES,
} from './document.ts'
import { computeMembership } from './membership.ts'
import { findZone, overlaps, placeIdea, ZoneNotFoundError } from './place-idea.ts'
import { boardRecords } from './record-index.ts'
import { boardSchema, checkBoardRecord } from './schema.ts'
import type { IdeaShape, ZoneShape } from './shapes.ts'

const zones = [
  { priorityCode: 'P1', actionCode: '', title: 'Mobilités' },
  { priorityCode: 'P1', actionCode: '1.1', title: 'Covoiturage' },
  { priorityCode: 'P2', actionCode: '', title: 'Énergie' },
  { priorityCode: 'P3', actionCode: '', title: 'Alimentation' },
  { priorityCode: 'P4', actionCode: '', title: 'Culture' },
]

function shapesOf(doc: Y.Doc) {
  return [...boardRecords(doc).values()].filter((r) => r.typeName === 'shape') as any[]
}

function copy(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  return other
}

describe('createBoardDocument', () => {
  it('builds the document and page records and one valid zone per entry, titled and coloured per priority', () => {
    const doc = createBoardDocument({ zones })
    const all = [...boardRecords(doc).values()]
    expect(all.find((r) => r.typeName === 'document')).toBeTruthy()
    expect(boardRecords(doc).get(BOARD_PAGE_ID)).toMatchObject({ typeName: 'page' })
    for (const record of all) expect(checkBoardRecord(record.id, record)).toMatchObject({ ok: true })
    const zoneRecords = shapesOf(doc) as ZoneShape[]
    expect(zoneRecords).toHaveLength(5)
    const p1 = boardRecords(doc).get(zoneShapeId('P1', '')) as ZoneShape
    const p11 = boardRecords(doc).get(zoneShapeId('P1', '1.1')) as ZoneShape
    const p2 = boardRecords(doc).get(zoneShapeId('P2', '')) as ZoneShape
    expect(p1.props.title).toBe('P1 — Mobilités')
    expect(p11.props.title).toBe('1.1 — Covoiturage')
    expect(p11.props.actionCode).toBe('1.1')
    expect(p1.props.color).toBe(p11.props.color)
    expect(p2.props.color).not.toBe(p1.props.color)
    // Laid out in a grid without overlaps.
    for (const a of zoneRecords)
      for (const b of zoneRecords)
        if (a !== b)
          expect(overlaps({ x: a.x, y: a.y, ...a.props }, { x: b.x, y: b.y, ...b.props })).toBe(false)
    expect(new Set(zoneRecords.map((z) => z.y)).size).toBe(2)
  })

  it('sets meta.schema, meta.workshop and meta.format (v2, no votes root), and a client YKeyValue reads the same records', () => {
    const live = { ...defaultLiveState, phase: 'voting' as const }
    const doc = createBoardDocument({ zones, liveState: live })
    expect(readSchema(doc)).toEqual(boardSchema.serialize())
    expect(readLiveState(doc)).toEqual(live)
    expect(meta(doc).get(META_FORMAT)).toBe(BOARD_FORMAT_VERSION)
    expect(copy(doc).share.has(VOTES)).toBe(false)
    const client = copy(doc)
    const kv = records(client)
    expect(kv.map.size).toBe(boardRecords(doc).size)
    expect(kv.get(zoneShapeId('P2', ''))).toEqual(boardRecords(doc).get(zoneShapeId('P2', '')))
  })

  it('builds zone titles from the contract', () => {
    const built = boardZonesFor(
      [
        { priorityCode: 'P1', actionCode: '' },
        { priorityCode: 'P1', actionCode: '1.2' },
      ],
      [{ code: 'P1', title: 'Mobilités', actions: [{ code: '1.2', title: 'Vélo' }] }],
    )
    expect(built).toEqual([
      { priorityCode: 'P1', actionCode: '', title: 'Mobilités' },
      { priorityCode: 'P1', actionCode: '1.2', title: 'Vélo' },
    ])
  })

  it('converges when two servers build the same board at once: one set of zones', () => {
    const a = createBoardDocument({ zones })
    const b = createBoardDocument({ zones })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    const client = copy(a)
    expect(records(client).map.size).toBe(2 + zones.length)
    expect(boardRecords(a).size).toBe(2 + zones.length)
  })
})

describe('BoardRecords (the server index) agrees with YKeyValue', () => {
  it('follows sets, deletes, remote updates and concurrent writes to the same key', () => {
    const server = createBoardDocument({ zones })
    const c1 = copy(server)
    const c2 = copy(server)
    const kv1 = records(c1)
    const kv2 = records(c2)
    const zoneId = zoneShapeId('P1', '')
    const z = kv1.get(zoneId) as ZoneShape
    // Concurrent edits of the same record by two clients.
    kv1.set(zoneId, { ...z, x: 111 } as TLRecord)
    kv2.set(zoneId, { ...z, x: 222 } as TLRecord)
    kv2.delete(zoneShapeId('P2', ''))
    for (const c of [c1, c2]) Y.applyUpdate(server, Y.encodeStateAsUpdate(c))
    Y.applyUpdate(c1, Y.encodeStateAsUpdate(server))
    Y.applyUpdate(c2, Y.encodeStateAsUpdate(server))
    const index = boardRecords(server)
    expect(index.get(zoneId)).toEqual(kv1.get(zoneId))
    expect(kv1.get(zoneId)).toEqual(kv2.get(zoneId))
    expect(index.has(zoneShapeId('P2', ''))).toBe(false)
    expect(index.size).toBe(kv1.map.size)
    // Server-side writes through the index reach a client's YKeyValue.
    index.set({ ...z, x: 5 } as TLRecord)
    index.delete(zoneShapeId('P3', ''))
    Y.applyUpdate(c1, Y.encodeStateAsUpdate(server))
    expect(kv1.get(zoneId)).toMatchObject({ x: 5 })
    expect(kv1.has(zoneShapeId('P3', ''))).toBe(false)
    // And a fresh index built from the array agrees with the live one.
    const rebuilt = copy(server)
    expect([...boardRecords(rebuilt).values()].sort(byId)).toEqual([...index.values()].sort(byId))
    // The loser of the concurrent edit is removed by the clients' YKeyValue cleanup, sent back.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(c1))
    Y.applyUpdate(server, Y.encodeStateAsUpdate(c2))
    expect(recordsArray(server).length).toBe(kv1.map.size)
    expect(index.size).toBe(kv1.map.size)
  })
})

function byId(a: TLRecord, b: TLRecord) {
  return a.id < b.id ? -1 : 1
}

describe('placeIdea', () => {
  const author = { authorId: 'guest-1', authorName: 'Anne' }

  it('places cards inside the zone, without overlap, and returns valid records', () => {
    const doc = createBoardDocument({ zones })
    const placed: IdeaShape[] = []
    for (let i = 0; i < 30; i++)
      placed.push(placeIdea(doc, { text: `Idée ${i}`, priorityCode: 'P2', ...author }))
    const membership = computeMembership(boardRecords(doc).values())
    for (const card of placed) {
      expect(checkBoardRecord(card.id, card)).toMatchObject({ ok: true })
      expect(boardRecords(doc).get(card.id)).toEqual(card)
      expect(membership.zoneOfIdea.get(card.id)).toBe(zoneShapeId('P2', ''))
    }
    expectNoOverlaps(doc)
  })

  it('uses the action zone when an action code is given, and refuses an unknown zone', () => {
    const doc = createBoardDocument({ zones })
    const card = placeIdea(doc, {
      text: 'Covoiturage rural',
      priorityCode: 'P1',
      actionCode: '1.1',
      ...author,
    })
    expect(computeMembership(boardRecords(doc).values()).zoneOfIdea.get(card.id)).toBe(
      zoneShapeId('P1', '1.1'),
    )
    expect(findZone(doc, 'P1')?.id).toBe(zoneShapeId('P1', ''))
    expect(() => placeIdea(doc, { text: 'x', priorityCode: 'P9', ...author })).toThrow(ZoneNotFoundError)
    expect(() => placeIdea(doc, { text: 'x', priorityCode: 'P2', actionCode: '9.9', ...author })).toThrow(
      ZoneNotFoundError,
    )
  })

  it('avoids shapes already in the zone', () => {
    const doc = createBoardDocument({ zones })
    const zone = findZone(doc, 'P3')!
    // A cluster covering the top-left of the zone's usable area.
    boardRecords(doc).set({
      ...(zone as any),
      id: 'shape:cluster-a',
      type: 'cluster',
      isLocked: false,
      index: 'b00',
      x: zone.x + 30,
      y: zone.y + 100,
      props: { w: 700, h: 400, title: 'Groupe' },
    })
    const card = placeIdea(doc, { text: 'Jardins partagés', priorityCode: 'P3', ...author })
    expect(
      overlaps(
        { x: card.x, y: card.y, w: card.props.w, h: card.props.h },
        { x: zone.x + 30, y: zone.y + 100, w: 700, h: 400 },
      ),
    ).toBe(false)
    expectNoOverlaps(doc)
  })

  it('grows a full zone, moving what lies below it, and still overlaps nothing', () => {
    const doc = createBoardDocument({ zones })
    const zoneBefore = findZone(doc, 'P1')!
    const below = shapesOf(doc).find((s) => s.type === 'zone' && s.x === zoneBefore.x && s.y > zoneBefore.y)
    for (let i = 0; i < 60; i++) placeIdea(doc, { text: `Idée ${i}`, priorityCode: 'P1', ...author })
    const zoneAfter = findZone(doc, 'P1')!
    expect(zoneAfter.props.h).toBeGreaterThan(zoneBefore.props.h)
    if (below) expect((boardRecords(doc).get(below.id) as ZoneShape).y).toBeGreaterThan(below.y)
    const membership = computeMembership(boardRecords(doc).values())
    const ideas = shapesOf(doc).filter((s) => s.type === 'idea')
    expect(ideas).toHaveLength(60)
    for (const idea of ideas) expect(membership.zoneOfIdea.get(idea.id)).toBe(zoneAfter.id)
    expectNoOverlaps(doc)
  })

  it('puts ideas without a zone in the loose area outside every zone, growing it when full', () => {
    const doc = createBoardDocument({ zones })
    for (let i = 0; i < 40; i++) placeIdea(doc, { text: `Libre ${i}`, ...author })
    const membership = computeMembership(boardRecords(doc).values())
    for (const idea of shapesOf(doc).filter((s) => s.type === 'idea'))
      expect(membership.zoneOfIdea.get(idea.id)).toBeNull()
    expectNoOverlaps(doc)
  })

  it('writes in one transaction, visible to a synced client', () => {
    const doc = createBoardDocument({ zones })
    const client = copy(doc)
    let updates = 0
    doc.on('update', (update: Uint8Array) => {
      updates++
      Y.applyUpdate(client, update)
    })
    const card = placeIdea(doc, { text: 'Vu partout', priorityCode: 'P4', ...author })
    expect(updates).toBe(1)
    expect(records(client).get(card.id)).toEqual(card)
    expect(meta(client).get(META_SCHEMA)).toBeTruthy()
  })
})

describe('upgradeBoardDocument', () => {
  it('migrates records written with an older schema and records the new schema', () => {
    const doc = createBoardDocument({ zones: [] })
    const index = boardRecords(doc)
    const current = boardSchema.serialize() as any
    const old = { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.idea': 0 } }
    const oldIdea: any = {
      id: 'shape:old',
      typeName: 'shape',
      type: 'idea',
      x: 0,
      y: 0,
      rotation: 0,
      index: 'a5',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      meta: {},
      props: { w: 200, h: 140, text: 'Ancienne', color: 'yellow' },
    }
    doc.transact(() => {
      index.set(oldIdea)
      meta(doc).set(META_SCHEMA, old)
    })
    expect(upgradeBoardDocument(doc)).toBe(1)
    expect((index.get('shape:old') as IdeaShape).props.authorName).toBe('')
    expect(readSchema(doc)).toEqual(current)
    expect(upgradeBoardDocument(doc)).toBe(0)
    const newer = { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.idea': 7 } }
    meta(doc).set(META_SCHEMA, newer)
    expect(() => upgradeBoardDocument(doc)).toThrow(/newer/)
  })
})

function expectNoOverlaps(doc: Y.Doc) {
  const shapes = shapesOf(doc).filter((s) => s.type !== 'zone')
  for (let i = 0; i < shapes.length; i++)
    for (let j = i + 1; j < shapes.length; j++) {
      const a = shapes[i]
      const b = shapes[j]
      expect(
        overlaps(
          { x: a.x, y: a.y, w: a.props.w, h: a.props.h },
          { x: b.x, y: b.y, w: b.props.w, h: b.props.h },
        ),
        `${a.id} overlaps ${b.id}`,
      ).toBe(false)
    }
}
