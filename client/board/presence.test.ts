import { CameraRecordType, InstancePresenceRecordType, TLINSTANCE_ID, type TLStore } from '@tldraw/tlschema'
import { createTLStore, defaultShapeUtils } from 'tldraw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  type BoardPresence,
  bindPresence,
  type DrawContext,
  isBoardPresence,
  MAX_DRAWN_PRESENCES,
  type PresenceBinding,
  pickDrawn,
  toInstancePresence,
} from './presence.ts'

const view = { x: 0, y: 0, w: 1000, h: 800 }

function presence(
  id: string,
  at: { x: number; y: number } | null,
  more: Partial<BoardPresence> & { role?: BoardPresence['user']['role'] } = {},
): BoardPresence {
  const { role, ...rest } = more
  return {
    user: { id, name: id, color: '#123456', role: role ?? 'participant' },
    pageId: 'page:page',
    cursor: at ? { ...at, type: 'default', rotation: 0 } : null,
    selection: [],
    viewport: null,
    editingShapeId: null,
    followingUserId: null,
    lastActivity: 0,
    ...rest,
  }
}

const context = (over: Partial<DrawContext> = {}): DrawContext => ({
  pageId: 'page:page',
  view,
  followedUserId: null,
  cap: 3,
  ...over,
})

describe('a remote presence of the wrong shape', () => {
  it('is not drawn when an id is not text, and an unknown cursor type is drawn as the default one', () => {
    expect(isBoardPresence(presence('a', { x: 1, y: 2 }))).toBe(true)
    const noText = { editingShapeId: { id: 'shape:x' } } as unknown as Partial<BoardPresence>
    expect(isBoardPresence(presence('a', { x: 1, y: 2 }, noText))).toBe(false)
    const number = { followingUserId: 7 } as unknown as Partial<BoardPresence>
    expect(isBoardPresence(presence('a', { x: 1, y: 2 }, number))).toBe(false)
    const odd = presence('a', null, { cursor: { x: 1, y: 2, type: '~c1@2~', rotation: Number.NaN } })
    const record = toInstancePresence(1, odd)
    expect(record.cursor).toEqual({ x: 1, y: 2, type: 'default', rotation: 0 })
    // tldraw accepts the record (it refuses a cursor type it does not know).
    expect(() => InstancePresenceRecordType.validate(record)).not.toThrow()
  })
})

describe('pickDrawn: which remote cursors are drawn', () => {
  it('draws the cursors in view (with a margin) and leaves out the others and other pages', () => {
    const all = new Map<number, BoardPresence>([
      [1, presence('in', { x: 500, y: 400 })],
      [2, presence('edge', { x: 1050, y: -50 })],
      [3, presence('far', { x: 5000, y: 400 })],
      [4, presence('no-cursor', null)],
      [5, presence('other-page', { x: 10, y: 10 }, { pageId: 'page:other' })],
    ])
    expect([...pickDrawn(all, context({ cap: 10 }))].sort()).toEqual([1, 2])
  })

  it('keeps the most recently active up to the cap, and always the facilitators and the followed person', () => {
    const all = new Map<number, BoardPresence>()
    for (let i = 0; i < 10; i++) all.set(i, presence(`p${i}`, { x: i * 10, y: 10 }, { lastActivity: i }))
    all.set(100, presence('fac', { x: 9000, y: 9000 }, { role: 'facilitator' }))
    all.set(101, presence('followed', { x: -9000, y: 0 }))
    const picked = pickDrawn(all, context({ followedUserId: 'followed' }))
    expect([...picked].sort((a, b) => a - b)).toEqual([9, 100, 101])
    expect([...pickDrawn(all, context({ cap: 5 }))].sort((a, b) => a - b)).toEqual([6, 7, 8, 9, 100])
  })

  it('keeps the cursors already drawn while they stay in view, rather than the latest movers', () => {
    const all = new Map<number, BoardPresence>()
    for (let i = 0; i < 10; i++) all.set(i, presence(`p${i}`, { x: i * 10, y: 10 }, { lastActivity: i }))
    expect([...pickDrawn(all, context(), new Set([0, 1, 2]))].sort()).toEqual([0, 1, 2])
    // One of them leaves the view: its place goes to the most recent of the others.
    all.set(1, presence('p1', { x: 9000, y: 10 }, { lastActivity: 100 }))
    expect([...pickDrawn(all, context(), new Set([0, 1, 2]))].sort()).toEqual([0, 2, 9])
  })

  it('draws someone writing on a card even when their pointer is elsewhere', () => {
    const all = new Map([[1, presence('writer', null, { editingShapeId: 'shape:x' })]])
    expect([...pickDrawn(all, context())]).toEqual([1])
  })
})

describe('bindPresence with a crowd', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })

  function localStore(): TLStore {
    const store = createTLStore({ shapeUtils: defaultShapeUtils })
    ;(store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
    store.update(TLINSTANCE_ID, (i) => ({ ...i, screenBounds: { x: 0, y: 0, w: 1000, h: 800 } }))
    return store
  }

  /** `count` remote clients with their pointer at `at(i)`, delivered to `mine` as one awareness update. */
  function crowd(
    mine: awarenessProtocol.Awareness,
    count: number,
    at: (i: number) => { x: number; y: number },
  ) {
    const remotes: awarenessProtocol.Awareness[] = []
    for (let i = 0; i < count; i++) {
      const remote = new awarenessProtocol.Awareness(new Y.Doc())
      remote.setLocalStateField('board', presence(`g${i}`, at(i), { lastActivity: i }))
      remotes.push(remote)
      const update = awarenessProtocol.encodeAwarenessUpdate(remote, [remote.clientID])
      awarenessProtocol.applyAwarenessUpdate(mine, update, 'remote')
    }
    cleanups.push(() => {
      for (const r of remotes) r.destroy()
    })
    return remotes
  }

  const drawnIn = (store: TLStore) => store.query.records('instance_presence').get()

  function bound(store: TLStore, mine: awarenessProtocol.Awareness): PresenceBinding {
    const binding = bindPresence(
      store,
      mine,
      { id: 'me', name: 'Me', color: '#000000', role: 'participant' },
      { schedule: (cb) => queueMicrotask(cb) },
    )
    cleanups.push(() => binding.dispose())
    return binding
  }

  it('lists all 300 people but draws at most the cap, those in view, and follows the camera', async () => {
    const store = localStore()
    const mine = new awarenessProtocol.Awareness(new Y.Doc())
    cleanups.push(() => mine.destroy())
    const binding = bound(store, mine)
    // 300 people: the first 200 point inside the view, the last 100 far to the right.
    crowd(mine, 300, (i) =>
      i < 200 ? { x: (i % 20) * 40, y: Math.floor(i / 20) * 60 } : { x: 20_000 + i, y: 100 },
    )
    await vi.waitFor(() => {
      expect(binding.collaborators.get()).toHaveLength(300)
      expect(drawnIn(store)).toHaveLength(MAX_DRAWN_PRESENCES)
    })
    const drawn = drawnIn(store)
    // The most recently active of those in view: g199 down to g160.
    expect(drawn.map((r) => r.userName).sort()).toEqual(
      Array.from({ length: MAX_DRAWN_PRESENCES }, (_, k) => `g${199 - k}`).sort(),
    )

    // The person pans to the right: now the far group is drawn instead.
    const camera = CameraRecordType.createId('page:page')
    store.update(camera, (c) => ({ ...c, x: -20_000, y: 0 }))
    await vi.waitFor(() =>
      expect(drawnIn(store).every((record) => Number(record.userName.slice(1)) >= 200)).toBe(true),
    )
    expect(drawnIn(store)).toHaveLength(MAX_DRAWN_PRESENCES)
    expect(store.has(InstancePresenceRecordType.createId('0'))).toBe(false)
  })

  it('removes a drawn cursor when its client leaves, and the person from the list', async () => {
    const store = localStore()
    const mine = new awarenessProtocol.Awareness(new Y.Doc())
    cleanups.push(() => mine.destroy())
    const binding = bound(store, mine)
    const [remote] = crowd(mine, 1, () => ({ x: 10, y: 10 }))
    await vi.waitFor(() => expect(drawnIn(store)).toHaveLength(1))
    awarenessProtocol.removeAwarenessStates(mine, [remote!.clientID], 'left')
    await vi.waitFor(() => expect(drawnIn(store)).toHaveLength(0))
    expect(binding.collaborators.get()).toEqual([])
  })
})
