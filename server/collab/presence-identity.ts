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
 *   the card being written, whom one follows, last activity); every other top-level field is dropped;
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
    for (const key of PRESENCE_FIELDS) if (key in fields) board[key] = fields[key]
  }
  return { board }
}
