import type { VotesAnswer } from '../../shared/api/votes.ts'
import { apiGet, apiRequest } from './api.ts'

/**
 * The secret ballot over HTTP (DESIGN.md "Secret ballot"): a person reads and sets only their own dots;
 * totals come with the answer only when the server lets this person see them (a facilitator, or anyone
 * once the vote is revealed). Used by the canvas (board/votes.ts) and the list page (post/).
 */

const votes = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/votes`

/** GET /votes: my dots, what I have left, and the totals once revealed. */
export type { VotesAnswer }

/** Reads my ballot. */
export async function readVotes(boardId: string, signal?: AbortSignal): Promise<VotesAnswer> {
  const answer = await apiGet<Partial<VotesAnswer>>(votes(boardId), signal)
  return {
    mine: answer.mine ?? {},
    remaining: typeof answer.remaining === 'number' ? answer.remaining : 0,
    revealed: answer.revealed === true,
    ...(answer.totals ? { totals: answer.totals } : {}),
  }
}

/** Sets my dots on one idea or cluster: the server answers what it kept and what I have left. */
export function putVote(
  boardId: string,
  targetId: string,
  dots: number,
): Promise<{ dots: number; remaining: number }> {
  return apiRequest('PUT', `${votes(boardId)}/${encodeURIComponent(targetId)}`, { dots })
}
