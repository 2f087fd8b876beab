import { apiGet, apiPost, apiRequest } from '../app/api.ts'
import { type ListedZone, readIdeasAnswer } from './ideas-answer.ts'

/**
 * Every write of the list page, over HTTP: the server checks each against the rights table
 * (shared/board/rights.ts) and answers a refusal as `{error:{code,message}}`, which the calls throw as
 * `ApiError`. Routes: DESIGN.md "Rights" and "Secret ballot".
 */

const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

/** What POST /ideas answers (the fields the page uses). */
export interface PostedIdea {
  id: string
  text: string
  /** During silent writing: kept by the server, seen by its author and facilitators only. */
  private?: boolean
}

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

/**
 * A change to an idea: its text or colour, or where it is. A zone is named by its codes; `clusterId`
 * puts it into that cluster, `null` takes it out of its cluster.
 */
export interface IdeaChange {
  text?: string
  color?: string
  priorityCode?: string
  actionCode?: string
  clusterId?: string | null
}

/** Changes an idea (PATCH). */
export function changeIdea(boardId: string, ideaId: string, change: IdeaChange): Promise<unknown> {
  return apiRequest('PATCH', `${board(boardId)}/ideas/${encodeURIComponent(ideaId)}`, change)
}

/** Deletes an idea (204). */
export function deleteIdea(boardId: string, ideaId: string): Promise<void> {
  return apiRequest<void>('DELETE', `${board(boardId)}/ideas/${encodeURIComponent(ideaId)}`)
}

/** The ideas by zone as text, with `mine` and, during silent writing, one's private ideas. */
export async function readIdeas(boardId: string, signal?: AbortSignal): Promise<ListedZone[]> {
  return readIdeasAnswer(await apiGet(`${board(boardId)}/ideas`, signal))
}

// The ballot's calls are shared with the canvas (client/board/votes.ts).
export { putVote, readVotes, type VotesAnswer } from '../app/ballot-api.ts'
