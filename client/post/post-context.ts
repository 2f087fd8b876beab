import type { BoardRole } from '../../shared/board/rights.ts'
import type { Me } from '../app/session.tsx'
import { findWorkshopOfBoard } from '../app/workshop-of-board.ts'

/** Who reads the list page, on which workshop. */
export interface PostContext {
  workshopId: string
  title: string
  role: BoardRole
  /** The reader's id on the board: a guest id or a user id (the author id of their cards). */
  actorId: string
}

/** Finds the workshop of `boardId` for the signed-in person and their role on its board. */
export async function loadPostContext(
  me: Me,
  boardId: string,
  signal?: AbortSignal,
): Promise<PostContext | 'denied'> {
  const found = await findWorkshopOfBoard(me, boardId, signal)
  if (found === 'denied') return 'denied'
  return {
    workshopId: found.workshop.id,
    title: found.workshop.title,
    role: found.role,
    actorId: found.actorId,
  }
}
