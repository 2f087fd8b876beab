import type { BoardRole } from '../../../shared/board/rights.ts'

export type { BoardRole }

/**
 * Who sent an update, as the session says (never as the client claims): their actor id (guest id or
 * user id), their role on this board and their display name, which the server writes into the author
 * fields of their new ideas.
 */
export interface UpdateSender {
  actorId: string
  role: BoardRole
  displayName: string
}
