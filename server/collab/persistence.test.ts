import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { metricsHeaders } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { loadBoard, mergeForSnapshot } from './board-loader.ts'
import { appendBoardUpdate, compactBoard, readStoredBoard } from './board-store.ts'
import { defaultPersistenceSettings, RoomPersistence } from './persistence.ts'
import type { Room } from './room.ts'
import { authorOf, ideaText, putIdea } from './testing/board-edits.ts'
import { connectClient, eventually, synced, waitFor } from './testing/clients.ts'

/** The unload delay of this suite's app: short, so that tests wait for unloads, not for the clock. */
const UNLOAD_DELAY_MS = 100

function docWith(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('probe').set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

async function metric(app: FastifyInstance, name: string): Promise<number> {
  const body = (await app.inject({ method: 'GET', url: '/metrics', headers: metricsHeaders })).body
  const line = body.split('\n').find((l) => l.startsWith(`${name} `))
  return line ? Number(line.split(' ')[1]) : Number.NaN
}

describeEachStore('board persistence ($name)', (target) => {
  const live = liveApp(target, { config: { roomUnloadDelayMs: UNLOAD_DELAY_MS } })
  const client = (...args: Parameters<typeof connectClient>) => {
    const c = connectClient(...args)
    live.clients.push(c)
    return c
  }

  /** The board's room on this instance, held for a moment (call it while a client keeps it loaded). */
  const roomOf = (boardId: string) => live.app.liveBoards.withRoom(boardId, (room) => room)
  /** Resolves once the server's copy of the board has the idea `id` (its update was applied). */
  const applied = async (boardId: string, id: string) => {
    const room = await roomOf(boardId)
    await waitFor(() => ideaText(room.doc, id) !== undefined, 10_000, `${id} on the server`)
    return room
  }

  it('builds a new board once even when two instances load it at the same moment', async () => {
    const { workshop } = await workshopWithGuests(live.app)
    let builds = 0
    // Each build makes a different document (new Yjs client ids): only one may ever be stored.
    const build = () => {
      builds += 1
      const doc = new Y.Doc()
      doc.getMap('probe').set('builder', crypto.randomUUID())
      return doc
    }
    const [one, two] = await Promise.all([
      loadBoard(live.store.db, workshop.boardId, build),
      loadBoard(live.store.db, workshop.boardId, build),
    ])
    expect(builds).toBeGreaterThanOrEqual(1)
    expect(Y.encodeStateAsUpdate(one.doc)).toEqual(Y.encodeStateAsUpdate(two.doc))
    expect(one.doc.getMap('probe').get('builder')).toBe(two.doc.getMap('probe').get('builder'))
    const again = await loadBoard(live.store.db, workshop.boardId, build)
    expect(again.doc.getMap('probe').get('builder')).toBe(one.doc.getMap('probe').get('builder'))
  })

  it('compacts without losing an update appended meanwhile', async () => {
    const { workshop } = await workshopWithGuests(live.app)
    const boardId = workshop.boardId
    let appending = true
    let written = 0
    const appender = (async () => {
      while (appending) {
        await appendBoardUpdate(live.store.db, boardId, docWith(`k${written}`, written))
        written += 1
        // Yield to timers: PGlite answers in-process, and a loop of its promises alone would starve them.
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    let folded = 0
    for (let i = 0; i < 15; i++) {
      folded += await compactBoard(live.store.db, boardId, mergeForSnapshot)
      // At least one append between two compactions.
      const before = written
      await waitFor(() => written > before, 10_000, 'an append')
    }
    appending = false
    await appender
    folded += await compactBoard(live.store.db, boardId, mergeForSnapshot)
    expect(folded).toBe(written)
    const stored = await readStoredBoard(live.store.db, boardId)
    expect(stored?.updates).toEqual([])
    const loaded = await loadBoard(live.store.db, boardId, () => new Y.Doc())
    const probe = loaded.doc.getMap('probe')
    for (let i = 0; i < written; i++) expect(probe.get(`k${i}`), `update ${i} of ${written}`).toBe(i)
  })

  it('makes a board with a corrupt row answer an error while other boards carry on, and writes nothing', async () => {
    const broken = await workshopWithGuests(live.app)
    const healthy = await workshopWithGuests(live.app)
    await live.store.db
      .insertInto('board_updates')
      .values({ board_id: broken.workshop.boardId, data: Uint8Array.from([1, 200, 200, 200, 200, 15, 3, 0]) })
      .execute()
    const before = await readStoredBoard(live.store.db, broken.workshop.boardId)
    const victim = client(live.origin, broken.workshop.boardId, broken.participant.cookie)
    await waitFor(() => victim.closes.length > 0)
    expect(victim.closes[0]).toMatchObject({
      code: CloseCode.boardUnavailable,
      reason: expect.stringContaining('corrupt'),
    })
    expect(victim.provider.synced).toBe(false)
    expect(victim.doc.getArray('records').length).toBe(0)
    victim.provider.disconnect()

    const fine = client(live.origin, healthy.workshop.boardId, healthy.participant.cookie)
    await synced(fine)
    expect(fine.doc.getArray('records').length).toBeGreaterThan(0)
    expect(await readStoredBoard(live.store.db, broken.workshop.boardId)).toEqual(before)
  })

  it('keeps clients waiting during a slow load instead of handing them an empty board', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(live.app)
    const first = client(live.origin, workshop.boardId, facilitator.cookie)
    await synced(first)
    putIdea(first.doc, 'shape:real', authorOf(facilitator), 'content')
    const room = await applied(workshop.boardId, 'shape:real')
    first.provider.disconnect()
    // Wait for the room to store and unload, so the next connection must load from storage.
    await waitFor(() => room.destroyed, 10_000, 'the room unloaded')
    // Hold the boards table: every read of it waits for this transaction.
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let locked!: () => void
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve
    })
    const holder = live.store.db.transaction().execute(async (trx) => {
      await sql`lock table boards in access exclusive mode`.execute(trx)
      locked()
      await held
    })
    await lockTaken
    const late = client(live.origin, workshop.boardId, participant.cookie)
    // What the client holds the first time it counts as synced: a server that answered before its load
    // completed would have made it synced on an empty board.
    let contentAtFirstSync: string | undefined | null = null
    late.provider.on('sync', (isSynced: boolean) => {
      if (isSynced && contentAtFirstSync === null) contentAtFirstSync = ideaText(late.doc, 'shape:real')
    })
    try {
      if (target.name === 'postgres')
        // The server is handling the connection: its read of the boards table waits for the lock.
        await eventually(
          async () => {
            const waiting = await sql<{ n: number }>`
            select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
            where c.relname = 'boards' and not l.granted`.execute(live.store.db)
            return (waiting.rows[0]?.n ?? 0) > 0 ? true : undefined
          },
          10_000,
          'the server waiting on the lock',
        )
    } finally {
      release()
      await holder
    }
    await synced(late)
    expect(contentAtFirstSync).toBe('content')
    expect(ideaText(late.doc, 'shape:real')).toBe('content')
  })

  it('keeps a room whose writes fail in memory, with its edits, until they are stored', async () => {
    const { workshop, facilitator } = await workshopWithGuests(live.app)
    const c = client(live.origin, workshop.boardId, facilitator.cookie)
    await synced(c)
    const roomsBefore = await metric(live.app, 'kenlabour_collab_rooms')
    let room: Room | undefined
    // Writes to the log fail from now on (the table is out of the way).
    await sql`alter table board_updates rename to board_updates_away`.execute(live.store.db)
    try {
      for (let i = 0; i < 5; i++)
        putIdea(c.doc, `shape:offline${i}`, authorOf(facilitator), `pendant la panne ${i}`)
      room = await applied(workshop.boardId, 'shape:offline4')
      c.provider.disconnect()
      // The writes keep failing, retried with backoff (50 ms doubling): four more failures after the
      // client left take some 750 ms, seven times the unload delay. The room must stay all along,
      // since it holds the only copy of those edits.
      const failures = await metric(live.app, 'kenlabour_collab_persist_failures_total')
      await eventually(
        async () =>
          (await metric(live.app, 'kenlabour_collab_persist_failures_total')) >= failures + 4
            ? true
            : undefined,
        10_000,
        'failed writes retried',
      )
      expect(room.destroyed).toBe(false)
      expect(await metric(live.app, 'kenlabour_collab_rooms')).toBe(roomsBefore)
    } finally {
      await sql`alter table board_updates_away rename to board_updates`.execute(live.store.db)
    }
    // Writes succeed again: the buffer is stored, then the room unloads.
    const unloading = room
    if (!unloading) throw new Error('the room was never held')
    await waitFor(() => unloading.destroyed, 15_000, 'the room unloaded')
    expect(await metric(live.app, 'kenlabour_collab_rooms')).toBe(roomsBefore - 1)
    const loaded = await loadBoard(live.store.db, workshop.boardId, () => new Y.Doc())
    for (let i = 0; i < 5; i++)
      expect(ideaText(loaded.doc, `shape:offline${i}`)).toBe(`pendant la panne ${i}`)
  })

  it('reports, once stored, the largest mark appended, a failed batch included', async () => {
    const { workshop } = await workshopWithGuests(live.app)
    const marks: number[] = []
    let failures = 0
    const persistence = new RoomPersistence(
      live.store.db,
      workshop.boardId,
      0,
      { ...defaultPersistenceSettings, retryDelayMs: 20, maxRetryDelayMs: 40 },
      {
        stored: (_count, _lagMs, _logId, mark) => marks.push(mark),
        failed: () => {
          failures += 1
        },
        idle() {},
        compacted() {},
        compactionFailed() {},
      },
    )
    try {
      await sql`alter table board_updates rename to board_updates_away`.execute(live.store.db)
      try {
        persistence.append(docWith('a', 1), 3)
        await waitFor(() => failures >= 1, 10_000, 'a failed write')
        persistence.append(docWith('b', 2), 7)
        // Stored on behalf of another instance: no mark of this one's.
        persistence.append(docWith('c', 3))
        const failed = failures
        await waitFor(() => failures > failed, 10_000, 'the batch with them failed')
        expect(marks).toEqual([])
      } finally {
        await sql`alter table board_updates_away rename to board_updates`.execute(live.store.db)
      }
      await persistence.flush()
      expect(marks.at(-1)).toBe(7)
      persistence.append(docWith('d', 4), 9)
      await persistence.flush()
      expect(marks.at(-1)).toBe(9)
      const stored = await loadBoard(live.store.db, workshop.boardId, () => new Y.Doc())
      expect(stored.doc.getMap('probe').toJSON()).toMatchObject({ a: 1, b: 2, c: 3, d: 4 })
    } finally {
      persistence.stop()
    }
  })

  it('unloads an empty room once stored, compacts its log, and reloads it intact', async () => {
    const { workshop, facilitator } = await workshopWithGuests(live.app)
    const roomsBefore = await metric(live.app, 'kenlabour_collab_rooms')
    const c = client(live.origin, workshop.boardId, facilitator.cookie)
    await synced(c)
    for (let i = 0; i < 20; i++) putIdea(c.doc, `shape:edit${i}`, authorOf(facilitator), `edit ${i}`)
    const room = await applied(workshop.boardId, 'shape:edit19')
    c.provider.disconnect()
    // The room is destroyed once its log is compacted, on its way out.
    await waitFor(() => room.destroyed, 10_000, 'the room unloaded')
    expect(await metric(live.app, 'kenlabour_collab_rooms')).toBe(roomsBefore)
    const stored = await readStoredBoard(live.store.db, workshop.boardId)
    expect(stored?.updates).toEqual([])
    const again = client(live.origin, workshop.boardId, facilitator.cookie)
    await synced(again)
    for (let i = 0; i < 20; i++) expect(ideaText(again.doc, `shape:edit${i}`)).toBe(`edit ${i}`)
  })
})
