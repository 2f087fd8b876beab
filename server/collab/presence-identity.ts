import { personColor } from '../../shared/board/person-colors.ts'
import type { VouchedUser } from '../../shared/collab/messages.ts'
import type { Sender } from './room.ts'

/**
 * Presence the server vouches for. A client publishes its presence in awareness under `board`
 * (client/board/presence.ts); before a state enters the room, the server rewrites it so that who it
 * says it is comes from the session, never from the client:
 *
 * - `board.user` becomes `{id, name, role, color}` of the connection's Sender (colour derived from the id);
 * - of `board`, only the presence fields the board reads are kept (page, cursor, selection, viewport,
 *   the card being written, whom one follows, last activity), each only when it has the shape the board
 *   reads (`wellFormed` below); every other top-level field is dropped;
 * - a state without a `board` object (the unmodified y-websocket provider starts with `{}`, bots may
 *   publish anything) is reduced to `{board: {user}}`: the person is present, with no cursor. It is not
 *   refused: refusing would close unmodified providers, and nothing in it is trusted anyway.
 *
 * So nobody appears in the people list as "Animatrice" with the facilitator's id, and follow-me, which
 * targets the facilitator's session id (meta.workshop.followMe), follows that session's presence only.
 */

/** The fields of `board` the server passes on (client/board/presence.ts BoardPresence, less `user`). */
const PRESENCE_FIELDS = [
  'pageId',
  'cursor',
  'selection',
  'viewport',
  'editingShapeId',
  'followingUserId',
  'lastActivity',
] as const

/** The identity the server vouches for, from the session. */
export function vouchedUser(sender: Sender): VouchedUser {
  return {
    id: sender.actorId,
    name: sender.displayName,
    role: sender.role,
    color: personColor(sender.actorId),
  }
}

/** A client's awareness state as the room keeps and relays it (null stays null: the client left). */
export function vouchedState(
  state: Record<string, unknown> | null,
  user: VouchedUser,
): { board: Record<string, unknown> } | null {
  if (state === null) return null
  const claimed = state.board
  const board: Record<string, unknown> = { user }
  if (typeof claimed === 'object' && claimed !== null && !Array.isArray(claimed)) {
    const fields = claimed as Record<string, unknown>
    for (const key of PRESENCE_FIELDS) {
      if (!(key in fields)) continue
      const value = wellFormed[key](fields[key])
      if (value !== undefined) board[key] = value
    }
  }
  return { board }
}

/** Longest id or name a presence field may carry (shape, page and user ids are far shorter). */
const MAX_ID_LENGTH = 200
/** Most shapes a selection may list in a presence (more is never drawn). */
const MAX_SELECTION = 500

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
const shortString = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_ID_LENGTH
const idOrNull = (value: unknown) => (value === null || shortString(value) ? value : undefined)

/**
 * Each presence field, rebuilt from what the client sent when it has the shape the board reads, or
 * undefined (the field is dropped). Why: every screen of the room draws these values (tldraw's presence
 * records are validated, and the people list renders them), so a modified client sending a cursor as
 * text or an object as an id must not break other people's boards; objects are rebuilt with their known
 * keys only, so nothing else rides along.
 */
const wellFormed: Record<(typeof PRESENCE_FIELDS)[number], (value: unknown) => unknown> = {
  pageId: (value) => (shortString(value) ? value : undefined),
  cursor: (value) => {
    if (value === null) return null
    const cursor = value as { x?: unknown; y?: unknown; type?: unknown; rotation?: unknown } | undefined
    if (typeof cursor !== 'object' || !finite(cursor.x) || !finite(cursor.y)) return undefined
    return {
      x: cursor.x,
      y: cursor.y,
      ...(shortString(cursor.type) ? { type: cursor.type } : {}),
      ...(finite(cursor.rotation) ? { rotation: cursor.rotation } : {}),
    }
  },
  selection: (value) =>
    Array.isArray(value) && value.length <= MAX_SELECTION && value.every(shortString) ? value : undefined,
  viewport: (value) => {
    if (value === null) return null
    const box = value as { x?: unknown; y?: unknown; w?: unknown; h?: unknown } | undefined
    if (typeof box !== 'object' || !finite(box.x) || !finite(box.y) || !finite(box.w) || !finite(box.h))
      return undefined
    return box.w > 0 && box.h > 0 ? { x: box.x, y: box.y, w: box.w, h: box.h } : undefined
  },
  editingShapeId: idOrNull,
  followingUserId: idOrNull,
  lastActivity: (value) => (finite(value) ? value : undefined),
}
