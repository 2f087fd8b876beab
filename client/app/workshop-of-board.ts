import type { GuestWorkshopView, WorkshopView } from '../../shared/api/workshops.ts'
import type { BoardRole } from '../../shared/board/rights.ts'
import { ApiError, apiGet } from './api.ts'
import type { Me } from './session.tsx'

/** The workshop behind a board as the signed-in person may see it, and their role on the board. */
export interface WorkshopOfBoard {
  workshop: WorkshopView | GuestWorkshopView
  role: BoardRole
  /** The person's id on the board: a guest id or a user id (the author id of their cards). */
  actorId: string
}

/**
 * Finds the workshop of `boardId` for `me`, with their role as the server's board access decides it
 * (server/auth/board-access.ts): a guest has the role of their code; an account facilitates it or, as
 * any other member of the council, takes part. 'denied' when the person has no access to that board.
 * Used by the board page and the list page (this module does not load tldraw).
 */
export async function findWorkshopOfBoard(
  me: Me,
  boardId: string,
  signal?: AbortSignal,
): Promise<WorkshopOfBoard | 'denied'> {
  let workshopId = me.kind === 'guest' ? me.workshopId : undefined
  if (!workshopId && me.kind === 'account') {
    const list = await apiGet<WorkshopView[]>('/api/workshops', signal)
    workshopId = list.find((w) => w.boardId === boardId)?.id
  }
  if (!workshopId) return 'denied'
  let workshop: WorkshopView | GuestWorkshopView
  try {
    workshop = await apiGet<WorkshopView | GuestWorkshopView>(
      `/api/workshops/${encodeURIComponent(workshopId)}`,
      signal,
    )
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return 'denied'
    throw error
  }
  if (workshop.boardId !== boardId) return 'denied'
  const role: BoardRole =
    workshop.role === 'facilitator' || ('isFacilitator' in workshop && workshop.isFacilitator)
      ? 'facilitator'
      : workshop.role === 'observer'
        ? 'observer'
        : 'participant'
  return { workshop, role, actorId: (me.kind === 'guest' ? me.guestId : me.userId) ?? '' }
}
