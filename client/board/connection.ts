import { atom, computed } from '@tldraw/state'
import type { TLStore } from '@tldraw/tlschema'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { readLiveState } from '../../shared/board/document.ts'
import { isPermanentClose } from '../../shared/collab/close-codes.ts'
import { decodeRefusedBody, MessageType, type Refusal } from '../../shared/collab/messages.ts'
import { liveState, session } from './board-state.ts'
import { keepOfflineCopy } from './offline-copy.ts'
import { sendOwnAwarenessOnly } from './own-awareness.ts'
import { listenPersonal } from './personal-channel.ts'
import { bindPresence, type PresenceBinding, type PresenceUser } from './presence.ts'
import { votesOnline, watchVotes } from './votes.ts'
import {
  type BindingStatus,
  bindYjsStore,
  pacedFrames,
  REMOTE_APPLY_GAP_MS,
  type YjsStoreBinding,
} from './yjs-store.ts'

/**
 * One open board: its Y.Doc, the y-websocket provider on /collab/:boardId, the store binding, presence,
 * votes and the live state. No React: the board page creates one and renders its signals.
 *
 * Reconnection is the provider's (exponential backoff up to 2.5 s). Edits made while offline stay in the
 * Y.Doc and reach the server in the sync exchange that follows each reconnection, so nothing is lost.
 */

export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'online' }
  | { kind: 'offline' }
  /** The server closed for good (access revoked, session ended): reconnecting would not help. */
  | { kind: 'closed'; code: number; reason: string }

export interface BoardConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  status: ReturnType<typeof atom<ConnectionStatus>>
  /** Null until the first sync; then the binding's status. */
  binding: ReturnType<typeof atom<BindingStatus | null>>
  /** Last refusals the server sent about my edits. */
  refusals: ReturnType<typeof atom<Refusal[]>>
  /** Set once the first sync bound the store. */
  presence: PresenceBinding | null
  dispose(): void
}

export interface ConnectOptions {
  boardId: string
  store: TLStore
  user: PresenceUser
  /** Origin of the websocket (default: the page's own, http→ws). */
  origin?: string
  /** Called once, after the first sync, when the store holds the board. */
  onReady?: () => void
}

/** Opens a board. */
export function connectBoard(options: ConnectOptions): BoardConnection {
  const doc = new Y.Doc()
  const origin = (options.origin ?? location.origin).replace(/^http/, 'ws')
  // No BroadcastChannel: tabs of one browser must not exchange edits behind the server's back (an
  // observer tab would otherwise pass its edits to a participant tab, bypassing validation).
  // Loaded into the document while the provider connects: what was edited offline goes out in the sync.
  const offlineCopy = keepOfflineCopy(options.boardId, doc)
  const provider = new WebsocketProvider(`${origin}/collab`, options.boardId, doc, { disableBc: true })
  sendOwnAwarenessOnly(provider)
  const status = atom<ConnectionStatus>('connection status', { kind: 'connecting' })
  const binding = atom<BindingStatus | null>('binding status', null)
  const refusals = atom<Refusal[]>('refusals', [])
  const cleanups: (() => void)[] = []
  let storeBinding: YjsStoreBinding | null = null

  const connection: BoardConnection = {
    doc,
    provider,
    status,
    binding,
    refusals,
    presence: null,
    dispose() {
      for (const cleanup of cleanups.splice(0)) cleanup()
      offlineCopy.dispose()
      storeBinding?.dispose()
      connection.presence?.dispose()
      provider.destroy()
      doc.destroy()
    },
  }

  let clearRefusals: ReturnType<typeof setTimeout> | undefined
  provider.messageHandlers[MessageType.refused] = (_encoder, decoder) => {
    refusals.set(decodeRefusedBody(decoder))
    // Shown for a while, then gone: a refusal is news, not a state.
    clearTimeout(clearRefusals)
    clearRefusals = setTimeout(() => refusals.set([]), 8000)
  }
  cleanups.push(() => clearTimeout(clearRefusals))

  const onStatus = ({ status: s }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status.get().kind === 'closed') return
    votesOnline(s === 'connected')
    if (s === 'connected') status.set({ kind: 'online' })
    else if (s === 'disconnected') status.set({ kind: 'offline' })
    else if (status.get().kind !== 'offline') status.set({ kind: 'connecting' })
  }
  provider.on('status', onStatus)
  cleanups.push(() => provider.off('status', onStatus))

  const onClose = (event: CloseEvent | null) => {
    if (event && isPermanentClose(event.code)) {
      status.set({ kind: 'closed', code: event.code, reason: event.reason || String(event.code) })
      offlineCopy.forget()
    }
  }
  provider.on('connection-close', onClose)
  cleanups.push(() => provider.off('connection-close', onClose))

  const meta = doc.getMap('meta')
  const onMeta = () => liveState.set(readLiveState(doc))
  meta.observe(onMeta)
  cleanups.push(() => meta.unobserve(onMeta))
  cleanups.push(watchVotes(options.boardId, doc))
  cleanups.push(listenPersonal(provider))

  // Others' cursors are applied paced under a stream (yjs-store.ts pacedFrames); their edits at the
  // next frame (pacing edits too was measured to halve repaint work, but an e2e test of the anonymous
  // workshop then lost a card now and then: kept out until that is understood).
  const remoteFrames = pacedFrames(REMOTE_APPLY_GAP_MS)
  const onSync = (synced: boolean) => {
    if (!synced || storeBinding) return
    // First sync: the document now holds the board; bind the store to it once. Later syncs (after a
    // reconnection) need nothing: the binding keeps running across drops.
    liveState.set(readLiveState(doc))
    storeBinding = bindYjsStore(options.store, doc, {
      onStatus: (s) => binding.set(s),
      onInvalidRemoteRecord: (record, error) =>
        console.warn('Skipped an invalid board record', record, error),
    })
    binding.set(storeBinding.status)
    if (storeBinding.status.kind === 'synced') {
      connection.presence = bindPresence(options.store, provider.awareness, options.user, {
        scheduleRemote: remoteFrames,
        hideCursors: computed(
          'cursors hidden for me',
          () => liveState.get().cursorsHidden && session.get().role !== 'facilitator',
        ),
      })
      options.onReady?.()
    }
  }
  provider.on('sync', onSync)
  cleanups.push(() => provider.off('sync', onSync))

  return connection
}
