import * as decoding from 'lib0/decoding'
import { Registry } from 'prom-client'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { createBoardDocument } from '../../shared/board/create-board.ts'
import { defaultLiveState } from '../../shared/workshop/live-state.ts'
import { suiteApp } from '../testing/live-app.ts'
import { storeTargets } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { loadBoard } from './board-loader.ts'
import { createCollabMetrics } from './metrics.ts'
import { awarenessTickMs, docBroadcastGapMs } from './pacing.ts'
import { defaultPersistenceSettings } from './persistence.ts'
import { Room, type RoomClient } from './room.ts'
import { type IdeaAuthor, putIdea } from './testing/board-edits.ts'
import { applyClientUpdate } from './validation.ts'

/** A connection that records each write: one entry per send, holding the messages written together. */
interface RecordingClient extends RoomClient {
  writes: { at: number; readonly messages: Uint8Array[] }[]
}

function recordingClient(index: number): RecordingClient {
  const writes: RecordingClient['writes'] = []
  return {
    sender: { role: 'participant', actorId: `guest-${index}`, displayName: `P${index}` },
    awarenessClients: new Set(),
    writes,
    send: (message) => writes.push({ at: performance.now(), messages: [message] }),
    // Decoded when a test reads it: a room of 1,000 must not slow down while it writes.
    sendFrames: (frames) =>
      writes.push({
        at: performance.now(),
        get messages() {
          return unframe(frames)
        },
      }),
    close: () => {},
  }
}

/** The messages in consecutive unmasked websocket frames (what the room writes to every connection). */
function unframe(frames: Uint8Array): Uint8Array[] {
  const messages: Uint8Array[] = []
  const view = new DataView(frames.buffer, frames.byteOffset, frames.byteLength)
  let at = 0
  while (at < frames.length) {
    if (frames[at] !== 0x82) throw new Error('not a final binary frame')
    let length = frames[at + 1]
    at += 2
    if (length === 126) {
      length = view.getUint16(at)
      at += 2
    } else if (length === 127) {
      length = Number(view.getBigUint64(at))
      at += 8
    }
    messages.push(frames.subarray(at, at + length))
    at += length
  }
  return messages
}

/** y-websocket message kinds: [0, 2, …] is a document update, [1, …] an awareness update. */
const isUpdate = (m: Uint8Array) => m[0] === 0 && m[1] === 2
const isAwareness = (m: Uint8Array) => m[0] === 1
/** The Yjs update inside a document update message. */
function updateOf(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message)
  decoding.readVarUint(decoder)
  decoding.readVarUint(decoder)
  return decoding.readVarUint8Array(decoder)
}
/** The first recording client, who writes every edit of these tests, as its cards credit it. */
const writerAuthor: IdeaAuthor = { id: 'guest-0', name: 'P0' }
/**
 * The room's clock (setTimeout, performance.now) made fake for `test`: time moves only when the test
 * advances it, so the pacing is measured exactly. Turns (setImmediate) and microtasks stay real.
 */
async function withFakeClock(test: () => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  try {
    await test()
  } finally {
    vi.useRealTimers()
  }
}
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms)
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('room broadcast pacing', () => {
  const target = storeTargets[0]
  const rooms: Room[] = []

  const suite = suiteApp(target)
  afterAll(async () => {
    for (const room of rooms) room.destroy()
  })

  /** A real room (validation, persistence) with `size` recording connections, and a writer's document. */
  async function roomOf(size: number) {
    const { workshop } = await workshopWithGuests(suite.app)
    const loaded = await loadBoard(suite.store.db, workshop.boardId, () =>
      createBoardDocument({ zones: [], liveState: defaultLiveState }),
    )
    const room = new Room({
      boardId: workshop.boardId,
      loaded,
      db: suite.store.db,
      persistence: defaultPersistenceSettings,
      awarenessTickMs: 50,
      applyClientUpdate: (doc, update, sender, origin) => applyClientUpdate(doc, update, sender, { origin }),
      metrics: createCollabMetrics(new Registry(), () => 0),
      log: suite.app.log,
      onIdle: () => {},
    })
    rooms.push(room)
    const clients = Array.from({ length: size }, (_, i) => recordingClient(i))
    for (const client of clients) room.join(client)
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(room.doc))
    writer.on('update', (update: Uint8Array) => room.receiveUpdate(clients[0], update))
    for (const client of clients) client.writes.length = 0
    return { room, clients, writer }
  }

  it('paces only big rooms, and keeps the presence tick within the cursor budget', () => {
    expect(docBroadcastGapMs(10)).toBe(0)
    expect(docBroadcastGapMs(200)).toBe(0)
    expect(docBroadcastGapMs(600)).toBeGreaterThan(0)
    expect(docBroadcastGapMs(1000)).toBeGreaterThan(docBroadcastGapMs(600))
    expect(docBroadcastGapMs(5000)).toBe(docBroadcastGapMs(1000))
    expect(docBroadcastGapMs(1000)).toBeLessThanOrEqual(30)
    expect(awarenessTickMs(10, 50)).toBe(50)
    expect(awarenessTickMs(1000, 50)).toBeGreaterThan(50)
    expect(awarenessTickMs(100_000, 50)).toBeLessThanOrEqual(150)
  })

  it('in a small room, sends each edit in its own turn at once', async () => {
    const { clients, writer } = await roomOf(20)
    putIdea(writer, 'shape:a', writerAuthor, 'A')
    await nextTurn()
    putIdea(writer, 'shape:b', writerAuthor, 'B')
    await nextTurn()
    for (const client of clients) {
      expect(client.writes).toHaveLength(2)
      expect(client.writes.every((w) => w.messages.length === 1 && isUpdate(w.messages[0]))).toBe(true)
    }
  })

  it('does not write to the same connection last every time', async () => {
    const { clients, writer } = await roomOf(50)
    // Every write, in order: a broadcast writes to all 50 in one loop, so each 50 in a row is one.
    const written: number[] = []
    clients.forEach((client, index) => {
      const send = client.sendFrames
      client.sendFrames = (frames) => {
        written.push(index)
        send(frames)
      }
    })
    for (let i = 0; i < 20; i++) {
      putIdea(writer, `shape:fair-${i}`, writerAuthor, `fair ${i}`)
      await nextTurn()
    }
    expect(written.length % 50).toBe(0)
    const broadcasts = written.length / 50
    expect(broadcasts).toBeGreaterThanOrEqual(10)
    const lastOfEach = Array.from({ length: broadcasts }, (_, b) => written[b * 50 + 49])
    expect(new Set(lastOfEach).size).toBeGreaterThan(5)
  })

  it('in a room of 1,000, sends an isolated edit at once and merges the next ones into one write', async () => {
    const { room, clients, writer } = await roomOf(1000)
    const gap = docBroadcastGapMs(room.connections.size)
    const before = Y.encodeStateAsUpdate(room.doc)
    await withFakeClock(async () => {
      putIdea(writer, 'shape:first', writerAuthor, 'first')
      // Sent in the next turn: no timer was waited for.
      await nextTurn()
      expect(clients[999].writes).toHaveLength(1)
      // Three more edits in three turns, within the gap (the clock stands still): they wait for it and
      // leave as one update.
      for (const text of ['x', 'y', 'z']) {
        putIdea(writer, `shape:${text}`, writerAuthor, text)
        await nextTurn()
      }
      expect(clients[999].writes).toHaveLength(1)
      await advance(2 * gap + 20)
    })
    for (const client of [clients[0], clients[500], clients[999]]) {
      // Four edits in four turns: one write each without pacing; here the last three share one, sent
      // one gap after the first.
      expect(client.writes).toHaveLength(2)
      expect(client.writes[1].at - client.writes[0].at).toBe(gap)
      const merged = new Y.Doc()
      Y.applyUpdate(merged, before)
      for (const write of client.writes) for (const m of write.messages) Y.applyUpdate(merged, updateOf(m))
      const ids = [...merged.getArray('records').toArray()].map((e) => (e as { key: string }).key)
      expect(ids).toEqual(expect.arrayContaining(['shape:first', 'shape:x', 'shape:y', 'shape:z']))
    }
  })

  it('in a room of 1,000, lets presence due before the next flush ride in the same write', async () => {
    const { room, clients, writer } = await roomOf(1000)
    const tick = awarenessTickMs(room.connections.size, 50)
    const gap = docBroadcastGapMs(room.connections.size)
    const mover = new Awareness(new Y.Doc())
    clients[1].awarenessClients.add(mover.clientID)
    mover.setLocalState({ cursor: { x: 1, y: 2 } })
    await withFakeClock(async () => {
      room.receiveAwareness(clients[1], encodeAwarenessUpdate(mover, [mover.clientID]))
      // Shortly before the tick: an edit goes out at once, the next waits for the gap and the tick
      // joins it.
      await advance(tick - gap - 5)
      putIdea(writer, 'shape:one', writerAuthor, 'one')
      await nextTurn()
      putIdea(writer, 'shape:two', writerAuthor, 'two')
      await advance(gap + 30)
    })
    const writes = clients[999].writes
    expect(writes).toHaveLength(2)
    expect(writes[0].messages.map(isUpdate)).toEqual([true])
    expect(
      writes[1].messages.map((m) => (isUpdate(m) ? 'update' : isAwareness(m) ? 'awareness' : '?')),
    ).toEqual(['update', 'awareness'])
  })

  it('in a small room, does not send a presence batch back to the one connection whose states it holds', async () => {
    const { room, clients } = await roomOf(5)
    const tick = awarenessTickMs(room.connections.size, 50)
    const movers = [new Awareness(new Y.Doc()), new Awareness(new Y.Doc())]
    movers.forEach((mover, i) => {
      clients[i + 1].awarenessClients.add(mover.clientID)
      mover.setLocalState({ cursor: { x: i, y: i } })
    })
    let x = 0
    const move = (i: number) => {
      movers[i].setLocalStateField('cursor', { x: ++x, y: i })
      room.receiveAwareness(clients[i + 1], encodeAwarenessUpdate(movers[i], [movers[i].clientID]))
    }
    await withFakeClock(async () => {
      move(0)
      await advance(tick + 5)
      expect(clients.map((c) => c.writes.length)).toEqual([1, 0, 1, 1, 1])
      // Two people's states in one batch: everyone gets it.
      move(0)
      move(1)
      await advance(tick + 5)
    })
    expect(clients.map((c) => c.writes.length)).toEqual([2, 1, 2, 2, 2])
    expect(clients[1].writes[0].messages.map(isAwareness)).toEqual([true])
  })
})
