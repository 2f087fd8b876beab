import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  createTLSchema,
  defaultBindingSchemas,
  defaultShapeSchemas,
  InstancePresenceRecordType,
  type TLRecord,
  type TLShape,
  type TLStore,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { createTLStore } from 'tldraw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { bindPresence, type PresenceUser } from './presence.ts'
import { bindYjsStore, boardDocParts, pacedFrames, type YjsStoreBinding } from './yjs-store.ts'

/**
 * Two clients, each a tldraw store bound to its own Y.Doc, linked the way y-websocket links them: the
 * y-protocols sync messages (step 1, step 2, updates) and awareness updates, encoded and decoded as
 * bytes. The link can be cut and restored to play a network drop.
 */
class Link {
  up = true
  private readonly cleanups: (() => void)[] = []
  readonly a: Y.Doc
  readonly b: Y.Doc
  constructor(
    a: Y.Doc,
    b: Y.Doc,
    awarenessA?: awarenessProtocol.Awareness,
    awarenessB?: awarenessProtocol.Awareness,
  ) {
    this.a = a
    this.b = b
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const onUpdate = (update: Uint8Array, origin: unknown) => {
        if (!this.up || origin === this) return
        const encoder = encoding.createEncoder()
        syncProtocol.writeUpdate(encoder, update)
        this.deliver(to, from, encoding.toUint8Array(encoder))
      }
      from.on('update', onUpdate)
      this.cleanups.push(() => from.off('update', onUpdate))
    }
    if (awarenessA && awarenessB) {
      for (const [from, to] of [
        [awarenessA, awarenessB],
        [awarenessB, awarenessA],
      ] as const) {
        const onUpdate = ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
          if (!this.up || origin === this) return
          const bytes = awarenessProtocol.encodeAwarenessUpdate(from, [...added, ...updated, ...removed])
          awarenessProtocol.applyAwarenessUpdate(to, bytes, this)
        }
        from.on('update', onUpdate)
        this.cleanups.push(() => from.off('update', onUpdate))
      }
    }
    this.connect()
  }

  /** Reads one sync message into `to`, answering `from` as a server or peer would. */
  private deliver(to: Y.Doc, from: Y.Doc, message: Uint8Array) {
    const reply = encoding.createEncoder()
    syncProtocol.readSyncMessage(decoding.createDecoder(message), reply, to, this)
    if (encoding.length(reply) > 0) this.deliver(from, to, encoding.toUint8Array(reply))
  }

  /** The handshake y-websocket does on (re)connect: each side sends sync step 1. */
  connect() {
    this.up = true
    for (const [from, to] of [
      [this.a, this.b],
      [this.b, this.a],
    ] as const) {
      const encoder = encoding.createEncoder()
      syncProtocol.writeSyncStep1(encoder, from)
      this.deliver(to, from, encoding.toUint8Array(encoder))
    }
  }

  drop() {
    this.up = false
  }

  close() {
    for (const cleanup of this.cleanups) cleanup()
  }
}

const bindings: YjsStoreBinding[] = []
afterEach(() => {
  for (const binding of bindings.splice(0)) binding.dispose()
})

function newStore(schema = boxSchema): TLStore {
  const store = createTLStore({ schema })
  // What the editor does on mount: document, page, instance, camera, pointer records.
  ;(store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
  return store
}

function bind(store: TLStore, doc: Y.Doc, onStatus?: (s: unknown) => void) {
  const binding = bindYjsStore(store, doc, { onStatus })
  bindings.push(binding)
  return binding
}

/** Waits (vi.waitFor, polling every 5 ms) until `condition` holds. */
function until(condition: () => boolean, what: string, ms = 2000) {
  return vi.waitFor(
    () => {
      if (!condition()) throw new Error(`timed out waiting for ${what}`)
    },
    { timeout: ms, interval: 5 },
  )
}

/** The binding is schema-agnostic; these tests use a small shape of their own. */
const boxSchema = createTLSchema({
  shapes: { ...defaultShapeSchemas, box: { props: { w: T.number, h: T.number, label: T.string } } },
  bindings: defaultBindingSchemas,
})

function geo(id: string, x: number, y: number, pageId: string): TLShape {
  return {
    id: `shape:${id}`,
    typeName: 'shape',
    type: 'box',
    x,
    y,
    rotation: 0,
    index: 'a1',
    parentId: pageId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { w: 100, h: 80, label: id },
  } as unknown as TLShape
}

function pageIdOf(store: TLStore) {
  return store.query.records('page').get()[0]!.id
}

/** A board made by client A (first on an empty document), then joined by client B. */
function twoClients() {
  const docA = new Y.Doc()
  const docB = new Y.Doc()
  const storeA = newStore()
  const storeB = newStore()
  bind(storeA, docA)
  const link = new Link(docA, docB)
  bind(storeB, docB)
  return { docA, docB, storeA, storeB, link }
}

describe('tldraw store ↔ Yjs binding', () => {
  it('initialises an empty document with the store’s document records and the schema', () => {
    const doc = new Y.Doc()
    const store = newStore()
    bind(store, doc)
    const { records, meta } = boardDocParts(doc)
    expect(meta.get('schema')).toEqual(store.schema.serialize())
    const ids = [...records.map.keys()].sort()
    expect(ids).toContain('document:document')
    expect(ids.some((id) => id.startsWith('page:'))).toBe(true)
    // Session and presence records stay out of the document.
    expect(
      ids.some((id) => id.startsWith('instance') || id.startsWith('camera') || id === 'pointer:pointer'),
    ).toBe(false)
  })

  it('sends a local change to the other client, and the remote side does not echo it back', async () => {
    const { docA, docB, storeA, storeB } = twoClients()
    // B adopted A's page: both stores hold the same document records.
    expect(pageIdOf(storeB)).toBe(pageIdOf(storeA))
    let updatesFromB = 0
    docB.on('update', (_u: Uint8Array, origin: unknown) => {
      if (!(origin instanceof Link)) updatesFromB++
    })
    const remoteChangesSeenByB: string[] = []
    storeB.listen(({ changes }) => remoteChangesSeenByB.push(...Object.keys(changes.added)), {
      source: 'remote',
      scope: 'document',
    })
    storeA.put([geo('one', 10, 20, pageIdOf(storeA))])
    await until(() => storeB.has('shape:one' as TLShape['id']), 'the shape on B')
    expect((storeB.get('shape:one' as TLShape['id']) as TLShape).x).toBe(10)
    expect(boardDocParts(docA).records.get('shape:one')).toMatchObject({ x: 10, y: 20 })
    await until(() => remoteChangesSeenByB.includes('shape:one'), 'the remote change event on B')
    expect(updatesFromB).toBe(0)
  })

  it('writes one local history entry as one Yjs transaction', async () => {
    const { docA, storeA, storeB } = twoClients()
    let transactions = 0
    docA.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.local && tr.changed.size > 0) transactions++
    })
    const page = pageIdOf(storeA)
    storeA.put([geo('a', 0, 0, page), geo('b', 200, 0, page), geo('c', 400, 0, page)])
    await until(() => storeB.has('shape:c' as TLShape['id']), 'three shapes on B')
    expect(transactions).toBe(1)
    expect(['shape:a', 'shape:b', 'shape:c'].every((id) => storeB.has(id as TLShape['id']))).toBe(true)
  })

  it('brings changes and deletions made in Yjs by others into the store as remote changes', async () => {
    const { docA, storeA, storeB } = twoClients()
    const page = pageIdOf(storeA)
    // A third party (a bot, the server) writes straight into its copy of the document.
    const bot = new Y.Doc()
    Y.applyUpdate(bot, Y.encodeStateAsUpdate(docA))
    const botLink = new Link(bot, docA)
    boardDocParts(bot).records.set('shape:bot', geo('bot', 5, 5, page) as TLRecord)
    await until(
      () => storeA.has('shape:bot' as TLShape['id']) && storeB.has('shape:bot' as TLShape['id']),
      'bot shape',
    )
    const userSources: string[] = []
    storeA.listen(() => userSources.push('user'), { source: 'user', scope: 'document' })
    bot.transact(() => {
      boardDocParts(bot).records.set('shape:bot', { ...geo('bot', 500, 5, page), x: 500 } as TLRecord)
    })
    await until(() => (storeA.get('shape:bot' as TLShape['id']) as TLShape).x === 500, 'moved on A')
    boardDocParts(bot).records.delete('shape:bot')
    await until(
      () => !storeA.has('shape:bot' as TLShape['id']) && !storeB.has('shape:bot' as TLShape['id']),
      'deleted',
    )
    expect(userSources).toEqual([])
    botLink.close()
  })

  it('deletes a shape both ways', async () => {
    const { storeA, storeB } = twoClients()
    storeA.put([geo('gone', 0, 0, pageIdOf(storeA))])
    await until(() => storeB.has('shape:gone' as TLShape['id']), 'shape on B')
    storeB.remove(['shape:gone' as TLShape['id']])
    await until(() => !storeA.has('shape:gone' as TLShape['id']), 'removed on A')
  })

  it('sends the edits made while offline when the link comes back, and both sides converge', async () => {
    const { docA, docB, storeA, storeB, link } = twoClients()
    const page = pageIdOf(storeA)
    storeA.put([geo('shared', 0, 0, page)])
    await until(() => storeB.has('shape:shared' as TLShape['id']), 'shared on B')
    link.drop()
    storeA.put([geo('offline-a', 1, 1, page)])
    storeB.put([geo('offline-b', 2, 2, page)])
    storeB.update('shape:shared' as TLShape['id'], (s) => ({ ...s, x: 42 }))
    // B's binding wrote its edits to B's document; the link, down, carried none of them to A's.
    await until(() => boardDocParts(docB).records.map.has('shape:offline-b'), 'offline-b in B’s document')
    expect(boardDocParts(docA).records.map.has('shape:offline-b')).toBe(false)
    expect(storeA.has('shape:offline-b' as TLShape['id'])).toBe(false)
    link.connect()
    await until(
      () => storeA.has('shape:offline-b' as TLShape['id']) && storeB.has('shape:offline-a' as TLShape['id']),
      'offline edits exchanged',
    )
    expect((storeA.get('shape:shared' as TLShape['id']) as TLShape).x).toBe(42)
    const docRecords = (store: TLStore) =>
      JSON.stringify(
        store
          .allRecords()
          .filter((r) => store.scopedTypes.document.has(r.typeName))
          .sort((x, y) => x.id.localeCompare(y.id)),
      )
    expect(docRecords(storeA)).toBe(docRecords(storeB))
  })

  it('skips a remote record the store refuses and still applies the valid ones', async () => {
    const { docA, storeA } = twoClients()
    const page = pageIdOf(storeA)
    const invalid: unknown[] = []
    const docC = new Y.Doc()
    const storeC = newStore()
    const link = new Link(docA, docC)
    bindings.push(bindYjsStore(storeC, docC, { onInvalidRemoteRecord: (r) => invalid.push(r) }))
    const bot = new Y.Doc()
    const botLink = new Link(bot, docA)
    bot.transact(() => {
      boardDocParts(bot).records.set('shape:good', geo('good', 1, 1, page) as TLRecord)
      boardDocParts(bot).records.set('shape:bad', {
        ...geo('bad', 1, 1, page),
        x: 'NaN',
      } as unknown as TLRecord)
    })
    await until(() => storeC.has('shape:good' as TLShape['id']), 'good shape on C')
    expect(storeC.has('shape:bad' as TLShape['id'])).toBe(false)
    expect(invalid).toHaveLength(1)
    link.close()
    botLink.close()
  })
})

// A shape with two versions, to play a board written by an older and by a newer client.
const cardVersions = createShapePropsMigrationIds('card', { AddTitle: 1, AddColor: 2 })
function cardSchema(version: 1 | 2) {
  const sequence = [
    {
      id: cardVersions.AddTitle,
      up: (props: any) => {
        props.title ??= ''
      },
    },
    {
      id: cardVersions.AddColor,
      up: (props: any) => {
        props.color = 'yellow'
      },
    },
  ].slice(0, version)
  const props: Record<string, T.Validatable<unknown>> = version === 1
    ? { w: T.number, title: T.string }
    : { w: T.number, title: T.string, color: T.string }
  return createTLSchema({
    shapes: {
      ...defaultShapeSchemas,
      card: { props, migrations: createShapePropsMigrationSequence({ sequence }) },
    },
    bindings: defaultBindingSchemas,
  })
}

describe('schema migrations on first sync', () => {
  function boardWrittenWith(version: 1 | 2) {
    const doc = new Y.Doc()
    const store = newStore(cardSchema(version))
    bind(store, doc)
    const page = pageIdOf(store)
    store.put([
      {
        id: 'shape:card1',
        typeName: 'shape',
        type: 'card',
        x: 0,
        y: 0,
        rotation: 0,
        index: 'a1',
        parentId: page,
        isLocked: false,
        opacity: 1,
        meta: {},
        props: version === 1 ? { w: 10, title: 'hello' } : { w: 10, title: 'hello', color: 'blue' },
      } as unknown as TLRecord,
    ])
    store._flushHistory()
    bindings.pop()!.dispose()
    return doc
  }

  it('migrates an older board up, writes the migrated records and the new schema back', () => {
    const doc = boardWrittenWith(1)
    const untouchedPage = JSON.stringify(
      [...boardDocParts(doc).records.map.values()].find((e) => e.key.startsWith('page:')),
    )
    const newer = newStore(cardSchema(2))
    const binding = bind(newer, doc)
    expect(binding.status).toEqual({ kind: 'synced' })
    expect((newer.get('shape:card1' as TLShape['id']) as any).props).toEqual({
      w: 10,
      title: 'hello',
      color: 'yellow',
    })
    expect((boardDocParts(doc).records.get('shape:card1') as any).props.color).toBe('yellow')
    expect(boardDocParts(doc).meta.get('schema')).toEqual(newer.schema.serialize())
    // Records the migration did not change are not rewritten (same Yjs item).
    expect(
      JSON.stringify([...boardDocParts(doc).records.map.values()].find((e) => e.key.startsWith('page:'))),
    ).toBe(untouchedPage)
  })

  it('tells a client too old for the board to reload, and writes nothing', () => {
    const doc = boardWrittenWith(2)
    const before = Y.encodeStateVector(doc)
    const older = newStore(cardSchema(1))
    const statuses: unknown[] = []
    const binding = bind(older, doc, (s) => statuses.push(s))
    expect(binding.status.kind).toBe('reload-required')
    expect(statuses).toHaveLength(1)
    expect(older.has('shape:card1' as TLShape['id'])).toBe(false)
    older.put([{ ...(older.get(pageIdOf(older)) as TLRecord), name: 'changed' } as TLRecord])
    older._flushHistory()
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })

  it('stops writing when a newer client upgrades the board under it', async () => {
    const docOld = boardWrittenWith(1)
    const storeOld = newStore(cardSchema(1))
    const statuses: { kind: string }[] = []
    bind(storeOld, docOld, (s) => statuses.push(s as { kind: string }))
    const docNew = new Y.Doc()
    const link = new Link(docOld, docNew)
    bind(newStore(cardSchema(2)), docNew)
    expect(statuses.map((s) => s.kind)).toEqual(['reload-required'])
    const svBefore = Y.encodeStateVector(docOld)
    // A listener of the test's own, called after the binding's (if it still listened) with the same changes.
    const flushed = new Promise<void>((resolve) => {
      const stop = storeOld.listen(
        () => {
          stop()
          resolve()
        },
        { source: 'user', scope: 'document' },
      )
    })
    storeOld.put([{ ...(storeOld.get(pageIdOf(storeOld)) as TLRecord), name: 'stale write' } as TLRecord])
    await flushed
    expect(Y.encodeStateVector(docOld)).toEqual(svBefore)
    link.close()
  })
})

describe('presence over awareness', () => {
  const alice: PresenceUser = { id: 'u-alice', name: 'Alice', color: '#1f6feb', role: 'facilitator' }
  const bob: PresenceUser = { id: 'g-bob', name: 'Bob', color: '#d1242f', role: 'participant' }

  it('mirrors each client’s cursor, selection and viewport as a presence record in the other store', async () => {
    const { docA, docB, storeA, storeB } = twoClients()
    const awA = new awarenessProtocol.Awareness(docA)
    const awB = new awarenessProtocol.Awareness(docB)
    const link = new Link(new Y.Doc(), new Y.Doc(), awA, awB)
    const now = (cb: () => void) => queueMicrotask(cb)
    const pa = bindPresence(storeA, awA, alice, { schedule: now })
    const pb = bindPresence(storeB, awB, bob, { schedule: now })
    storeA.update('pointer:pointer' as any, (p: any) => ({ ...p, x: 123, y: 45, lastActivityTimestamp: 99 }))
    storeA.update('instance:instance' as any, (i: any) => ({
      ...i,
      screenBounds: { x: 0, y: 0, w: 800, h: 600 },
    }))
    const presenceIdA = InstancePresenceRecordType.createId(String(awA.clientID))
    await until(() => (storeB.get(presenceIdA) as any)?.cursor?.x === 123, 'Alice’s cursor on B')
    const record = storeB.get(presenceIdA)!
    expect(record).toMatchObject({
      userId: 'user:u-alice',
      userName: 'Alice',
      color: '#1f6feb',
      screenBounds: { w: 800, h: 600 },
      meta: { role: 'facilitator', editingShapeId: null },
    })
    expect(pb.collaborators.get().map((c) => c.presence.user.name)).toEqual(['Alice'])
    expect(pa.collaborators.get().map((c) => c.presence.user.role)).toEqual(['participant'])
    // Presence never reaches the document.
    expect([...boardDocParts(docA).records.map.keys()].some((k) => k.startsWith('instance_presence'))).toBe(
      false,
    )
    // A client that leaves disappears from the other store.
    awarenessProtocol.removeAwarenessStates(awA, [awA.clientID], 'left')
    await until(() => !storeB.has(presenceIdA), 'Alice gone on B')
    expect(pb.collaborators.get()).toEqual([])
    pa.dispose()
    pb.dispose()
    link.close()
  })

  it('ignores malformed awareness states', async () => {
    const doc = new Y.Doc()
    const store = newStore()
    bind(store, doc)
    const mine = new awarenessProtocol.Awareness(doc)
    const theirs = new awarenessProtocol.Awareness(new Y.Doc())
    const link = new Link(new Y.Doc(), new Y.Doc(), mine, theirs)
    const binding = bindPresence(store, mine, alice, { schedule: (cb) => queueMicrotask(cb) })
    theirs.setLocalStateField('board', { user: { id: 1, name: 'x' }, cursor: { x: Number.NaN } })
    // Then a well-formed state from someone else: once Bob is listed, the malformed state was read too.
    const control = new awarenessProtocol.Awareness(new Y.Doc())
    control.setLocalStateField('board', {
      user: bob,
      pageId: pageIdOf(store),
      cursor: { x: 1, y: 2, type: 'default', rotation: 0 },
      selection: [],
      viewport: null,
      editingShapeId: null,
      followingUserId: null,
      lastActivity: 0,
    })
    awarenessProtocol.applyAwarenessUpdate(
      mine,
      awarenessProtocol.encodeAwarenessUpdate(control, [control.clientID]),
      'remote',
    )
    await until(() => binding.collaborators.get().length > 0, 'Bob listed')
    expect(binding.collaborators.get().map((c) => c.presence.user.name)).toEqual(['Bob'])
    expect(
      store.query
        .records('instance_presence')
        .get()
        .map((r) => r.userName),
    ).toEqual(['Bob'])
    control.destroy()
    binding.dispose()
    link.close()
  })
})

describe('pacedFrames', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs a lone callback at the next frame, paces a stream, and runs what waits in one batch', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] })
    const schedule = pacedFrames(50)
    const runs: [string, number][] = []
    const at = (name: string) => () => runs.push([name, performance.now()])
    schedule(at('first'))
    vi.advanceTimersByTime(16)
    expect(runs).toEqual([['first', 16]])
    // Two more soon after: held until 50 ms after the first, then run in the same frame.
    vi.advanceTimersByTime(4)
    schedule(at('second'))
    schedule(at('third'))
    vi.advanceTimersByTime(40)
    expect(runs.map(([name]) => name)).toEqual(['first'])
    vi.advanceTimersByTime(30)
    expect(runs).toEqual([
      ['first', 16],
      ['second', 82],
      ['third', 82],
    ])
    // After a quiet spell, the next one runs at the next frame again.
    vi.advanceTimersByTime(1000)
    schedule(at('later'))
    vi.advanceTimersByTime(16)
    expect(runs.at(-1)).toEqual(['later', 1106])
  })
})
