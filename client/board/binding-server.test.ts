import type { FastifyInstance } from 'fastify'
import * as decoding from 'lib0/decoding'
import {
  createTLStore,
  InstancePresenceRecordType,
  TLPOINTER_ID,
  type TLRecord,
  type TLShape,
  type TLStore,
} from 'tldraw'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectClient, synced, type TestClient, waitFor } from '../../server/collab/testing/clients.ts'
import type { Store } from '../../server/db/connect.ts'
import { buildTestApp } from '../../server/testing/app.ts'
import { describeEachStore } from '../../server/testing/stores.ts'
import { workshopWithGuests } from '../../server/testing/workshops.ts'
import { boardSchema } from '../../shared/board/schema.ts'
import { sendOwnAwarenessOnly } from './own-awareness.ts'
import { bindPresence } from './presence.ts'
import { bindYjsStore, boardDocParts, type YjsStoreBinding } from './yjs-store.ts'

/**
 * The binding against the real server: tldraw stores in Node, each bound to the Y.Doc of an unmodified
 * y-websocket provider connected to /collab with a session cookie, as the board page does.
 */

const until = (condition: () => boolean, what: string) => waitFor(condition, 5_000, what)

function idea(id: string, pageId: string, text: string, authorId: string, x = 100): TLRecord {
  return {
    id,
    typeName: 'shape',
    type: 'idea',
    x,
    y: 100,
    rotation: 0,
    index: 'a5',
    parentId: pageId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { w: 200, h: 140, text, color: 'yellow', authorId, authorName: 'Paul' },
  } as unknown as TLRecord
}

describeEachStore('the binding through the collaboration server ($name)', (target) => {
  let store: Store
  let app: FastifyInstance
  let origin: string
  const clients: TestClient[] = []
  const bindings: YjsStoreBinding[] = []

  beforeAll(async () => {
    store = await target.open()
    app = await buildTestApp(store)
    // listen() resolves to the address it bound: http://127.0.0.1:<port>.
    origin = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    for (const binding of bindings) binding.dispose()
    for (const client of clients) client.destroy()
    await app.close()
    await store.close()
  })

  /** A client as the board page makes it: provider, then the store bound after the first sync. */
  async function open(boardId: string, cookie: string) {
    const client = connectClient(origin, boardId, cookie)
    clients.push(client)
    await synced(client)
    const tlstore: TLStore = createTLStore({ schema: boardSchema })
    const binding = bindYjsStore(tlstore, client.doc)
    bindings.push(binding)
    expect(binding.status).toEqual({ kind: 'synced' })
    return { client, store: tlstore }
  }

  it('carries a card from one store to another and a move back, with the zones the server made', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(app)
    const a = await open(workshop.boardId, participant.cookie)
    const b = await open(workshop.boardId, facilitator.cookie)
    const zones = (s: TLStore) =>
      s.allRecords().filter((r) => r.typeName === 'shape' && (r as TLShape).type === 'zone')
    expect(zones(a.store).length).toBeGreaterThan(0)
    expect(zones(b.store).length).toBe(zones(a.store).length)
    const page = a.store.query.records('page').get()[0]!.id
    a.store.put([idea('shape:card', page, 'Vélos partagés', participant.guestId)])
    await until(() => b.store.has('shape:card' as TLShape['id']), 'the card in the second store')
    b.store.update('shape:card' as TLShape['id'], (r) => ({ ...r, x: 640 }))
    await until(() => (a.store.get('shape:card' as TLShape['id']) as TLShape).x === 640, 'the move back')
  })

  it('loses a record the server refuses: the others never see it and the sender’s copy is undone', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(app)
    const a = await open(workshop.boardId, participant.cookie)
    const b = await open(workshop.boardId, facilitator.cookie)
    const page = a.store.query.records('page').get()[0]!.id
    // Below the store's validators: straight into the document, as a modified client could.
    boardDocParts(a.client.doc).records.set(
      'shape:bad',
      idea('shape:bad', page, 'x'.repeat(600), participant.guestId),
    )
    a.store.put([idea('shape:good', page, 'Une idée valable', participant.guestId, 400)])
    await until(() => b.store.has('shape:good' as TLShape['id']), 'the valid card on the other side')
    await until(
      () => !boardDocParts(a.client.doc).records.has('shape:bad'),
      `the refused record undone (refusals: ${JSON.stringify(a.client.refused)})`,
    )
    expect(b.store.has('shape:bad' as TLShape['id'])).toBe(false)
    expect(a.store.has('shape:bad' as TLShape['id'])).toBe(false)
    expect(a.client.refused.length).toBeGreaterThan(0)
  })

  it('keeps an observer’s writes off the board', async () => {
    const { workshop, facilitator, observer } = await workshopWithGuests(app)
    const o = await open(workshop.boardId, observer.cookie)
    const f = await open(workshop.boardId, facilitator.cookie)
    const page = o.store.query.records('page').get()[0]!.id
    o.store.put([idea('shape:intrusion', page, 'Intrusion', observer.guestId)])
    f.store.put([idea('shape:marker', page, 'Repère', facilitator.userId, 800)])
    await until(
      () => o.store.has('shape:marker' as TLShape['id']),
      'the facilitator’s card on the observer side',
    )
    expect(f.store.has('shape:intrusion' as TLShape['id'])).toBe(false)
  })

  it('shows each client’s presence to the other through the server’s awareness', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(app)
    const a = await open(workshop.boardId, participant.cookie)
    const b = await open(workshop.boardId, facilitator.cookie)
    ;(a.store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
    ;(b.store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
    const pa = bindPresence(a.store, a.client.provider.awareness, {
      id: participant.guestId,
      name: 'Participante',
      color: '#c2255c',
      role: 'participant',
    })
    const pb = bindPresence(b.store, b.client.provider.awareness, {
      id: facilitator.userId,
      name: 'Animatrice',
      color: '#1864ab',
      role: 'facilitator',
    })
    a.store.update(TLPOINTER_ID, (p) => ({ ...p, x: 321, y: 54 }))
    const id = InstancePresenceRecordType.createId(String(a.client.doc.clientID))
    await until(
      () => (b.store.get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x === 321,
      'the cursor',
    )
    expect(pb.collaborators.get().map((c) => c.presence.user.name)).toEqual(['Participante'])
    pa.dispose()
    pb.dispose()
  })

  it('sends only its own presence to the server, never an echo of the others’', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(app)
    const a = await open(workshop.boardId, participant.cookie)
    const b = await open(workshop.boardId, facilitator.cookie)
    const unpatched = await open(workshop.boardId, facilitator.cookie)
    sendOwnAwarenessOnly(b.client.provider)
    // What b and the unpatched provider send: the client ids of each awareness message.
    const sentIds = (client: typeof b.client) => {
      const ids: number[] = []
      const ws = client.provider.ws!
      const send = ws.send.bind(ws)
      ws.send = (data: Parameters<typeof ws.send>[0]) => {
        const bytes = new Uint8Array(data as ArrayBuffer)
        if (bytes[0] === 1) ids.push(...awarenessIds(bytes.subarray(1)))
        send(data)
      }
      return ids
    }
    const fromB = sentIds(b.client)
    const fromUnpatched = sentIds(unpatched.client)
    a.client.provider.awareness.setLocalStateField('board', { cursor: { x: 1, y: 2 } })
    const aId = a.client.doc.clientID
    await until(() => b.client.provider.awareness.getStates().has(aId), 'a’s presence at b')
    await until(() => fromUnpatched.includes(aId), 'the unpatched provider echoing a’s presence')
    b.client.provider.awareness.setLocalStateField('board', { cursor: { x: 3, y: 4 } })
    const bId = b.client.doc.clientID
    await until(() => a.client.provider.awareness.getStates().has(bId), 'b’s presence at a')
    expect(fromB).toContain(bId)
    expect(fromB).not.toContain(aId)
  })
})

/** The client ids in a y-protocols awareness message body (varUint8Array of the update). */
function awarenessIds(body: Uint8Array): number[] {
  const decoder = decoding.createDecoder(body)
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
  const ids: number[] = []
  for (let n = decoding.readVarUint(update); n > 0; n--) {
    ids.push(decoding.readVarUint(update))
    decoding.readVarUint(update)
    decoding.readVarString(update)
  }
  return ids
}
