/** Workshops as the API returns them: the types come from the HTTP contract in shared/api/. */

export type { Facilitator, WorkshopCodes, WorkshopView as Workshop } from '../../shared/api/workshops.ts'
export type { Phase } from '../../shared/workshop/live-state.ts'
