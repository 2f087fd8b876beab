import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { zoneShapeId } from '../../shared/board/create-board.ts'
import { META_WORKSHOP, meta, readLiveState, records } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { checkBoardRecord } from '../../shared/board/schema.ts'
import type { IdeaShape, ZoneShape } from '../../shared/board/shapes.ts'
import { defaultLiveState } from '../../shared/workshop/live-state.ts'
import { ideaRecord } from './testing/board-edits.ts'
import { roomWith } from './testing/validation-rooms.ts'
import { applyClientUpdate, type UpdateSender } from './validation.ts'
import { type Client, createRoom } from './validation-room.ts'

const facilitator: UpdateSender = { actorId: 'user-f', role: 'facilitator', displayName: 'Animatrice' }
const anne: UpdateSender = { actorId: 'guest-anne', role: 'participant', displayName: 'Anne' }
const bob: UpdateSender = { actorId: 'guest-bob', role: 'participant', displayName: 'Bob' }
const observer: UpdateSender = { actorId: 'guest-obs', role: 'observer', displayName: 'Obs' }
/** The display name of each sender, as the server writes it into their ideas. */
const names: Record<string, string> = { 'user-f': 'Animatrice', 'guest-anne': 'Anne', 'guest-bob': 'Bob' }

function newIdea(
  id: string,
  authorId: string,
  fields: Partial<IdeaShape> = {},
  props: Record<string, unknown> = {},
) {
  const idea = ideaRecord(id, { id: authorId, name: names[authorId] ?? 'Quelqu’un' }, 'Une idée') as IdeaShape
  return { ...idea, ...fields, props: { ...idea.props, ...props } } as unknown as TLRecord
}

/** Every client's records and meta equal the server's. */
function expectConverged(room: ReturnType<typeof createRoom>) {
  const serverRecords = Object.fromEntries([...boardRecords(room.server).values()].map((r) => [r.id, r]))
  for (const client of room.clients) {
    const clientRecords = Object.fromEntries([...records(client.doc).map.values()].map((e) => [e.key, e.val]))
    expect(JSON.stringify(sortKeys(clientRecords))).toBe(JSON.stringify(sortKeys(serverRecords)))
    expect(meta(client.doc).toJSON()).toEqual(meta(room.server).toJSON())
  }
}

function sortKeys(o: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** The same client's next, valid edit reaches the server and another client. */
function expectLaterEditLands(room: ReturnType<typeof createRoom>, client: Client, other: Client) {
  const id = `shape:valid-${Math.random().toString(36).slice(2)}`
  records(client.doc).set(id, newIdea(id, client.sender.actorId))
  room.flush()
  expect(boardRecords(room.server).get(id)).toBeTruthy()
  expect(records(other.doc).get(id)).toBeTruthy()
  expect(room.server.store.pendingStructs).toBeNull()
  expect(room.server.store.pendingDs).toBeNull()
}

/** Every client converged with the server, and `client`'s next edit still reaches `other`. */
function expectRepaired(room: ReturnType<typeof createRoom>, client: Client, other: Client) {
  expectConverged(room)
  expectLaterEditLands(room, client, other)
}

/** A room with two participants on it, Anne (a) and Bob (b). */
function anneAndBob() {
  const room = createRoom()
  return { room, a: room.join(anne), b: room.join(bob) }
}

/** Anne and Bob on a room where Anne has written the idea 'shape:i1'. */
function anneWroteAnIdea() {
  const joined = anneAndBob()
  records(joined.a.doc).set('shape:i1', newIdea('shape:i1', anne.actorId))
  joined.room.flush()
  return joined
}

describe('applyClientUpdate: refused parts are repaired, later edits land', () => {
  it('accepts valid edits from participants and facilitators', () => {
    const [room, a, f] = roomWith([anne, facilitator])
    records(a.doc).set('shape:i1', newIdea('shape:i1', anne.actorId))
    const zone = records(f.doc).get(zoneShapeId('P1', '')) as ZoneShape
    records(f.doc).set(zone.id, {
      ...zone,
      props: { ...zone.props, title: 'P1 — Nouveau titre' },
    } as TLRecord)
    room.flush()
    expect(a.refusals).toEqual([])
    expect(f.refusals).toEqual([])
    expect((boardRecords(room.server).get(zone.id) as ZoneShape).props.title).toBe('P1 — Nouveau titre')
    expect(boardRecords(room.server).get('shape:i1')).toBeTruthy()
    expectConverged(room)
  })

  const badRecords: [string, (sender: UpdateSender) => [string, unknown]][] = [
    ['an unknown record type', () => ['rocket:1', { id: 'rocket:1', typeName: 'rocket', meta: {} }]],
    ['an unknown shape type', (s) => ['shape:r', newIdea('shape:r', s.actorId, { type: 'rocket' } as any)]],
    ['x: NaN', (s) => ['shape:n', newIdea('shape:n', s.actorId, { x: Number.NaN })]],
    ['an id that does not match its key', (s) => ['shape:key', newIdea('shape:other', s.actorId)]],
    [
      'props of the wrong type',
      (s) => ['shape:p', newIdea('shape:p', s.actorId, {}, { text: 12, w: 'wide' })],
    ],
    ['an extra prop', (s) => ['shape:e', newIdea('shape:e', s.actorId, {}, { evil: 1 })]],
    ['a value that is not a record', () => ['shape:s', 'just a string']],
    [
      'a session record (camera)',
      () => ['camera:c', { id: 'camera:c', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }],
    ],
  ]

  it.each(badRecords)('refuses %s; no other client sees it', (_name, make) => {
    const { room, a, b } = anneAndBob()
    const [key, value] = make(anne)
    records(a.doc).set(key, value as TLRecord)
    room.flush()
    expect(a.refusals.length).toBeGreaterThan(0)
    expect(a.refusals[0].recordId).toBe(key)
    expect(boardRecords(room.server).has(key)).toBe(false)
    expect(records(b.doc).has(key)).toBe(false)
    // The sender's document converged back.
    expect(records(a.doc).has(key)).toBe(false)
    expectRepaired(room, a, b)
    expectConverged(room)
  })

  it('refuses an edit that overwrites a valid record with a bad one, restoring the previous value', () => {
    const { room, a, b } = anneWroteAnIdea()
    const good = boardRecords(room.server).get('shape:i1')
    records(a.doc).set('shape:i1', newIdea('shape:i1', anne.actorId, { x: Number.NaN }))
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual(['invalid_record'])
    expect(boardRecords(room.server).get('shape:i1')).toEqual(good)
    expect(records(a.doc).get('shape:i1')).toEqual(good)
    expect(records(b.doc).get('shape:i1')).toEqual(good)
    expectRepaired(room, a, b)
  })

  it('keeps a valid edit made on the same record before the repair arrived', () => {
    const { room, a, b } = anneWroteAnIdea()
    // Bad, then good, both sent before the server's repair reaches the sender.
    records(a.doc).set('shape:i1', newIdea('shape:i1', anne.actorId, { x: Number.NaN }))
    const first = a.outbox.splice(0)
    records(a.doc).set('shape:i1', newIdea('shape:i1', anne.actorId, { x: 555 }))
    a.outbox.unshift(...first)
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual(['invalid_record'])
    expect(boardRecords(room.server).get('shape:i1')).toMatchObject({ x: 555 })
    expect(records(b.doc).get('shape:i1')).toMatchObject({ x: 555 })
    expectConverged(room)
  })

  it('refuses an idea whose text holds a NUL, as the HTTP routes do, and restores the previous text', () => {
    const { room, a, b } = anneWroteAnIdea()
    records(a.doc).set('shape:i1', newIdea('shape:i1', anne.actorId, {}, { text: 'avant\u0000après' }))
    records(a.doc).set('shape:i2', newIdea('shape:i2', anne.actorId, {}, { text: '\u0000' }))
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual(['invalid_record', 'invalid_record'])
    expect(boardRecords(room.server).get('shape:i1')).toMatchObject({ props: { text: 'Une idée' } })
    expect(boardRecords(room.server).has('shape:i2')).toBe(false)
    expect(records(b.doc).has('shape:i2')).toBe(false)
    expectRepaired(room, a, b)
  })

  it('refuses a 5 MB text without ever broadcasting it', () => {
    const { room, a, b } = anneAndBob()
    const huge = 'x'.repeat(5 * 1024 * 1024)
    records(a.doc).set('shape:huge', newIdea('shape:huge', anne.actorId, {}, { text: huge }))
    expect(a.outbox[0].byteLength).toBeGreaterThan(5 * 1024 * 1024)
    const before = room.broadcasts.length
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual(['invalid_record'])
    const sent = room.broadcasts.slice(before)
    expect(sent).toHaveLength(1)
    // The net result: the sender's (garbage-collected) struct and nothing else.
    expect(sent[0].byteLength).toBeLessThan(200)
    expect(Y.encodeStateAsUpdate(room.server).byteLength).toBeLessThan(20_000)
    expect(records(b.doc).has('shape:huge')).toBe(false)
    expectRepaired(room, a, b)
  })

  it('refuses writes to meta.workshop and meta.schema by anyone, facilitators included', () => {
    const [room, a, f] = roomWith([anne, facilitator])
    meta(a.doc).set(META_WORKSHOP, { ...defaultLiveState, phase: 'closed' })
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual(['server_only'])
    expect(readLiveState(room.server).phase).toBe('ideation')
    expect(readLiveState(a.doc).phase).toBe('ideation')
    meta(f.doc).set('schema', { schemaVersion: 2, sequences: {} })
    meta(f.doc).delete(META_WORKSHOP)
    meta(f.doc).set('extra', 1)
    room.flush()
    expect(f.refusals.map((r) => r.code)).toEqual(['server_only', 'server_only', 'server_only'])
    expectConverged(room)
    expect(readLiveState(f.doc).phase).toBe('ideation')
    expect(meta(room.server).has('extra')).toBe(false)
    expectLaterEditLands(room, a, f)
    expectLaterEditLands(room, f, a)
  })

  it('refuses a participant deleting, changing or creating a zone; a facilitator may', () => {
    const [room, a, f] = roomWith([anne, facilitator])
    const zoneId = zoneShapeId('P1', '')
    const zone = records(a.doc).get(zoneId) as ZoneShape
    records(a.doc).delete(zoneId)
    room.flush()
    expect(a.refusals.map((r) => [r.code, r.recordId])).toEqual([['facilitators_only', zoneId]])
    expect(boardRecords(room.server).get(zoneId)).toEqual(zone)
    expect(records(a.doc).get(zoneId)).toEqual(zone)
    records(a.doc).set(zoneId, { ...zone, x: 9999 } as TLRecord)
    records(a.doc).set('shape:myzone', { ...zone, id: 'shape:myzone' } as TLRecord)
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual([
      'facilitators_only',
      'facilitators_only',
      'facilitators_only',
    ])
    expectConverged(room)
    expectLaterEditLands(room, a, f)
    records(f.doc).delete(zoneId)
    room.flush()
    expect(f.refusals).toEqual([])
    expect(boardRecords(room.server).has(zoneId)).toBe(false)
    expectConverged(room)
  })

  it('refuses changes to locked shapes, the page and the document record', () => {
    const [room, a, f] = roomWith([anne, facilitator])
    records(f.doc).set('shape:i1', newIdea('shape:i1', facilitator.actorId))
    room.flush()
    room.server.transact(() =>
      meta(room.server).set(META_WORKSHOP, { ...readLiveState(room.server), lockedShapeIds: ['shape:i1'] }),
    )
    room.flush()
    records(a.doc).set('shape:i1', { ...records(a.doc).get('shape:i1')!, x: 42 } as TLRecord)
    room.flush()
    records(a.doc).delete('page:page')
    room.flush()
    records(f.doc).delete('document:document')
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual(['locked_shape', 'facilitators_only'])
    expect(f.refusals.map((r) => r.code)).toEqual(['broken_reference'])
    expect(boardRecords(room.server).get('shape:i1')).toMatchObject({ x: 100 })
    expect(boardRecords(room.server).has('page:page')).toBe(true)
    expect(boardRecords(room.server).has('document:document')).toBe(true)
    expectConverged(room)
    expectLaterEditLands(room, a, f)
  })

  it('refuses parent cycles and missing parents, which would hang or break tldraw clients', () => {
    const { room, a, b } = anneAndBob()
    a.doc.transact(() => {
      records(a.doc).set('shape:c1', newIdea('shape:c1', anne.actorId, { parentId: 'shape:c2' as any }))
      records(a.doc).set('shape:c2', newIdea('shape:c2', anne.actorId, { parentId: 'shape:c1' as any }))
    })
    records(a.doc).set(
      'shape:orphan',
      newIdea('shape:orphan', anne.actorId, { parentId: 'shape:none' as any }),
    )
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual([
      'broken_reference',
      'broken_reference',
      'broken_reference',
    ])
    expect(boardRecords(room.server).has('shape:c1')).toBe(false)
    expectRepaired(room, a, b)
  })

  it('makes observers, and participants on a locked or closed board, read-only', () => {
    const [room, o, a, f] = roomWith([observer, anne, facilitator])
    records(o.doc).set('shape:o', newIdea('shape:o', observer.actorId))
    records(o.doc).delete(zoneShapeId('P2', ''))
    room.flush()
    expect(o.refusals.map((r) => r.code)).toEqual(['read_only', 'read_only'])
    expect(boardRecords(room.server).has('shape:o')).toBe(false)
    expect(boardRecords(room.server).has(zoneShapeId('P2', ''))).toBe(true)
    room.server.transact(() =>
      meta(room.server).set(META_WORKSHOP, { ...readLiveState(room.server), locked: true }),
    )
    room.flush()
    records(a.doc).set('shape:a', newIdea('shape:a', anne.actorId))
    room.flush()
    expect(a.refusals.map((r) => r.code)).toEqual(['read_only'])
    records(f.doc).set('shape:f', newIdea('shape:f', facilitator.actorId))
    room.flush()
    expect(f.refusals).toEqual([])
    expect(boardRecords(room.server).has('shape:f')).toBe(true)
    expectConverged(room)
    room.server.transact(() =>
      meta(room.server).set(META_WORKSHOP, { ...readLiveState(room.server), locked: false }),
    )
    room.flush()
    expectLaterEditLands(room, a, f)
  })

  it('removes content outside the format: other roots, nested types in records, malformed entries', () => {
    const { room, a, b } = anneAndBob()
    a.doc.getMap('evil').set('x', 'y'.repeat(10_000))
    a.doc.getArray('records').push([new Y.Map()])
    a.doc.getArray('records').push(['not an entry', { key: 'shape:k' }])
    room.flush()
    expect(a.refusals.filter((r) => r.code === 'invalid_entry').length).toBeGreaterThanOrEqual(3)
    // An entry with a key but no value is a bad record, not a deletion.
    expect(a.refusals.find((r) => r.recordId === 'shape:k')?.code).toBe('invalid_record')
    expect(room.server.getMap('evil').size).toBe(0)
    expect(Y.encodeStateAsUpdate(room.server).byteLength).toBeLessThan(20_000)
    expect(
      room.server
        .getArray('records')
        .toArray()
        .every((e: any) => e && typeof e.key === 'string' && e.val),
    ).toBe(true)
    expectLaterEditLands(room, a, b)
  })

  it('survives malformed and truncated updates, and drops updates with missing dependencies', () => {
    const { room, a, b } = anneAndBob()
    const results = [
      applyClientUpdate(room.server, new Uint8Array([1, 2, 3, 250, 255]), anne),
      applyClientUpdate(room.server, new Uint8Array([]), anne),
    ]
    // An update of a client the server has never seen the start of.
    const stranger = new Y.Doc()
    records(stranger).set('shape:s1', newIdea('shape:s1', anne.actorId))
    const sv = Y.encodeStateVector(stranger)
    records(stranger).set('shape:s2', newIdea('shape:s2', anne.actorId))
    const tail = Y.encodeStateAsUpdate(stranger, sv)
    results.push(applyClientUpdate(room.server, tail, anne))
    expect(results[0].refusals.map((r) => r.code)).toEqual(['malformed_update'])
    expect(results[2].refusals.map((r) => r.code)).toContain('missing_dependencies')
    expect(room.server.store.pendingStructs).toBeNull()
    expect(boardRecords(room.server).has('shape:s2')).toBe(false)
    expectLaterEditLands(room, a, b)
    expectConverged(room)
  })

  it('takes the garbage-collected structs of a client that worked offline without a refusal', () => {
    const { room, a, b } = anneAndBob()
    // Offline: entries created then deleted (Yjs keeps them as deleted, content-less structs).
    const kv = records(a.doc)
    for (let i = 0; i < 5; i++)
      kv.set(`shape:tmp${i}`, newIdea(`shape:tmp${i}`, anne.actorId, { x: i * 300 }))
    for (let i = 0; i < 5; i++) kv.delete(`shape:tmp${i}`)
    kv.set('shape:kept', newIdea('shape:kept', anne.actorId))
    a.outbox.length = 0
    const update = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(room.server))
    const result = applyClientUpdate(room.server, update, anne)
    expect(result.refusals).toEqual([])
    room.flush()
    expect(records(b.doc).has('shape:kept')).toBe(true)
    expect(records(b.doc).has('shape:tmp0')).toBe(false)
    expectConverged(room)
  })

  it('lists at most maxRefusals refusals', () => {
    const room = createRoom()
    const a = room.join(anne)
    a.doc.transact(() => {
      for (let i = 0; i < 100; i++)
        records(a.doc).set(`shape:bad${i}`, newIdea(`shape:bad${i}`, anne.actorId, { x: Number.NaN }))
    })
    const [update] = a.outbox.splice(0)
    const result = applyClientUpdate(room.server, update, anne, { maxRefusals: 10 })
    expect(result.refusals).toHaveLength(10)
    expect(result.truncated).toBe(true)
    expect(boardRecords(room.server).size).toBe(4)
  })
})

describe('applyClientUpdate under random interleavings', () => {
  const seeds = [1, 2, 3, 4, 5].flatMap((seed) => [
    { seed, anonymous: false },
    { seed, anonymous: true },
  ])
  it.each(seeds)(
    'converges to a valid board whatever the order of delivery (seed $seed, anonymous $anonymous)',
    ({ seed, anonymous }) => {
      let state = seed * 7919
      const random = () => {
        state = (state * 1103515245 + 12345) % 2147483648
        return state / 2147483648
      }
      const pick = (n: number) => Math.floor(random() * n)
      const room = createRoom({ anonymous })
      const people = [room.join(facilitator), room.join(anne), room.join(bob)]
      for (let op = 0; op < 400; op++) {
        const client = people[pick(people.length)]
        const kv = records(client.doc)
        const ideas = [...kv.map.values()]
          .filter((e) => (e.val as any).type === 'idea')
          .map((e) => e.val as any)
        const choice = pick(11)
        if (choice === 0 || ideas.length === 0) {
          const id = `shape:f${op}`
          kv.set(id, newIdea(id, client.sender.actorId, { x: pick(3000) }))
        } else if (choice === 1) {
          const idea = ideas[pick(ideas.length)]
          kv.set(idea.id, { ...idea, x: pick(3000), y: pick(3000) })
        } else if (choice === 2) {
          const idea = ideas[pick(ideas.length)]
          kv.set(idea.id, { ...idea, x: Number.NaN })
        } else if (choice === 3) {
          const idea = ideas[pick(ideas.length)]
          kv.delete(idea.id)
        } else if (choice === 4) {
          // Participants only: the facilitator may delete zones.
          if (client.sender.role === 'participant') kv.delete(zoneShapeId(pick(2) ? 'P1' : 'P2', ''))
        } else if (choice === 5) {
          const idea = ideas[pick(ideas.length)]
          kv.set(idea.id, { ...idea, props: { ...idea.props, text: 12 } })
        } else if (choice === 6) {
          meta(client.doc).set(META_WORKSHOP, { ...defaultLiveState, phase: 'closed' })
        } else if (choice === 7) {
          // v1's ballot root: nobody writes it any more.
          client.doc.getMap('votes').set(client.sender.actorId, pick(4))
        } else if (choice === 8) {
          // Someone else's text, or one's own; and author fields that are not the server's.
          const idea = ideas[pick(ideas.length)]
          kv.set(idea.id, {
            ...idea,
            props: {
              ...idea.props,
              text: `texte ${op}`,
              authorName: pick(2) ? 'Usurpée' : idea.props.authorName,
            },
          })
        } else {
          // Let the network move.
          for (let i = 0; i < 5; i++) room.step(pick)
        }
        if (pick(3) === 0) room.step(pick)
      }
      room.flush()
      room.flush()
      expectConverged(room)
      // Every record on the server is valid, zones are all there, one live entry per key.
      const index = boardRecords(room.server)
      for (const record of index.values())
        expect(checkBoardRecord(record.id, record)).toMatchObject({ ok: true })
      expect(index.has(zoneShapeId('P1', ''))).toBe(true)
      expect(index.has(zoneShapeId('P2', ''))).toBe(true)
      expect(readLiveState(room.server).phase).toBe('ideation')
      const keys = room.server
        .getArray<{ key: string }>('records')
        .toArray()
        .map((e) => e.key)
      expect(new Set(keys).size).toBe(keys.length)
      expect(keys.length).toBe(index.size)
      // Author fields are the server's: the recorded author's, or empty when anonymous.
      for (const record of index.values()) {
        if (record.typeName !== 'shape' || record.type !== 'idea') continue
        const author = room.context.authorOf(record.id)
        expect(author).toBeDefined()
        expect((record as IdeaShape).props).toMatchObject(
          anonymous
            ? { authorId: '', authorName: '' }
            : { authorId: author!.actorId, authorName: names[author!.actorId] },
        )
      }
      // Anonymous: no live entry of an idea was written by a participant's connection.
      if (anonymous) {
        const participantClients = new Set(
          people.filter((p) => p.sender.role === 'participant').map((p) => p.doc.clientID),
        )
        for (const key of index.values()) {
          if (key.typeName !== 'shape' || key.type !== 'idea') continue
          expect(participantClients.has(index.currentEntryId(key.id)!.client)).toBe(false)
        }
      }
      expect(room.server.getMap('votes').size).toBe(0)
      expect(people.some((p) => p.refusals.length > 0)).toBe(true)
    },
  )
})
