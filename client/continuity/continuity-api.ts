import type { CarryResult, IdeaLink, SimilarIdea, WaitingIdeas } from '../../shared/api/continuity.ts'
import { apiGet, apiPost, apiRequest } from '../app/api.ts'

/** Calls of continuity across workshops (server/continuity/routes.ts). */

const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`
const card = (boardId: string, ideaId: string) => `${board(boardId)}/ideas/${encodeURIComponent(ideaId)}`

/** Ideas of the council's earlier workshops on this contract that resemble `text`. */
export function readSimilar(boardId: string, text: string, signal?: AbortSignal): Promise<SimilarIdea[]> {
  return apiGet<SimilarIdea[]>(`${board(boardId)}/similar?text=${encodeURIComponent(text)}`, signal)
}

export function linkIdea(boardId: string, ideaId: string, earlierIdeaId: string): Promise<IdeaLink> {
  return apiRequest<IdeaLink>('PUT', `${card(boardId, ideaId)}/link`, { earlierIdeaId })
}

export function unlinkIdea(boardId: string, ideaId: string): Promise<void> {
  return apiRequest<void>('DELETE', `${card(boardId, ideaId)}/link`)
}

/** The board's links (facilitators). */
export function readLinks(boardId: string, signal?: AbortSignal): Promise<IdeaLink[]> {
  return apiGet<IdeaLink[]>(`${board(boardId)}/links`, signal)
}

export function readWaiting(contractId: string, signal?: AbortSignal): Promise<WaitingIdeas> {
  return apiGet<WaitingIdeas>(`/api/contracts/${encodeURIComponent(contractId)}/waiting-ideas`, signal)
}

export function carryWaiting(workshopId: string, ideaIds: string[]): Promise<CarryResult> {
  return apiPost<CarryResult>(`/api/workshops/${encodeURIComponent(workshopId)}/waiting-ideas`, { ideaIds })
}
