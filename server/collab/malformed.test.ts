import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as encoding from 'lib0/encoding'
import { expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { MAX_AWARENESS_STATE_BYTES, MAX_MESSAGE_BYTES } from '../../shared/collab/limits.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { authorOf, ideaText, putIdea } from './testing/board-edits.ts'
import { closed, connectClient, openRaw, synced, waitFor } from './testing/clients.ts'

/** A sync message (type 0) of subtype `sub` carrying `body` as a varUint8Array. */
function syncMessage(sub: number, body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, sub)
  encoding.writeVarUint8Array(encoder, body)
  return encoding.toUint8Array(encoder)
}
const update = (body: Uint8Array) => syncMessage(2, body)
function awarenessMessage(body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint8Array(encoder, body)
  return encoding.toUint8Array(encoder)
}
function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values)
}
/** A varUint as bytes. */
function varUint(n: number): number[] {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, n)
  return [...encoding.toUint8Array(encoder)]
}

/** An update whose structs depend on an earlier update the server never saw. */
function updateWithMissingStructs(): Uint8Array {
  const doc = new Y.Doc()
  doc.getArray('records').insert(0, ['first'])
  const before = Y.encodeStateVector(doc)
  doc.getArray('records').insert(1, ['second'])
  return Y.encodeStateAsUpdate(doc, before)
}

/** Nested arrays `depth` deep inside a ContentAny struct of a map entry. */
function deeplyNestedAny(depth: number): Uint8Array {
  const out: number[] = [1, 1, ...varUint(7), 0, 40, 1, 1, 109, 1, 107] // 1 client, 1 struct, client 7, clock 0, info 8|32, root 'm', key 'k'
  out[5] = 8 | 32
  out.push(1) // one value
  for (let i = 0; i < depth; i++) out.push(117, 1) // array of one element
  out.push(126) // null
  out.push(0) // empty delete set
  return Uint8Array.from(out)
}

interface Attack {
  name: string
  /** What the attacker sends once connected. */
  send: (socket: WebSocket) => void
  /** Close codes that count as a correct answer; [] when the connection must stay open. */
  expect: number[]
}

const attacks: Attack[] = [
  { name: 'a text frame', send: (s) => s.send('hello'), expect: [CloseCode.badMessage] },
  { name: 'an empty message', send: (s) => s.send(new Uint8Array(0)), expect: [CloseCode.badMessage] },
  { name: 'a truncated message', send: (s) => s.send(bytes(0, 2)), expect: [CloseCode.badMessage] },
  {
    name: 'a varint out of range',
    send: (s) => s.send(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)),
    expect: [CloseCode.badMessage],
  },
  { name: 'an unknown message type', send: (s) => s.send(bytes(42, 0)), expect: [CloseCode.badMessage] },
  {
    name: 'an unknown sync subtype',
    send: (s) => s.send(syncMessage(9, bytes(0))),
    expect: [CloseCode.badMessage],
  },
  {
    name: 'a zero-length update (yjs #498)',
    send: (s) => s.send(update(new Uint8Array(0))),
    expect: [CloseCode.badMessage],
  },
  {
    name: 'garbage decoded as an update (yjs #479)',
    send: (s) => s.send(update(new Uint8Array(Buffer.from('garbagedoc', 'base64')))),
    expect: [CloseCode.badMessage],
  },
  {
    name: 'the run-length bomb of yjs #687 sent as an update',
    send: (s) =>
      s.send(
        update(new Uint8Array(Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'))),
      ),
    expect: [CloseCode.badMessage],
  },
  {
    name: 'an update declaring four billion structs',
    send: (s) => s.send(update(bytes(1, ...varUint(2 ** 32), 1, 0, 0, 1))),
    expect: [CloseCode.badMessage],
  },
  {
    name: 'a GC struct of length 2^50',
    send: (s) => s.send(update(bytes(1, 1, 1, 0, 0, ...varUint(2 ** 50), 0))),
    expect: [CloseCode.badMessage],
  },
  {
    name: 'values nested 100,000 deep',
    send: (s) => s.send(update(deeplyNestedAny(100_000))),
    expect: [CloseCode.badMessage],
  },
  {
    name: 'an update referencing missing structs (kept pending, connection open)',
    send: (s) => s.send(update(updateWithMissingStructs())),
    expect: [],
  },
  {
    name: 'an awareness update claiming a billion entries',
    send: (s) => s.send(awarenessMessage(bytes(...varUint(2 ** 30), 1, 1))),
    expect: [CloseCode.badAwareness],
  },
  {
    name: 'an awareness state above the limit',
    send: (s) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarUint(encoder, 12345)
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarString(encoder, JSON.stringify({ name: 'x'.repeat(MAX_AWARENESS_STATE_BYTES + 1) }))
      s.send(awarenessMessage(encoding.toUint8Array(encoder)))
    },
    expect: [CloseCode.badAwareness],
  },
  {
    name: 'a message above the size limit',
    send: (s) => s.send(new Uint8Array(MAX_MESSAGE_BYTES + 1024)),
    expect: [CloseCode.messageTooBig],
  },
  {
    name: 'a bad websocket frame (reserved opcode)',
    // FIN + opcode 3 (reserved), masked, empty payload: below the ws library, straight on the socket.
    send: (s) =>
      (s as unknown as { _socket: import('node:net').Socket })._socket.write(
        Buffer.from([0x83, 0x80, 1, 2, 3, 4]),
      ),
    expect: [1002],
  },
]

describeEachStore('malformed input never breaks the server ($name)', (target) => {
  const harness = liveApp(target)

  it('answers every known bad payload with a close code while another room keeps syncing', async () => {
    const healthy = await workshopWithGuests(harness.app)
    const attacked = await workshopWithGuests(harness.app)
    const a = connectClient(harness.origin, healthy.workshop.boardId, healthy.facilitator.cookie)
    const b = connectClient(harness.origin, healthy.workshop.boardId, healthy.participant.cookie)
    harness.clients.push(a, b)
    await Promise.all([synced(a), synced(b)])

    // The healthy room edits continuously; each edit's round trip to the other client is timed.
    let running = true
    const roundTrips: number[] = []
    const editing = (async () => {
      let i = 0
      while (running) {
        const key = `k${i++}`
        const sent = performance.now()
        putIdea(a.doc, `shape:${key}`, authorOf(healthy.facilitator), `edit ${i}`)
        await waitFor(() => ideaText(b.doc, `shape:${key}`) !== undefined, 10_000, `edit ${key}`)
        roundTrips.push(performance.now() - sent)
        // Pacing, not a wait for a result: a person's rhythm of edits, not a flood.
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()

    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    const url = `${harness.origin.replace('http', 'ws')}/collab/${attacked.workshop.boardId}`
    const results: { name: string; code: number | 'open' }[] = []
    for (const attack of attacks) {
      const opened = await openRaw(url, { cookie: attacked.participant.cookie })
      if (!('socket' in opened)) throw new Error(`${attack.name}: upgrade refused ${opened.status}`)
      const socket = opened.socket
      socket.on('error', () => {})
      const closing = closed(socket)
      // Let the server's greeting (sync step 1) arrive so the room is loaded before the attack.
      await waitFor(() => opened.messages.length > 0, 10_000, 'greeting')
      attack.send(socket)
      // Then a control message, sync step 1 of an empty document: the server answers it (sync step 2)
      // only if it read the attack and kept the connection open.
      const answered = new Promise<'open'>((resolve) =>
        socket.on('message', (data: ArrayBuffer) => {
          const message = new Uint8Array(data)
          if (message[0] === 0 && message[1] === 1) resolve('open')
        }),
      )
      socket.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())))
      const outcome = await Promise.race([closing.then((c) => c.code), answered])
      results.push({ name: attack.name, code: outcome })
      socket.terminate()
    }
    // The healthy room keeps syncing after the attacks: 20 more round trips.
    const afterAttacks = roundTrips.length
    await waitFor(() => roundTrips.length > afterAttacks + 20, 10_000, 'the healthy room syncing')
    delay.disable()
    running = false
    await editing

    for (const [i, attack] of attacks.entries()) {
      const outcome = results[i]!.code
      if (attack.expect.length === 0) expect(outcome, attack.name).toBe('open')
      else expect(attack.expect, `${attack.name} closed with ${outcome}`).toContain(outcome)
    }
    // The process is alive and the healthy room kept syncing throughout: during the attacks too.
    expect(afterAttacks).toBeGreaterThan(0)
    const maxDelayMs = delay.max / 1e6
    const p99DelayMs = delay.percentile(99) / 1e6
    console.log(
      `malformed input: event-loop delay p99 ${p99DelayMs.toFixed(1)} ms, max ${maxDelayMs.toFixed(1)} ms; ` +
        `healthy room round trips: ${roundTrips.length}, max ${Math.max(...roundTrips).toFixed(1)} ms`,
    )
    expect(maxDelayMs).toBeLessThan(1_000)
    const after = connectClient(harness.origin, attacked.workshop.boardId, attacked.facilitator.cookie)
    harness.clients.push(after)
    await synced(after)
    expect(after.doc.getArray('records').length).toBeGreaterThan(0)
  })

  it('throttles a flooding connection instead of dropping its messages', async () => {
    // The facilitator floods: a participant's new ideas are limited to 30 a minute anyway.
    const { workshop, facilitator, observer } = await workshopWithGuests(harness.app)
    const flooder = connectClient(harness.origin, workshop.boardId, facilitator.cookie)
    const watcher = connectClient(harness.origin, workshop.boardId, observer.cookie)
    harness.clients.push(flooder, watcher)
    await Promise.all([synced(flooder), synced(watcher)])
    // 1,000 separate updates at once: far above the burst; every one must still arrive, in order.
    for (let i = 0; i < 1_000; i++)
      putIdea(flooder.doc, `shape:flood-${i}`, authorOf(facilitator), `flood ${i}`)
    await waitFor(() => ideaText(watcher.doc, 'shape:flood-999') !== undefined, 30_000, 'flood')
    for (let i = 0; i < 1_000; i++) expect(ideaText(watcher.doc, `shape:flood-${i}`)).toBe(`flood ${i}`)
    expect(flooder.refused).toEqual([])
    expect(flooder.closes).toEqual([])
  })
})
