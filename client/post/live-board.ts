import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { readLiveState, readVoteTotals } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { isPermanentClose } from '../../shared/collab/close-codes.ts'
import {
  decodeJsonBody,
  MessageType,
  type PersonalMessage,
  type PrivateIdeaRecord,
} from '../../shared/collab/messages.ts'
import { defaultLiveState, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import type { ConnectionStatus } from '../board/connection.ts'

/**
 * The live board as the phone and list page follows it: the board's Yjs document over the y-websocket
 * provider on /collab, read and never written. Every change this page makes goes through HTTP, where
 * the server checks it against the rights table; a list page that wrote the document would need the
 * canvas's whole schema and repair logic for nothing. No React: the page subscribes to snapshots.
 *
 * The server also talks to this person alone over the same socket (`personal` messages, type 101):
 * their private ideas during silent writing, the ids of their cards in an anonymous workshop, and a
 * nudge to read their votes again. Those land in the snapshot too.
 */

/** Where the socket stands: the canvas's statuses (connecting, online, offline, closed for good). */
export type LiveStatus = ConnectionStatus

/** What the page renders from, replaced (never mutated) on every change. */
export interface LiveSnapshot {
  status: LiveStatus
  /** True once the first sync brought the board. */
  synced: boolean
  /** The board's records (tldraw records as plain JSON). */
  records: readonly unknown[]
  /** meta.workshop, completed with defaults. */
  live: WorkshopLiveState
  /** meta.voteTotals: target id → dots, present only once the facilitator revealed the vote. */
  voteTotals: Readonly<Record<string, number>>
  /** My private ideas (all of them for facilitators), from the last `privateIdeas` message. */
  privateIdeas: readonly PrivateIdeaRecord[] | null
  /** Ids of my cards, from the last `authorship` message (anonymous workshops). */
  ownIds: ReadonlySet<string> | null
  /** The user id the server vouches for on this socket, once it said so. */
  vouchedUserId: string | null
  /** Incremented on each `votes` nudge: read the votes again. */
  votesVersion: number
}

export interface LiveBoard {
  subscribe(listener: () => void): () => void
  getSnapshot(): LiveSnapshot
  dispose(): void
}

/**
 * At most one snapshot per this many ms: a busy board sends many small updates a second, and a list of
 * hundreds of ideas need not be rebuilt for each (a new idea still shows well within 2 s).
 */
const SNAPSHOT_INTERVAL_MS = 150

/** Opens the board's live channel (see the module comment). `origin` defaults to the page's own. */
export function openLiveBoard(boardId: string, options: { origin?: string } = {}): LiveBoard {
  const doc = new Y.Doc()
  const origin = (options.origin ?? location.origin).replace(/^http/, 'ws')
  // No BroadcastChannel: tabs of one browser must not pass edits to each other behind the server's back.
  const provider = new WebsocketProvider(`${origin}/collab`, boardId, doc, { disableBc: true })
  const records = boardRecords(doc)
  const listeners = new Set<() => void>()
  let snapshot: LiveSnapshot = {
    status: { kind: 'connecting' },
    synced: false,
    records: [],
    live: defaultLiveState,
    voteTotals: {},
    privateIdeas: null,
    ownIds: null,
    vouchedUserId: null,
    votesVersion: 0,
  }

  const publish = (next: Partial<LiveSnapshot>) => {
    snapshot = { ...snapshot, ...next }
    for (const listener of listeners) listener()
  }

  const readDocument = (): Partial<LiveSnapshot> => ({
    records: [...records.values()],
    live: readLiveState(doc),
    voteTotals: readVoteTotals(doc),
  })

  let timer: ReturnType<typeof setTimeout> | undefined
  let lastRead = 0
  const onUpdate = () => {
    if (!snapshot.synced || timer !== undefined) return
    const wait = Math.max(0, lastRead + SNAPSHOT_INTERVAL_MS - Date.now())
    timer = setTimeout(() => {
      timer = undefined
      lastRead = Date.now()
      publish(readDocument())
    }, wait)
  }
  doc.on('update', onUpdate)

  const onSync = (synced: boolean) => {
    if (!synced) return
    lastRead = Date.now()
    publish({ ...readDocument(), synced: true })
  }
  provider.on('sync', onSync)

  const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (snapshot.status.kind === 'closed') return
    if (status === 'connected') publish({ status: { kind: 'online' } })
    else if (status === 'disconnected') publish({ status: { kind: 'offline' } })
  }
  provider.on('status', onStatus)

  const onClose = (event: CloseEvent | null) => {
    if (event && isPermanentClose(event.code))
      publish({ status: { kind: 'closed', code: event.code, reason: event.reason || String(event.code) } })
  }
  provider.on('connection-close', onClose)

  // This page never writes, so the server has nothing to refuse; a handler keeps y-websocket from
  // logging an error should a newer server send one anyway.
  provider.messageHandlers[MessageType.refused] = () => {}
  provider.messageHandlers[MessageType.personal] = (_encoder, decoder) => {
    const message = decodeJsonBody(decoder) as PersonalMessage | undefined
    if (!message || typeof message !== 'object') return
    if (message.kind === 'votes') publish({ votesVersion: snapshot.votesVersion + 1 })
    else if (message.kind === 'privateIdeas' && Array.isArray(message.ideas))
      publish({ privateIdeas: message.ideas })
    else if (message.kind === 'authorship' && Array.isArray(message.own))
      publish({ ownIds: new Set(message.own) })
    else if (message.kind === 'identity' && typeof message.user?.id === 'string')
      publish({ vouchedUserId: message.user.id })
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => snapshot,
    dispose() {
      clearTimeout(timer)
      listeners.clear()
      doc.off('update', onUpdate)
      provider.off('sync', onSync)
      provider.off('status', onStatus)
      provider.off('connection-close', onClose)
      provider.destroy()
      doc.destroy()
    },
  }
}
