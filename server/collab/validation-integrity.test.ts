import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { records } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { checkBoardRecord } from '../../shared/board/schema.ts'
import type { IdeaShape } from '../../shared/board/shapes.ts'
import { MAX_IDEAS_PER_BOARD } from '../../shared/collab/limits.ts'
import { ideaCount } from './review/idea-count.ts'
import {
  clusterRecord,
  defaultShapeRecord,
  ideaRecord,
  imageAssetRecord,
  imageRecord,
} from './review/testing/records.ts'
import { roomWith } from './testing/validation-rooms.ts'
import { applyAsSender, type UpdateSender } from './validation.ts'
import { type Client, createRoom, TEST_BOARD_ID } from './validation-room.ts'

/*
 * What the review does beyond accepting or refusing: author fields written by the server, cards
 * re-issued under the server's id in an anonymous workshop, silent writing, limits on new ideas, the
 * shape types and images a board accepts, and board format v2 (no `votes`).
 */

const facilitator: UpdateSender = { actorId: 'user-f', role: 'facilitator', displayName: 'Animatrice' }
const anne: UpdateSender = { actorId: 'guest-anne', role: 'participant', displayName: 'Anne Secrète' }
const bob: UpdateSender = { actorId: 'guest-bob', role: 'participant', displayName: 'Bob' }

const authorOf = (sender: UpdateSender) => ({ authorId: sender.actorId, authorName: sender.displayName })
const codes = (client: Client) => client.refusals.map((r) => r.code)

/** The same client's next, valid edit reaches the server and another client. */
function expectLaterEditLands(room: ReturnType<typeof createRoom>, client: Client, other: Client) {
  const id = `shape:valid-${Math.random().toString(36).slice(2)}`
  records(client.doc).set(id, ideaRecord(id, authorOf(client.sender)))
  room.flush()
  expect(boardRecords(room.server).get(id)).toBeTruthy()
  expect(records(other.doc).get(id)).toBeTruthy()
}

/** Does any update hold these bytes (a text, a name), in any struct, even a deleted one? */
function anyHolds(updates: Uint8Array[], text: string): boolean {
  const needle = new TextEncoder().encode(text)
  return updates.some((update) => indexOf(update, needle) >= 0)
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

/** Every struct of `updates` that holds an entry of record `key`, with its origins. */
function structsOf(updates: Uint8Array[], key: string) {
  const found: { client: number; origin: Y.ID | null; rightOrigin: Y.ID | null }[] = []
  for (const update of updates)
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue
      if (struct.content.arr.some((entry) => (entry as { key?: unknown })?.key === key))
        found.push({ client: struct.id.client, origin: struct.origin, rightOrigin: struct.rightOrigin })
    }
  return found
}

describe('author fields are set by the server', () => {
  it('rewrites the author of a new idea to the session’s, tells the sender, and keeps the idea', () => {
    const [room, a, b] = roomWith([anne, bob])
    records(a.doc).set('shape:spoof', ideaRecord('shape:spoof', authorOf(bob), {}, { text: 'Au nom de Bob' }))
    room.flush()
    expect(a.refusals.map((r) => [r.code, r.recordId])).toEqual([['author_set_by_server', 'shape:spoof']])
    for (const doc of [room.server, a.doc, b.doc])
      expect((records(doc).get('shape:spoof') as IdeaShape).props).toMatchObject({
        text: 'Au nom de Bob',
        ...authorOf(anne),
      })
    expect(room.context.authorOf('shape:spoof')).toEqual({
      actorId: anne.actorId,
      displayName: anne.displayName,
    })
    // A correct one is not rewritten; the sender carries on.
    a.refusals.length = 0
    expectLaterEditLands(room, a, b)
    expect(a.refusals).toEqual([])
  })

  it('puts back the author fields of an existing idea whoever changes them, keeping the rest of the change', () => {
    const [room, a, f] = roomWith([anne, facilitator])
    records(a.doc).set('shape:a', ideaRecord('shape:a', authorOf(anne)))
    room.flush()
    const mine = records(a.doc).get('shape:a') as IdeaShape
    records(a.doc).set('shape:a', { ...mine, x: 640, props: { ...mine.props, authorName: 'Quelqu’un' } })
    room.flush()
    expect(codes(a)).toEqual(['author_set_by_server'])
    expect(records(f.doc).get('shape:a')).toMatchObject({ x: 640, props: authorOf(anne) })
    const now = records(f.doc).get('shape:a') as IdeaShape
    records(f.doc).set('shape:a', {
      ...now,
      props: { ...now.props, authorId: facilitator.actorId, text: 'Revue' },
    })
    room.flush()
    expect(codes(f)).toEqual(['author_set_by_server'])
    expect(records(a.doc).get('shape:a')).toMatchObject({ props: { ...authorOf(anne), text: 'Revue' } })
    expectLaterEditLands(room, a, f)
  })

  it('leaves author fields empty in an anonymous workshop, and records the author privately', () => {
    const room = createRoom({ anonymous: true })
    const a = room.join(anne)
    records(a.doc).set('shape:anon', ideaRecord('shape:anon', authorOf(anne)))
    room.flush()
    expect(codes(a)).toEqual(['author_set_by_server'])
    expect((boardRecords(room.server).get('shape:anon') as IdeaShape).props).toMatchObject({
      authorId: '',
      authorName: '',
    })
    expect(room.context.authorOf('shape:anon')?.actorId).toBe(anne.actorId)
    expect(anyHolds(room.broadcasts, anne.displayName)).toBe(false)
  })
})

describe('anonymous workshop: participants’ writes re-issued by the server', () => {
  it('no struct holding a card’s entry carries the participant’s client id, nor points at it', () => {
    const [room, a, b, f] = roomWith([anne, bob, facilitator], { anonymous: true, phase: 'clustering' })
    const before = room.broadcasts.length
    // New idea (with empty author fields, as the client writes them in an anonymous workshop),
    // then a move and an edit, then a cluster.
    records(a.doc).set('shape:card', ideaRecord('shape:card', { authorId: '', authorName: '' }))
    room.flush()
    const card = records(a.doc).get('shape:card') as IdeaShape
    records(a.doc).set('shape:card', { ...card, x: 900, props: { ...card.props, text: 'Modifiée' } })
    room.flush()
    records(a.doc).set('shape:group', clusterRecord('shape:group'))
    room.flush()
    expect(a.refusals).toEqual([])
    const sent = room.broadcasts.slice(before)
    for (const key of ['shape:card', 'shape:group']) {
      const structs = structsOf(sent, key)
      // The server wrote one copy per accepted write; the participant's own entries were collected.
      expect(structs.length).toBeGreaterThanOrEqual(1)
      for (const struct of structs) {
        expect(struct.client).not.toBe(a.doc.clientID)
        expect(struct.origin?.client).not.toBe(a.doc.clientID)
        expect(struct.rightOrigin?.client).not.toBe(a.doc.clientID)
      }
    }
    // The whole stored state tells the same.
    const whole = Y.encodeStateAsUpdate(room.server)
    for (const key of ['shape:card', 'shape:group'])
      for (const struct of structsOf([whole], key)) expect(struct.client).not.toBe(a.doc.clientID)
    expect(boardRecords(room.server).get('shape:card')).toMatchObject({ x: 900, props: { text: 'Modifiée' } })
    for (const doc of [a.doc, b.doc, f.doc])
      expect(records(doc).get('shape:card')).toEqual(boardRecords(room.server).get('shape:card'))
    // Rights still follow the author the server recorded: Anne edits her card, Bob may not.
    expect(room.context.authorOf('shape:card')?.actorId).toBe(anne.actorId)
    const now = records(b.doc).get('shape:card') as IdeaShape
    records(b.doc).set('shape:card', { ...now, props: { ...now.props, text: 'Par Bob' } })
    room.flush()
    expect(codes(b)).toEqual(['not_author'])
    expect((boardRecords(room.server).get('shape:card') as IdeaShape).props.text).toBe('Modifiée')
    expectLaterEditLands(room, a, b)
  })

  it('keeps facilitators’ writes as they are', () => {
    const room = createRoom({ anonymous: true })
    const f = room.join(facilitator)
    const before = room.broadcasts.length
    records(f.doc).set('shape:fac', ideaRecord('shape:fac', { authorId: '', authorName: '' }))
    room.flush()
    expect(structsOf(room.broadcasts.slice(before), 'shape:fac').map((s) => s.client)).toEqual([
      f.doc.clientID,
    ])
  })
})

describe('silent writing', () => {
  it('takes a participant’s new idea out of the shared board in the same transaction and keeps it private', () => {
    const [room, a, b, f] = roomWith([anne, bob, facilitator], { privateIdeation: true })
    const before = room.broadcasts.length
    records(a.doc).set(
      'shape:secret',
      ideaRecord('shape:secret', authorOf(anne), {}, { text: 'Texte très secret' }),
    )
    room.flush()
    expect(a.refusals.map((r) => [r.code, r.recordId])).toEqual([['kept_private', 'shape:secret']])
    for (const doc of [room.server, a.doc, b.doc, f.doc]) expect(records(doc).has('shape:secret')).toBe(false)
    // What everyone received, and what a store would hold: neither the text nor the author.
    const sent = room.broadcasts.slice(before)
    expect(anyHolds(sent, 'Texte très secret')).toBe(false)
    expect(anyHolds(sent, anne.displayName)).toBe(false)
    expect(anyHolds([Y.encodeStateAsUpdate(room.server)], 'Texte très secret')).toBe(false)
    const kept = room.context.privateIdeas.get('shape:secret')
    expect(kept?.author).toEqual({ actorId: anne.actorId, displayName: anne.displayName })
    expect(kept?.idea.props).toMatchObject({ text: 'Texte très secret', ...authorOf(anne) })
    expect(checkBoardRecord('shape:secret', kept?.idea).ok).toBe(true)
    // Facilitators' ideas stay public; the participant carries on.
    records(f.doc).set('shape:public', ideaRecord('shape:public', authorOf(facilitator)))
    room.flush()
    expect(f.refusals).toEqual([])
    expect(records(b.doc).has('shape:public')).toBe(true)
    // Edits of one's ideas already on the board stay public edits.
    const pub = records(a.doc).get('shape:public') as IdeaShape
    records(a.doc).set('shape:public', { ...pub, x: 1234 })
    room.flush()
    expect(records(b.doc).get('shape:public')).toMatchObject({ x: 1234 })
  })

  it('keeps an anonymous participant’s private idea with empty author fields in the record', () => {
    const room = createRoom({ privateIdeation: true, anonymous: true })
    const a = room.join(anne)
    records(a.doc).set('shape:s', ideaRecord('shape:s', { authorId: '', authorName: '' }))
    room.flush()
    expect(codes(a)).toEqual(['kept_private'])
    expect(room.context.privateIdeas.get('shape:s')?.idea.props).toMatchObject({
      authorId: '',
      authorName: '',
    })
    expect(room.context.privateIdeas.get('shape:s')?.author.actorId).toBe(anne.actorId)
  })

  it('refuses a new record under the id of someone else’s private idea', () => {
    const [room, a, b] = roomWith([anne, bob], { privateIdeation: true })
    records(a.doc).set('shape:s', ideaRecord('shape:s', authorOf(anne), {}, { text: 'À Anne' }))
    room.flush()
    records(b.doc).set('shape:s', ideaRecord('shape:s', authorOf(bob), {}, { text: 'Volée' }))
    room.flush()
    expect(codes(b)).toEqual(['not_author'])
    expect(room.context.privateIdeas.get('shape:s')?.idea.props.text).toBe('À Anne')
  })
})

describe('limits on new ideas', () => {
  it('lets 30 of 5,000 cards in one message land and refuses the rest; the sender carries on later', () => {
    const [room, a, b] = roomWith([anne, bob], {}, { ideasPerMinute: 30 })
    a.doc.transact(() => {
      for (let i = 0; i < 5_000; i++)
        records(a.doc).set(`shape:flood${i}`, ideaRecord(`shape:flood${i}`, authorOf(anne), { x: i }))
    })
    const before = room.broadcasts.length
    const start = performance.now()
    room.flush()
    const elapsed = performance.now() - start
    const landed = [...boardRecords(room.server).values()].filter((r) => r.id.startsWith('shape:flood'))
    expect(landed).toHaveLength(30)
    expect(a.refusals.every((r) => r.code === 'too_many_ideas')).toBe(true)
    expect(a.refusals).toHaveLength(50)
    expect([...records(b.doc).map.keys()].filter((k) => k.startsWith('shape:flood'))).toHaveLength(30)
    expect([...records(a.doc).map.keys()].filter((k) => k.startsWith('shape:flood'))).toHaveLength(30)
    // What went out is the 30 cards, not the 5,000 (refused content is collected before encoding).
    const sent = room.broadcasts.slice(before)
    expect(sent.reduce((n, u) => n + u.byteLength, 0)).toBeLessThan(30 * 600 + 40_000)
    expect(elapsed).toBeLessThan(5_000)
    // Moves are not new ideas: the same participant still moves cards.
    const card = records(a.doc).get(landed[0].id) as IdeaShape
    records(a.doc).set(card.id, { ...card, x: 4321 })
    room.flush()
    expect(records(b.doc).get(card.id)).toMatchObject({ x: 4321 })
  })

  it('refuses new ideas above MAX_IDEAS_PER_BOARD, private ones counted, for facilitators too', () => {
    const [room, a, f] = roomWith([anne, facilitator])
    // The board's private ideas count: all but two places are taken by private ones.
    const spare = ideaRecord('shape:p', authorOf(bob)) as unknown as IdeaShape
    for (let i = 0; i < MAX_IDEAS_PER_BOARD - 2; i++)
      room.context.privateIdeas.set(`shape:p${i}`, {
        idea: { ...spare, id: `shape:p${i}` as IdeaShape['id'] },
        author: { actorId: bob.actorId, displayName: bob.displayName },
      })
    a.doc.transact(() => {
      for (let i = 0; i < 3; i++) records(a.doc).set(`shape:n${i}`, ideaRecord(`shape:n${i}`, authorOf(anne)))
    })
    room.flush()
    expect(codes(a)).toEqual(['board_full'])
    expect(ideaCount(room.server).size).toBe(2)
    records(f.doc).set('shape:fac', ideaRecord('shape:fac', authorOf(facilitator)))
    room.flush()
    expect(codes(f)).toEqual(['board_full'])
    // A deletion frees a place (the count follows every change).
    records(a.doc).delete('shape:n0')
    room.flush()
    expect(ideaCount(room.server).size).toBe(1)
    records(f.doc).set('shape:fac2', ideaRecord('shape:fac2', authorOf(facilitator)))
    room.flush()
    expect(boardRecords(room.server).has('shape:fac2')).toBe(true)
  })

  it('counts ideas incrementally through every kind of change', () => {
    const room = createRoom()
    const f = room.join(facilitator)
    const count = ideaCount(room.server)
    expect(count.size).toBe(0)
    f.doc.transact(() => {
      for (let i = 0; i < 5; i++)
        records(f.doc).set(`shape:c${i}`, ideaRecord(`shape:c${i}`, authorOf(facilitator)))
      records(f.doc).set('shape:g', clusterRecord('shape:g'))
    })
    room.flush()
    expect(count.size).toBe(5)
    // A server change (as liveBoards.change makes) and a move.
    room.server.transact(() => boardRecords(room.server).delete('shape:c1'))
    const moved = records(f.doc).get('shape:c2') as IdeaShape
    records(f.doc).set('shape:c2', { ...moved, x: 10 })
    room.flush()
    expect(count.size).toBe(4)
    expect(count.size).toBe(
      [...boardRecords(room.server).values()].filter((r) => r.typeName === 'shape' && r.type === 'idea')
        .length,
    )
  })
})

describe('shape types and images', () => {
  it('refuses tldraw’s sticky notes, embeds, bookmarks and videos to everyone, annotations to participants', () => {
    const [room, a, f] = roomWith([anne, facilitator])
    for (const type of ['note', 'embed', 'bookmark', 'video']) {
      const record = defaultShapeRecord(`shape:${type}`, type)
      expect(checkBoardRecord(record.id, record)).toMatchObject({ ok: true })
      records(f.doc).set(record.id, record)
    }
    room.flush()
    expect(codes(f)).toEqual([
      'shape_type_refused',
      'shape_type_refused',
      'shape_type_refused',
      'shape_type_refused',
    ])
    records(a.doc).set('shape:geo', defaultShapeRecord('shape:geo', 'geo'))
    records(a.doc).set('shape:note', defaultShapeRecord('shape:note', 'note'))
    room.flush()
    expect(codes(a)).toEqual(['facilitators_only', 'shape_type_refused'])
    records(f.doc).set('shape:geo', defaultShapeRecord('shape:geo', 'geo'))
    records(f.doc).set('shape:text', defaultShapeRecord('shape:text', 'text'))
    room.flush()
    expect(f.refusals).toHaveLength(4)
    for (const id of ['shape:geo', 'shape:text']) expect(records(a.doc).has(id)).toBe(true)
    for (const type of ['note', 'embed', 'bookmark', 'video'])
      expect(records(a.doc).has(`shape:${type}`)).toBe(false)
  })

  it('accepts only images uploaded to this board: no url of their own, an image asset served by us', () => {
    const [room, a, f] = roomWith([anne, facilitator])
    const ours = `/api/boards/${TEST_BOARD_ID}/assets/photo-1`
    const cases: [string, TLRecord[], string][] = [
      [
        'an image with a url',
        [imageRecord('shape:i1', null, 'https://evil.example/x.png')],
        'image_not_uploaded',
      ],
      ['an image without an asset', [imageRecord('shape:i2', null)], 'image_not_uploaded'],
      [
        'an asset on another host',
        [imageAssetRecord('asset:out', 'https://evil.example/x.png'), imageRecord('shape:i3', 'asset:out')],
        'image_not_uploaded',
      ],
      [
        'an asset of another board',
        [
          imageAssetRecord('asset:other', '/api/boards/other/assets/photo-1'),
          imageRecord('shape:i4', 'asset:other'),
        ],
        'image_not_uploaded',
      ],
      [
        'a data: asset',
        [
          imageAssetRecord('asset:data', 'data:image/png;base64,iVBORw0KGgo='),
          imageRecord('shape:i5', 'asset:data'),
        ],
        'image_not_uploaded',
      ],
      ['a video asset', [imageAssetRecord('asset:video', ours, 'video')], 'shape_type_refused'],
    ]
    for (const [name, list, code] of cases) {
      f.refusals.length = 0
      f.doc.transact(() => {
        for (const record of list) {
          expect(checkBoardRecord(record.id, record), name).toMatchObject({ ok: true })
          records(f.doc).set(record.id, record)
        }
      })
      room.flush()
      expect(codes(f), name).toContain(code)
      for (const record of list) {
        if (record.typeName === 'shape') expect(records(a.doc).has(record.id), name).toBe(false)
      }
    }
    // Uploaded here: the asset and the image land, in one update or two.
    f.refusals.length = 0
    records(f.doc).set('asset:ok', imageAssetRecord('asset:ok', ours))
    room.flush()
    records(f.doc).set('shape:ok', imageRecord('shape:ok', 'asset:ok'))
    room.flush()
    expect(f.refusals).toEqual([])
    expect(records(a.doc).get('shape:ok')).toBeTruthy()
    // Nobody points the asset elsewhere afterwards; participants place no image.
    const asset = records(f.doc).get('asset:ok') as TLRecord & { props: Record<string, unknown> }
    records(f.doc).set('asset:ok', {
      ...asset,
      props: { ...asset.props, src: 'https://evil.example/y.png' },
    } as TLRecord)
    room.flush()
    expect(codes(f)).toEqual(['image_not_uploaded'])
    records(a.doc).set('shape:a-img', imageRecord('shape:a-img', 'asset:ok'))
    room.flush()
    expect(codes(a)).toEqual(['facilitators_only'])
    expect(
      (boardRecords(room.server).get('asset:ok') as TLRecord & { props: { src: string } }).props.src,
    ).toBe(ours)
  })
})

describe('board format v2', () => {
  it('removes writes to v1’s votes root, for everyone, and the sender carries on', () => {
    const [room, a, f] = roomWith([anne, facilitator], { phase: 'voting' })
    const mine = new Y.Map<number>()
    a.doc.getMap('votes').set(anne.actorId, mine)
    mine.set('shape:x', 2)
    f.doc.getMap('votes').set(bob.actorId, 3)
    room.flush()
    expect(codes(a)).toEqual(['votes_over_http'])
    expect(codes(f)).toEqual(['votes_over_http'])
    expect(room.server.getMap('votes').size).toBe(0)
    expect(a.doc.getMap('votes').size).toBe(0)
    // What a newcomer or the store gets holds no value there either.
    const replayed = new Y.Doc()
    Y.applyUpdate(replayed, Y.encodeStateAsUpdate(room.server))
    expect(replayed.getMap('votes').toJSON()).toEqual({})
    expectLaterEditLands(room, f, a)
  })
})

describe('applyAsSender: a server change judged with a person’s rights', () => {
  it('keeps what the person may do, undoes the rest in the same transaction, and sets the author', () => {
    const room = createRoom({ phase: 'voting' })
    const b = room.join(bob)
    const before = room.broadcasts.length
    const { refusals, result } = applyAsSender(
      room.server,
      anne,
      (doc) => {
        boardRecords(doc).set(ideaRecord('shape:http', { authorId: '', authorName: '' }))
        return 'done'
      },
      { context: room.context },
    )
    expect(result).toBe('done')
    expect(refusals.map((r) => r.code)).toEqual(['ideas_closed'])
    room.flush()
    expect(records(b.doc).has('shape:http')).toBe(false)
    expect(anyHolds(room.broadcasts.slice(before), 'Une idée')).toBe(false)

    const open = createRoom()
    const ok = applyAsSender(
      open.server,
      anne,
      (doc) => boardRecords(doc).set(ideaRecord('shape:http', { authorId: '', authorName: '' })),
      { context: open.context },
    )
    expect(ok.refusals.map((r) => r.code)).toEqual(['author_set_by_server'])
    expect((boardRecords(open.server).get('shape:http') as IdeaShape).props).toMatchObject(authorOf(anne))
    expect(open.context.authorOf('shape:http')?.actorId).toBe(anne.actorId)
  })

  it('takes out what the change wrote when it throws, and rethrows', () => {
    const room = createRoom()
    expect(() =>
      applyAsSender(room.server, facilitator, (doc) => {
        boardRecords(doc).set(ideaRecord('shape:half', authorOf(facilitator)))
        throw new Error('placement failed')
      }),
    ).toThrow('placement failed')
    expect(boardRecords(room.server).has('shape:half')).toBe(false)
  })
})
