import { useCallback, useEffect, useRef, useState } from 'react'
import { putVote, readVotes, type VotesAnswer } from './post-api.ts'

/** My ballot as the page shows it: the server keeps it (secret ballot), the page only asks. */
export type Ballot = VotesAnswer

export interface BallotHandle {
  /** Null until first read (or when it could not be read). */
  ballot: Ballot | null
  /** Why the ballot could not be read, if it could not. */
  loadError: unknown
  /**
   * Gives (+1) or takes back (-1) one dot on an idea or cluster. Calls run one after another, each from
   * what the previous one left, so quick taps never send the same count twice. Resolves with what the
   * server kept; rejects with its refusal.
   */
  change(targetId: string, delta: 1 | -1): Promise<{ dots: number; remaining: number }>
}

/**
 * Reads my ballot when the page opens and again whenever `refreshKey` changes: the server's `votes`
 * nudge (someone's dots changed: mine from another tab, or the totals for a facilitator), a new phase,
 * the reveal. Never polls.
 */
export function useBallot(boardId: string, enabled: boolean, refreshKey: string): BallotHandle {
  const [ballot, setBallot] = useState<Ballot | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const current = useRef<Ballot | null>(null)
  const writes = useRef(0)
  const queue = useRef<Promise<unknown>>(Promise.resolve())

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the reason to read again
  useEffect(() => {
    if (!enabled) return
    const abort = new AbortController()
    const writesBefore = writes.current
    readVotes(boardId, abort.signal).then(
      (answer) => {
        // A write that ended meanwhile holds newer dots than this read.
        if (abort.signal.aborted || writes.current !== writesBefore) return
        current.current = answer
        setBallot(answer)
        setLoadError(null)
      },
      (error) => {
        if (!abort.signal.aborted) setLoadError(error)
      },
    )
    return () => abort.abort()
  }, [boardId, enabled, refreshKey])

  const change = useCallback(
    (targetId: string, delta: 1 | -1) => {
      const run = async () => {
        const mine = current.current?.mine ?? {}
        const dots = Math.max(0, (mine[targetId] ?? 0) + delta)
        const answer = await putVote(boardId, targetId, dots)
        writes.current += 1
        const next: Ballot = {
          ...(current.current ?? { revealed: false }),
          mine: { ...(current.current?.mine ?? {}), [targetId]: answer.dots },
          remaining: answer.remaining,
        }
        current.current = next
        setBallot(next)
        return answer
      }
      const result = queue.current.then(run, run)
      queue.current = result.catch(() => {})
      return result
    },
    [boardId],
  )

  return { ballot, loadError, change }
}
