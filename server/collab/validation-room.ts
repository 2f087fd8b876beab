import * as Y from 'yjs'
import { createBoardDocument } from '../../shared/board/create-board.ts'
import { records } from '../../shared/board/document.ts'
import { defaultLiveState, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { memoryBoardContext } from './board-context.ts'
import { applyClientUpdate, type Refusal, type UpdateSender } from './validation.ts'

/*
 * A room in memory, with the transport's behaviour: each client update goes through applyClientUpdate;
 * the server document's 'update' events (the net result) go to every client, the sender included.
 * Delivery is explicit (flush), so a test can make a client edit again before the repair reaches it,
 * as happens over a real network.
 */
/** Origin of what the server sends to a client. */
export const SERVER = Symbol('from server')

export interface Client {
  doc: Y.Doc
  sender: UpdateSender
  refusals: Refusal[]
  outbox: Uint8Array[]
  inbox: Uint8Array[]
}

/** The board id of rooms in memory (the path of their uploaded images). */
export const TEST_BOARD_ID = 'board-test'

/**
 * A board room in memory with clients attached (for validation tests). Its board context is in memory
 * too (`memoryBoardContext`, no limit on new ideas per minute unless `ideasPerMinute` is given).
 */
export function createRoom(live: Partial<WorkshopLiveState> = {}, options: { ideasPerMinute?: number } = {}) {
  const context = memoryBoardContext(TEST_BOARD_ID, { ideasPerMinute: options.ideasPerMinute })
  const server = createBoardDocument({
    zones: [
      { priorityCode: 'P1', actionCode: '', title: 'Mobilités' },
      { priorityCode: 'P2', actionCode: '', title: 'Énergie' },
    ],
    liveState: { ...defaultLiveState, ...live },
  })
  const clients: Client[] = []
  const broadcasts: Uint8Array[] = []
  server.on('update', (update: Uint8Array) => {
    broadcasts.push(update)
    for (const client of clients) client.inbox.push(update)
  })
  const join = (sender: UpdateSender): Client => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), SERVER)
    records(doc)
    const client: Client = { doc, sender, refusals: [], outbox: [], inbox: [] }
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== SERVER) client.outbox.push(update)
    })
    clients.push(client)
    return client
  }
  const flush = () => {
    for (let round = 0; round < 10; round++) {
      let moved = false
      for (const client of clients) {
        for (const update of client.outbox.splice(0)) {
          moved = true
          client.refusals.push(
            ...applyClientUpdate(server, update, client.sender, { origin: client, context }).refusals,
          )
        }
      }
      for (const client of clients) {
        for (const update of client.inbox.splice(0)) {
          moved = true
          Y.applyUpdate(client.doc, update, SERVER)
        }
      }
      if (!moved) return
    }
  }
  /** Delivers one queued message (in order per connection), chosen by `pick`. */
  const step = (pick: (n: number) => number) => {
    const queues: (() => void)[] = []
    for (const client of clients) {
      if (client.outbox.length)
        queues.push(() =>
          client.refusals.push(
            ...applyClientUpdate(server, client.outbox.shift()!, client.sender, { origin: client, context })
              .refusals,
          ),
        )
      if (client.inbox.length) queues.push(() => Y.applyUpdate(client.doc, client.inbox.shift()!, SERVER))
    }
    if (queues.length) queues[pick(queues.length)]()
  }
  return { server, clients, join, flush, step, broadcasts, context }
}
