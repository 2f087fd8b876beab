/** Workshops as the API returns them (DESIGN.md section 4). */

export type Phase = 'ideation' | 'clustering' | 'voting' | 'closed'

export interface Facilitator {
  id?: string
  userId?: string
  displayName: string
  email?: string
}

/** `GET /api/workshops` items, `GET /api/workshops/:id` and `POST /api/workshops` answers. */
export interface Workshop {
  id: string
  title: string
  boardId: string
  contractId: string
  contractTitle?: string
  phase: Phase
  createdAt?: string
  isFacilitator?: boolean
  /** null once revoked and not replaced. */
  joinCode?: string | null
  observerCode?: string | null
  facilitators?: Facilitator[]
  priorityCodes?: string[]
}

/** `POST /api/join` answer. */
export interface JoinResult {
  workshopId: string
  boardId: string
  role: 'participant' | 'observer'
  title?: string
}
