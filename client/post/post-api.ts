import type { ChangedIdea, IdeaChangeInput, IdeasByZone, PostedIdea } from '../../shared/api/boards.ts'
import { apiGet, apiPost, apiRequest } from '../app/api.ts'
import { type ListedZone, readIdeasAnswer } from './ideas-answer.ts'

/**
 * Every write of the list page, over HTTP: the server checks each against the rights table
 * (shared/board/rights.ts) and answers a refusal as `{error:{code,message}}`, which the calls throw as
 * `ApiError`. Routes: DESIGN.md "Rights" and "Secret ballot".
 */

const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

/** Where a new idea goes: the zone of a priority (and action), or the loose area when omitted. */
export interface IdeaPlace {
  priorityCode?: string
  actionCode?: string
}

/** Posts a new idea. */
export function postIdea(boardId: string, text: string, place: IdeaPlace): Promise<PostedIdea> {
  return apiPost<PostedIdea>(`${board(boardId)}/ideas`, {
    text,
    ...(place.priorityCode ? { priorityCode: place.priorityCode } : {}),
    ...(place.priorityCode && place.actionCode ? { actionCode: place.actionCode } : {}),
  })
}

/** A change to an idea (PATCH): its text or colour, or where it is (zone codes, or a cluster). */
export type IdeaChange = IdeaChangeInput

/** Changes an idea (PATCH). */
export function changeIdea(boardId: string, ideaId: string, change: IdeaChange): Promise<ChangedIdea> {
  return apiRequest<ChangedIdea>('PATCH', `${board(boardId)}/ideas/${encodeURIComponent(ideaId)}`, change)
}

/** Deletes an idea (204). */
export function deleteIdea(boardId: string, ideaId: string): Promise<void> {
  return apiRequest<void>('DELETE', `${board(boardId)}/ideas/${encodeURIComponent(ideaId)}`)
}

/** The ideas by zone as text, with `mine` and, during silent writing, one's private ideas. */
export async function readIdeas(boardId: string, signal?: AbortSignal): Promise<ListedZone[]> {
  return readIdeasAnswer(await apiGet<IdeasByZone>(`${board(boardId)}/ideas`, signal))
}

// The ballot's calls are shared with the canvas (client/board/votes.ts).
export { putVote, readVotes, type VotesAnswer } from '../app/ballot-api.ts'
