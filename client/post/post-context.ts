import type { BoardRole } from '../../shared/board/rights.ts'
import { ApiError, apiGet } from '../app/api.ts'
import type { Me } from '../app/session.tsx'

/** Who reads the list page, on which workshop. */
export interface PostContext {
  workshopId: string
  title: string
  role: BoardRole
  /** The reader's id on the board: a guest id or a user id (the author id of their cards). */
  actorId: string
}

interface WorkshopAnswer {
  id: string
  boardId: string
  title: string
  role: 'facilitator' | 'member' | 'participant' | 'observer'
  isFacilitator?: boolean
}

/**
 * Finds the workshop of `boardId` for the signed-in person and their role on its board, as the server's
 * board access decides it (server/boards/access.ts): a guest has the role of their code; an account
 * facilitates it or, as any other member of the council, takes part. (The board page has the same
 * lookup; it lives there beside tldraw, which this page must not download.)
 */
export async function loadPostContext(
  me: Me,
  boardId: string,
  signal?: AbortSignal,
): Promise<PostContext | 'denied'> {
  let workshopId = me.kind === 'guest' ? me.workshopId : undefined
  if (!workshopId) {
    const list = await apiGet<WorkshopAnswer[]>('/api/workshops', signal)
    workshopId = list.find((w) => w.boardId === boardId)?.id
  }
  if (!workshopId) return 'denied'
  let workshop: WorkshopAnswer
  try {
    workshop = await apiGet<WorkshopAnswer>(`/api/workshops/${workshopId}`, signal)
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return 'denied'
    throw error
  }
  if (workshop.boardId !== boardId) return 'denied'
  const role: BoardRole =
    workshop.role === 'facilitator' || workshop.isFacilitator
      ? 'facilitator'
      : workshop.role === 'observer'
        ? 'observer'
        : 'participant'
  return {
    workshopId,
    title: workshop.title,
    role,
    actorId: (me.kind === 'guest' ? me.guestId : me.userId) ?? '',
  }
}
