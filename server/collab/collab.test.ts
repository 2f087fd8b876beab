import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { personColor } from '../../shared/board/person-colors.ts'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { MAX_CONNECTIONS_PER_GUEST, MAX_CONNECTIONS_PER_USER } from '../../shared/collab/limits.ts'
import { MessageType } from '../../shared/collab/messages.ts'
import { defaultLiveState } from '../../shared/workshop/live-state.ts'
import type { Store } from '../db/connect.ts'
import { injectAs, metricsHeaders, signUp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { authorOf, ideaText, putIdea } from './testing/board-edits.ts'
import {
  closed,
  connectClient,
  eventually,
  openRaw,
  synced,
  type TestClient,
  waitFor,
} from './testing/clients.ts'

/** Rows of a board's log, decoded into one document (what a fresh load would see). */
async function storedDoc(store: Store, boardId: string): Promise<Y.Doc> {
  const board = await store.db
    .selectFrom('boards')
    .select('snapshot')
    .where('id', '=', boardId)
    .executeTakeFirstOrThrow()
  const rows = await store.db
    .selectFrom('board_updates')
    .select('data')
    .where('board_id', '=', boardId)
    .orderBy('id')
    .execute()
  const doc = new Y.Doc()
  if (board.snapshot) Y.applyUpdate(doc, new Uint8Array(board.snapshot))
  for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data))
  return doc
}

/** The stored document once it holds every idea of `ids` (updates are written within milliseconds). */
function storedWithIdeas(store: Store, boardId: string, ids: readonly string[]): Promise<Y.Doc> {
  return eventually(
    async () => {
      const doc = await storedDoc(store, boardId)
      return ids.every((id) => ideaText(doc, id) !== undefined) ? doc : undefined
    },
    10_000,
    'the stored document',
  )
}

/**
 * A presence marker `from` sends after its edits, seen by `to`: the server handles a connection's
 * messages in order and relays its own broadcasts to `to` in order, so once the marker is there, any
 * broadcast of the edits sent before it would be there too.
 */
async function controlPresenceArrives(from: TestClient, to: TestClient, marker: number): Promise<void> {
  from.provider.awareness.setLocalState({ board: { pageId: 'page:page', cursor: { x: marker, y: marker } } })
  await waitFor(
    () =>
      (to.provider.awareness.getStates().get(from.doc.clientID) as { board?: { cursor?: { x?: number } } })
        ?.board?.cursor?.x === marker,
    10_000,
    'the control presence',
  )
}

/**
 * `reader` wrote `edits.refused` and the facilitator `f` wrote `edits.accepted`: `reader` sees F's idea
 * and is refused `read_only`, and F never sees the refused idea (checked once a control presence that
 * `reader` sent after its edit reached F).
 */
async function expectReadOnly(
  reader: TestClient,
  f: TestClient,
  edits: { refused: string; accepted: string },
  marker: number,
): Promise<void> {
  await waitFor(() => ideaText(reader.doc, edits.accepted) !== undefined)
  await waitFor(() => JSON.stringify(reader.refused).includes('read_only'), 10_000, 'the refusal')
  await controlPresenceArrives(reader, f, marker)
  expect(ideaText(f.doc, edits.refused)).toBeUndefined()
}

describeEachStore('live boards over /collab ($name)', (target) => {
  const harness = liveApp(target)
  const client = (...args: Parameters<typeof connectClient>) => {
    const c = connectClient(...args)
    harness.clients.push(c)
    return c
  }

  it('syncs two unmodified y-websocket providers, stores the edit, and serves it to a newcomer', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(harness.app)
    const a = client(harness.origin, workshop.boardId, facilitator.cookie)
    const b = client(harness.origin, workshop.boardId, participant.cookie)
    await Promise.all([synced(a), synced(b)])
    // The server built the first document: the zones are there for both.
    expect(a.doc.getArray('records').length).toBeGreaterThan(0)
    expect(b.doc.getArray('records').toJSON()).toEqual(a.doc.getArray('records').toJSON())

    putIdea(a.doc, 'shape:from-a', authorOf(facilitator), 'idée de A')
    putIdea(b.doc, 'shape:from-b', authorOf(participant), 'idée de B')
    await waitFor(
      () =>
        ideaText(a.doc, 'shape:from-b') === 'idée de B' && ideaText(b.doc, 'shape:from-a') === 'idée de A',
    )
    expect(a.refused).toEqual([])
    expect(b.refused).toEqual([])

    const stored = await storedWithIdeas(harness.store, workshop.boardId, ['shape:from-a', 'shape:from-b'])
    expect(stored.getArray('records').length).toBe(a.doc.getArray('records').length)

    const c = client(harness.origin, workshop.boardId, participant.cookie)
    await synced(c)
    expect(ideaText(c.doc, 'shape:from-a')).toBe('idée de A')
    expect(ideaText(c.doc, 'shape:from-b')).toBe('idée de B')
  })

  it('refuses the upgrade before the 101: no session 401, foreign origin 403, non-member 403, unknown board 404', async () => {
    const { workshop, participant } = await workshopWithGuests(harness.app)
    const url = `${harness.origin.replace('http', 'ws')}/collab/${workshop.boardId}`
    const none = await openRaw(url, {})
    expect(none).toMatchObject({ status: 401 })
    const foreign = await openRaw(url, { cookie: participant.cookie, origin: 'https://evil.example' })
    expect(foreign).toMatchObject({ status: 403 })
    expect((foreign as { body: string }).body).toContain('foreign_origin')
    const stranger = await signUp(harness.app)
    expect(await openRaw(url, { cookie: stranger.cookie })).toMatchObject({ status: 403 })
    const other = await workshopWithGuests(harness.app)
    expect(await openRaw(url, { cookie: other.participant.cookie })).toMatchObject({ status: 403 })
    const unknown = await openRaw(`${harness.origin.replace('http', 'ws')}/collab/no-such-board`, {
      cookie: participant.cookie,
    })
    expect(unknown).toMatchObject({ status: expect.any(Number) })
    expect([403, 404]).toContain((unknown as { status: number }).status)
    const sameOrigin = await openRaw(url, { cookie: participant.cookie, origin: harness.origin })
    expect(sameOrigin).toHaveProperty('socket')
    ;(sameOrigin as { socket: import('ws').WebSocket }).socket.close()
  })

  it('keeps observers read-only: their updates are dropped, never stored nor broadcast, yet they see edits', async () => {
    const { workshop, facilitator, observer } = await workshopWithGuests(harness.app)
    const f = client(harness.origin, workshop.boardId, facilitator.cookie)
    const o = client(harness.origin, workshop.boardId, observer.cookie)
    await Promise.all([synced(f), synced(o)])
    putIdea(o.doc, 'shape:observer', authorOf(observer), 'observer was here')
    putIdea(f.doc, 'shape:facilitator', authorOf(facilitator), 'facilitator was here')
    await expectReadOnly(o, f, { refused: 'shape:observer', accepted: 'shape:facilitator' }, 4242)
    expect(o.closes).toEqual([])
    const stored = await storedWithIdeas(harness.store, workshop.boardId, ['shape:facilitator'])
    expect(ideaText(stored, 'shape:observer')).toBeUndefined()
    expect(ideaText(stored, 'shape:facilitator')).toBe('facilitator was here')
  })

  it('makes participants read-only while the board is locked, through harness.app.liveBoards', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(harness.app)
    const f = client(harness.origin, workshop.boardId, facilitator.cookie)
    const p = client(harness.origin, workshop.boardId, participant.cookie)
    await Promise.all([synced(f), synced(p)])
    await harness.app.liveBoards.change(workshop.boardId, (doc) =>
      doc.getMap('meta').set('workshop', { ...defaultLiveState, locked: true }),
    )
    await waitFor(
      () => (p.doc.getMap('meta').get('workshop') as { locked?: boolean } | undefined)?.locked === true,
    )
    putIdea(p.doc, 'shape:while-locked', authorOf(participant), 'locked out')
    putIdea(f.doc, 'shape:facilitator-while-locked', authorOf(facilitator), 'still editing')
    await expectReadOnly(
      p,
      f,
      { refused: 'shape:while-locked', accepted: 'shape:facilitator-while-locked' },
      4343,
    )
    const read = await harness.app.liveBoards.read(workshop.boardId, (doc) => [
      ideaText(doc, 'shape:while-locked'),
      ideaText(doc, 'shape:facilitator-while-locked'),
    ])
    expect(read).toEqual([undefined, 'still editing'])

    // Unlocked: the edit made while locked was dropped, but the server asks for it again, and the
    // participant's next edit (which builds on it) lands with it.
    await harness.app.liveBoards.change(workshop.boardId, (doc) =>
      doc.getMap('meta').set('workshop', defaultLiveState),
    )
    putIdea(p.doc, 'shape:after-unlock', authorOf(participant), 'back to work')
    await waitFor(() => ideaText(f.doc, 'shape:after-unlock') === 'back to work', 10_000, 'edit after unlock')
    await waitFor(
      () => ideaText(f.doc, 'shape:while-locked') === 'locked out',
      10_000,
      'edit made while locked',
    )
  })

  it('repairs a 5 MB idea instead of closing: the sender is told, nobody sees it, its next edit lands', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(harness.app)
    const sender = client(harness.origin, workshop.boardId, participant.cookie)
    const other = client(harness.origin, workshop.boardId, facilitator.cookie)
    await Promise.all([synced(sender), synced(other)])
    let otherSawHuge = false
    other.doc.getArray('records').observe(() => {
      if (ideaText(other.doc, 'shape:huge') !== undefined) otherSawHuge = true
    })
    putIdea(sender.doc, 'shape:huge', authorOf(participant), 'x'.repeat(5 * 1024 * 1024))
    await waitFor(() => sender.refused.length > 0, 20_000, 'refusal')
    expect(JSON.stringify(sender.refused)).toContain('shape:huge')
    // The sender's document converges back: the server's repair removed the record everywhere.
    await waitFor(() => ideaText(sender.doc, 'shape:huge') === undefined, 10_000, 'repair')
    putIdea(sender.doc, 'shape:after', authorOf(participant), 'une idée raisonnable')
    await waitFor(() => ideaText(other.doc, 'shape:after') === 'une idée raisonnable', 10_000, 'later edit')
    expect(otherSawHuge).toBe(false)
    expect(sender.closes).toEqual([])
    const stored = await storedWithIdeas(harness.store, workshop.boardId, ['shape:after'])
    expect(ideaText(stored, 'shape:huge')).toBeUndefined()
    expect(ideaText(stored, 'shape:after')).toBe('une idée raisonnable')
  })

  it('applies a server-side change to every client and stores it before resolving', async () => {
    const { workshop, participant } = await workshopWithGuests(harness.app)
    const p = client(harness.origin, workshop.boardId, participant.cookie)
    await synced(p)
    const result = await harness.app.liveBoards.change(workshop.boardId, (doc) => {
      putIdea(doc, 'shape:server', authorOf(participant), 'posted over HTTP')
      return 42
    })
    expect(result).toBe(42)
    const stored = await storedDoc(harness.store, workshop.boardId)
    expect(ideaText(stored, 'shape:server')).toBe('posted over HTTP')
    await waitFor(() => ideaText(p.doc, 'shape:server') === 'posted over HTTP')
  })

  it('closes the sockets of a revoked guest (4403) and of a logged-out session (4401)', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(harness.app)
    const url = `${harness.origin.replace('http', 'ws')}/collab/${workshop.boardId}`
    const guestSocket = await openRaw(url, { cookie: participant.cookie })
    const accountSocket = await openRaw(url, { cookie: facilitator.cookie })
    if (!('socket' in guestSocket) || !('socket' in accountSocket)) throw new Error('not upgraded')
    const guestClosed = closed(guestSocket.socket)
    const accountClosed = closed(accountSocket.socket)
    harness.app.access.revoke({ guestIds: [participant.guestId] })
    expect(await guestClosed).toEqual({ code: CloseCode.accessRevoked, reason: 'access revoked' })
    const logout = await injectAs(harness.app, 'POST', '/api/auth/logout', facilitator)
    expect(logout.statusCode).toBeLessThan(300)
    expect((await accountClosed).code).toBe(CloseCode.sessionEnded)
  })

  it('caps connections per person (429 before the upgrade) and closes an account removed from the workshop', async () => {
    const { workshop, facilitator } = await workshopWithGuests(harness.app)
    const url = `${harness.origin.replace('http', 'ws')}/collab/${workshop.boardId}`
    const open: import('ws').WebSocket[] = []
    for (let i = 0; i < MAX_CONNECTIONS_PER_USER; i++) {
      const opened = await openRaw(url, { cookie: facilitator.cookie })
      if (!('socket' in opened)) throw new Error(`connection ${i} refused: ${opened.status}`)
      open.push(opened.socket)
    }
    const over = await openRaw(url, { cookie: facilitator.cookie })
    expect(over).toMatchObject({ status: 429 })
    const closings = open.map((socket) => closed(socket))
    harness.app.access.revoke({ userId: facilitator.userId, workshopId: workshop.id })
    for (const closing of closings) expect((await closing).code).toBe(CloseCode.accessRevoked)
  })

  it('holds the cap when one person opens many connections at once, and frees a place when one closes', async () => {
    const { workshop, participant } = await workshopWithGuests(harness.app)
    const url = `${harness.origin.replace('http', 'ws')}/collab/${workshop.boardId}`
    const attempts = await Promise.all(
      [...Array(MAX_CONNECTIONS_PER_GUEST + 6).keys()].map(() =>
        openRaw(url, { cookie: participant.cookie }),
      ),
    )
    const open = attempts.flatMap((a) => ('socket' in a ? [a.socket] : []))
    expect(open).toHaveLength(MAX_CONNECTIONS_PER_GUEST)
    expect(attempts.filter((a) => 'status' in a && a.status === 429)).toHaveLength(6)
    const first = closed(open[0]!)
    open[0]!.close()
    await first
    // The server counts a place free once the socket is gone on its side too.
    const again = await eventually(
      async () => {
        const attempt = await openRaw(url, { cookie: participant.cookie })
        return 'socket' in attempt ? attempt : undefined
      },
      2_000,
      'a free place',
      50,
    )
    // A plain request to the websocket route is refused without counting against the cap.
    for (let i = 0; i < 3; i++) {
      const plain = await fetch(`${harness.origin}/collab/${workshop.boardId}`, {
        headers: { cookie: participant.cookie, origin: harness.origin },
      })
      expect(plain.status).toBe(426)
      expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('upgrade_required')
    }
    for (const socket of [...open.slice(1), again.socket]) socket.close()
  })

  it('shares presence (cursor, selection, viewport) under the identity the server vouches for, and removes it on disconnect', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(harness.app)
    const a = client(harness.origin, workshop.boardId, facilitator.cookie)
    const b = client(harness.origin, workshop.boardId, participant.cookie)
    await Promise.all([synced(a), synced(b)])
    const presence = {
      pageId: 'page:page',
      cursor: { x: 10, y: 20, type: 'default', rotation: 0 },
      selection: ['shape:a'],
      viewport: { x: 0, y: 0, w: 1280, h: 800 },
      editingShapeId: null,
      followingUserId: null,
      lastActivity: 1,
    }
    a.provider.awareness.setLocalState({
      board: { user: { id: 'someone', name: 'Quelqu’un', color: '#000', role: 'observer' }, ...presence },
    })
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID) !== undefined)
    expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({
      board: {
        user: {
          id: facilitator.userId,
          name: expect.stringMatching(/^Animatrice/),
          role: 'facilitator',
          color: personColor(facilitator.userId),
        },
        ...presence,
      },
    })
    a.provider.disconnect()
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID) === undefined)
  })

  it('batches presence: a burst of cursor moves reaches others as a few messages with the last position', async () => {
    const { workshop, facilitator, observer } = await workshopWithGuests(harness.app)
    const mover = client(harness.origin, workshop.boardId, facilitator.cookie)
    await synced(mover)
    const watcher = await openRaw(`${harness.origin.replace('http', 'ws')}/collab/${workshop.boardId}`, {
      cookie: observer.cookie,
    })
    if (!('socket' in watcher)) throw new Error('watcher refused')
    // The watcher's welcome has arrived: the personal message the server sends last on joining, after
    // the presence of those already there.
    await waitFor(() => watcher.messages.some((m) => m[0] === MessageType.personal), 10_000, 'the welcome')
    const awarenessMessages = () => watcher.messages.filter((m) => m[0] === 1).length
    const before = awarenessMessages()
    for (let i = 0; i < 200; i++) {
      mover.provider.awareness.setLocalStateField('board', { cursor: { x: i, y: i } })
      await new Promise((resolve) => setImmediate(resolve))
    }
    const lastAwareness = () => watcher.messages.filter((m) => m[0] === 1).at(-1)!
    await waitFor(
      () => new TextDecoder().decode(lastAwareness()).includes('"x":199'),
      10_000,
      'the last position',
    )
    const received = awarenessMessages() - before
    expect(received).toBeGreaterThan(0)
    expect(received).toBeLessThan(40)
    // The last message carries the last position.
    expect(new TextDecoder().decode(lastAwareness())).toContain('"x":199')
    watcher.socket.close()
  })

  it('exposes Prometheus metrics at /metrics', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/metrics', headers: metricsHeaders })
    expect(response.statusCode).toBe(200)
    for (const name of [
      'kenlabour_collab_rooms',
      'kenlabour_collab_connections',
      'kenlabour_collab_messages_in_total',
      'kenlabour_collab_messages_out_total',
      'kenlabour_collab_persist_lag_seconds',
      'kenlabour_collab_refused_total',
    ])
      expect(response.body).toContain(name)
  })
})
