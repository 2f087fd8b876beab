import { type Atom, atom, react, type Signal } from '@tldraw/state'
import {
  CameraRecordType,
  createUserId,
  InstancePageStateRecordType,
  InstancePresenceRecordType,
  TL_CURSOR_TYPES,
  TLINSTANCE_ID,
  type TLInstancePresence,
  type TLPageId,
  TLPOINTER_ID,
  type TLShapeId,
  type TLStore,
} from '@tldraw/tlschema'
import type { Awareness } from 'y-protocols/awareness'
import { nextFrame, pacedFrames, REMOTE_APPLY_GAP_MS } from './yjs-store.ts'

/**
 * Presence over Yjs awareness only (never in the board document). Each client publishes one
 * `BoardPresence` under the awareness field `board`: a small, stable format that the board UI, bots
 * and the server can read without knowing tldraw. Remote states become tldraw `instance_presence`
 * records (merged as remote changes) so tldraw draws the cursors, selections and follows viewports.
 */

export type BoardRole = 'facilitator' | 'participant' | 'observer'

/** Who a client is, as shown to the others. */
export interface PresenceUser {
  /** Account user id or guest id: stable across reloads, used for following and votes. */
  id: string
  name: string
  /** CSS colour of the cursor and the name tag. */
  color: string
  role: BoardRole
}

/** The awareness field `board` that every client publishes. */
export interface BoardPresence {
  user: PresenceUser
  pageId: string
  /** Pointer in page coordinates, or null when unknown. */
  cursor: { x: number; y: number; type: string; rotation: number } | null
  /** Selected shape ids. */
  selection: string[]
  /** The visible part of the page, in page coordinates (what follow-me shows to the others). */
  viewport: { x: number; y: number; w: number; h: number } | null
  /** The shape (card) this client is typing in, if any. */
  editingShapeId: string | null
  /** The user id this client is following, if any. */
  followingUserId: string | null
  /** Sender's clock (epoch ms) of its last pointer activity. */
  lastActivity: number
}

/** A remote client, as the participant list shows it. */
export interface Collaborator {
  clientId: number
  presence: BoardPresence
}

/** Reads this client's presence from the store (instance, page state, camera, pointer). */
export function readLocalPresence(store: TLStore, user: PresenceUser): BoardPresence | null {
  const instance = store.get(TLINSTANCE_ID)
  if (!instance) return null
  const pageState = store.get(InstancePageStateRecordType.createId(instance.currentPageId))
  const camera = store.get(CameraRecordType.createId(instance.currentPageId))
  const pointer = store.get(TLPOINTER_ID)
  if (!pageState || !camera || !pointer) return null
  const bounds = instance.screenBounds
  return {
    user,
    pageId: instance.currentPageId,
    cursor: { x: pointer.x, y: pointer.y, type: instance.cursor.type, rotation: instance.cursor.rotation },
    selection: [...pageState.selectedShapeIds],
    viewport:
      bounds.w > 0 && bounds.h > 0
        ? { x: -camera.x, y: -camera.y, w: bounds.w / camera.z, h: bounds.h / camera.z }
        : null,
    editingShapeId: pageState.editingShapeId,
    followingUserId: instance.followingUserId ? instance.followingUserId.replace(/^user:/, '') : null,
    lastActivity: pointer.lastActivityTimestamp,
  }
}

/** Turns a remote client's presence into the record tldraw draws (cursor, selection, follow target). */
export function toInstancePresence(clientId: number, presence: BoardPresence): TLInstancePresence {
  const viewport = presence.viewport
  return InstancePresenceRecordType.create({
    id: InstancePresenceRecordType.createId(String(clientId)),
    userId: createUserId(presence.user.id),
    userName: presence.user.name,
    color: presence.user.color,
    currentPageId: presence.pageId as TLPageId,
    // Rebuilt from its known parts: tldraw refuses a record whose cursor type it does not know.
    cursor: presence.cursor
      ? {
          x: presence.cursor.x,
          y: presence.cursor.y,
          type: (TL_CURSOR_TYPES.has(presence.cursor.type) ? presence.cursor.type : 'default') as 'default',
          rotation: Number.isFinite(presence.cursor.rotation) ? presence.cursor.rotation : 0,
        }
      : { x: 0, y: 0, type: 'default', rotation: 0 },
    selectedShapeIds: presence.selection as TLShapeId[],
    // A page-space viewport is the camera at zoom 1 over a screen of the viewport's size: tldraw's
    // follow code rebuilds exactly that box from camera and screen bounds.
    camera: viewport ? { x: -viewport.x, y: -viewport.y, z: 1 } : null,
    screenBounds: viewport ? { x: 0, y: 0, w: viewport.w, h: viewport.h } : null,
    followingUserId: presence.followingUserId ? createUserId(presence.followingUserId) : null,
    lastActivityTimestamp: presence.lastActivity,
    meta: { role: presence.user.role, editingShapeId: presence.editingShapeId },
  })
}

const textOrNone = (value: unknown) => value === null || value === undefined || typeof value === 'string'

/** Is `value` a presence this client can show? (Awareness states come from any client: never trust them.) */
export function isBoardPresence(value: unknown): value is BoardPresence {
  if (!value || typeof value !== 'object') return false
  const p = value as BoardPresence
  const user = p.user
  return (
    !!user &&
    typeof user.id === 'string' &&
    typeof user.name === 'string' &&
    typeof user.color === 'string' &&
    (user.role === 'facilitator' || user.role === 'participant' || user.role === 'observer') &&
    typeof p.pageId === 'string' &&
    Array.isArray(p.selection) &&
    p.selection.every((id) => typeof id === 'string') &&
    (p.cursor === null ||
      (typeof p.cursor === 'object' && Number.isFinite(p.cursor.x) && Number.isFinite(p.cursor.y))) &&
    textOrNone(p.editingShapeId) &&
    textOrNone(p.followingUserId) &&
    (p.viewport === null ||
      (typeof p.viewport === 'object' &&
        [p.viewport.x, p.viewport.y, p.viewport.w, p.viewport.h].every(Number.isFinite) &&
        p.viewport.w > 0 &&
        p.viewport.h > 0)) &&
    Number.isFinite(p.lastActivity)
  )
}

export interface PresenceBinding {
  /**
   * Remote clients with a valid presence, sorted by name. Updated when someone arrives or leaves or
   * changes name, role, colour, the card they write on or whom they follow; not on pointer moves, so
   * the cursor positions in it may be stale (tldraw's presence records have the live ones).
   */
  collaborators: Atom<Collaborator[]>
  /** Changes what this client says about itself (for example its name or role). */
  setUser(user: PresenceUser): void
  dispose(): void
}

export interface PresenceOptions {
  /**
   * Schedules the publication of local presence (default: next animation frame, else 16 ms), so a
   * pointer moving at 120 Hz sends at most one awareness update per frame.
   */
  schedule?: (callback: () => void) => void
  /**
   * Schedules applying others' presence (default: a frame at least REMOTE_APPLY_GAP_MS after the
   * previous one; the board passes the scheduler its edits use, so both are drawn in one frame).
   */
  scheduleRemote?: (callback: () => void) => void
  /** While true, others' cursors and selections are not drawn (the facilitator hid them). */
  hideCursors?: Signal<boolean>
  /** Most remote presences drawn at once (default MAX_DRAWN_PRESENCES). */
  maxDrawn?: number
}

/**
 * Most remote cursors drawn at once. A room of 1,000 has hundreds of pointers in view of a projected
 * board; past a score they hide the cards and nobody follows them, and each one drawn costs paint
 * time: with 200 people moving, 40 drawn cursors missed about twice as many frames as 20, and 10
 * fewer still (bench/browser.ts, bench/README.md).
 */
export const MAX_DRAWN_PRESENCES = 20

/** Share of the view's size added on each side when deciding that a cursor is in view. */
const VIEW_MARGIN = 0.1

export interface DrawContext {
  /** This client's page (others' presences on another page are not drawn). */
  pageId: string | null
  /** This client's view in page coordinates. */
  view: { x: number; y: number; w: number; h: number } | null
  /** The user this client follows: always drawn, since tldraw follows their presence record. */
  followedUserId: string | null
  cap: number
}

/**
 * The remote clients whose presence is drawn: whom this client follows and the facilitators (follow-me
 * needs their record, and the room watches them), then the people whose cursor is in view or who are
 * writing on a card, up to `cap` in all: those `drawnBefore` first (a drawn cursor stays while it is
 * in view), then the most recently active.
 */
export function pickDrawn(
  presences: ReadonlyMap<number, BoardPresence>,
  context: DrawContext,
  drawnBefore: ReadonlySet<number> = new Set(),
): Set<number> {
  const picked = new Set<number>()
  const others: { clientId: number; lastActivity: number }[] = []
  const view = context.view
  const mx = view ? view.w * VIEW_MARGIN : 0
  const my = view ? view.h * VIEW_MARGIN : 0
  for (const [clientId, p] of presences) {
    if (context.pageId !== null && p.pageId !== context.pageId) continue
    if (p.user.id === context.followedUserId || p.user.role === 'facilitator') {
      picked.add(clientId)
      continue
    }
    const c = p.cursor
    const inView =
      !!c &&
      !!view &&
      c.x >= view.x - mx &&
      c.x <= view.x + view.w + mx &&
      c.y >= view.y - my &&
      c.y <= view.y + view.h + my
    if (inView || p.editingShapeId) others.push({ clientId, lastActivity: p.lastActivity })
  }
  if (picked.size < context.cap) {
    // Those already drawn keep their place while they stay in view: otherwise, with more active
    // people in view than the cap, cursors would vanish and reappear at every move.
    others.sort(
      (a, b) =>
        Number(drawnBefore.has(b.clientId)) - Number(drawnBefore.has(a.clientId)) ||
        b.lastActivity - a.lastActivity,
    )
    for (const { clientId } of others.slice(0, context.cap - picked.size)) picked.add(clientId)
  }
  return picked
}

/** What the people panel shows of a presence: a change of it redraws the list. */
function listKey(p: BoardPresence): string {
  return [p.user.id, p.user.name, p.user.color, p.user.role, p.editingShapeId, p.followingUserId].join('|')
}

/** Publishes local presence to awareness and mirrors remote presence into the store. */
export function bindPresence(
  store: TLStore,
  awareness: Awareness,
  initialUser: PresenceUser,
  options: PresenceOptions = {},
): PresenceBinding {
  const schedule = options.schedule ?? nextFrame
  // Others' cursors are applied like others' edits: at the next frame, or paced under a stream.
  const scheduleRemote = options.scheduleRemote ?? options.schedule ?? pacedFrames(REMOTE_APPLY_GAP_MS)
  const user = atom('presence user', initialUser)
  const collaborators = atom<Collaborator[]>('collaborators', [])
  let disposed = false
  let pending: BoardPresence | null = null
  let scheduled = false

  const publish = () => {
    scheduled = false
    if (disposed || !pending) return
    awareness.setLocalStateField('board', pending)
  }

  const stopReacting = react('publish presence', () => {
    const presence = readLocalPresence(store, user.get())
    if (!presence) return
    pending = presence
    if (!scheduled) {
      scheduled = true
      schedule(publish)
    }
  })

  // Remote states are applied at most once per frame: 50 people moving their pointers send hundreds of
  // awareness updates a second, and each store change redraws the overlays. Valid states are kept in
  // `known` (checked once per change, not per frame); only those `pickDrawn` chooses get a record.
  const changedClients = new Set<number>()
  const known = new Map<number, BoardPresence>()
  const listKeys = new Map<number, string>()
  const drawn = new Set<number>()
  let applyScheduled = false
  let redrawAll = false
  const apply = () => {
    applyScheduled = false
    if (disposed) return
    const states = awareness.getStates()
    let listChanged = false
    for (const clientId of changedClients) {
      if (clientId === awareness.clientID) continue
      const presence = states.get(clientId)?.board
      if (isBoardPresence(presence)) {
        known.set(clientId, presence)
        const key = listKey(presence)
        if (listKeys.get(clientId) !== key) {
          listKeys.set(clientId, key)
          listChanged = true
        }
      } else {
        known.delete(clientId)
        if (listKeys.delete(clientId)) listChanged = true
      }
    }
    const local = readLocalPresence(store, user.get())
    const wanted = pickDrawn(
      known,
      {
        pageId: local?.pageId ?? null,
        view: local?.viewport ?? null,
        followedUserId: local?.followingUserId ?? null,
        cap: options.maxDrawn ?? MAX_DRAWN_PRESENCES,
      },
      drawn,
    )
    const toPut: TLInstancePresence[] = []
    const toRemove: TLInstancePresence['id'][] = []
    for (const clientId of wanted) {
      if (redrawAll || !drawn.has(clientId) || changedClients.has(clientId))
        toPut.push(shown(toInstancePresence(clientId, known.get(clientId)!)))
    }
    for (const clientId of drawn) {
      if (wanted.has(clientId)) continue
      const id = InstancePresenceRecordType.createId(String(clientId))
      if (store.has(id)) toRemove.push(id)
    }
    drawn.clear()
    for (const clientId of wanted) drawn.add(clientId)
    changedClients.clear()
    redrawAll = false
    if (toPut.length || toRemove.length) {
      store.mergeRemoteChanges(() => {
        if (toRemove.length) store.remove(toRemove)
        if (toPut.length) store.put(toPut)
      })
    }
    // The list only changes when someone arrives, leaves, or changes what the people panel shows
    // (not on every pointer move), so the panel re-renders rarely.
    if (listChanged) {
      const list: Collaborator[] = [...known].map(([clientId, presence]) => ({ clientId, presence }))
      list.sort((a, b) => a.presence.user.name.localeCompare(b.presence.user.name) || a.clientId - b.clientId)
      collaborators.set(list)
    }
  }
  const scheduleApply = () => {
    if (!applyScheduled) {
      applyScheduled = true
      scheduleRemote(apply)
    }
  }
  const onAwarenessChange = ({
    added,
    updated,
    removed,
  }: {
    added: number[]
    updated: number[]
    removed: number[]
  }) => {
    for (const clientId of [...added, ...updated, ...removed]) changedClients.add(clientId)
    scheduleApply()
  }
  const shown = (record: TLInstancePresence): TLInstancePresence =>
    options.hideCursors?.get() ? { ...record, cursor: null, selectedShapeIds: [] } : record

  // 'change' fires only when a state's content changed (not on the periodic keep-alive renewals).
  awareness.on('change', onAwarenessChange)
  onAwarenessChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] })

  // When cursors are hidden or shown again, every record is redrawn from the awareness states.
  let first = true
  const stopHiding = react('hide cursors', () => {
    options.hideCursors?.get()
    if (first) {
      first = false
      return
    }
    queueMicrotask(() => {
      if (disposed) return
      redrawAll = true
      scheduleApply()
    })
  })

  // Which cursors are drawn depends on this client's view: it is chosen again when the camera moves.
  const stopViewing = react('presence in view', () => {
    const instance = store.get(TLINSTANCE_ID)
    if (!instance) return
    store.get(CameraRecordType.createId(instance.currentPageId))
    scheduleApply()
  })

  return {
    collaborators,
    setUser(next) {
      user.set(next)
    },
    dispose() {
      disposed = true
      stopReacting()
      stopHiding()
      stopViewing()
      awareness.off('change', onAwarenessChange)
      const ids = store.query
        .records('instance_presence')
        .get()
        .map((record) => record.id)
      if (ids.length) store.mergeRemoteChanges(() => store.remove(ids))
    },
  }
}
