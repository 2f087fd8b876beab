/** Workshops as the API returns them (DESIGN.md section 4). */

import type { Phase } from '../../shared/workshop/live-state.ts'

export type { Phase }

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
  /** The zones the board started with: a priority, or one of its actions. */
  startZones?: { priorityCode: string; actionCode: string }[]
  role?: 'facilitator' | 'member' | 'participant' | 'observer'
  locked?: boolean
}

/** `POST /api/join` answer. */
export interface JoinResult {
  workshopId: string
  boardId: string
  role: 'participant' | 'observer'
  title?: string
}
