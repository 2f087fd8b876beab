import * as Y from 'yjs'
import { withoutRefusedText } from '../http/text-rule.ts'

/**
 * The plain content of a board for conversion: its records by id (read from the document) and the
 * dots given on it (board format v2: from the server's ballot, board_votes; `readBoardContent` falls
 * back on a v1 document's `votes` root, for documents built outside a live board). Records are read
 * without YKeyValue, whose constructor cleans duplicate keys up by writing to the document: a read must
 * never change the board. The same rule applies here by hand: for a key written twice, the entry
 * further right in the array wins. Text on a board came over Yjs, not through the HTTP schemas: NUL and
 * lone surrogates are removed from the records read (http/text-rule.ts), as Postgres could not store
 * them in project records.
 */
export interface BoardContent {
  records: Record<string, unknown>
  /** Voter id → target shape id (idea or cluster) → dots given. */
  votes: Record<string, Record<string, number>>
}

/** One ballot row (votes/repository.ts BallotRow). */
export interface GivenDots {
  actorId: string
  targetId: string
  dots: number
}

/** Ballot rows as voter → target → dots (the shape a board snapshot keeps). */
export function votesByVoter(rows: readonly GivenDots[]): Record<string, Record<string, number>> {
  const votes: Record<string, Record<string, number>> = {}
  for (const row of rows) {
    if (!Number.isInteger(row.dots) || row.dots <= 0) continue
    votes[row.actorId] ??= {}
    votes[row.actorId]![row.targetId] = row.dots
  }
  return votes
}

/**
 * Reads records from a board document, and dots from `ballot` when given (a live board's ballot), else
 * from the document's v1 `votes` root.
 */
export function readBoardContent(doc: Y.Doc, ballot?: readonly GivenDots[]): BoardContent {
  const records: Record<string, unknown> = {}
  for (const entry of doc.getArray<{ key: string; val: unknown }>('records').toArray()) {
    if (entry && typeof entry === 'object' && typeof entry.key === 'string')
      records[withoutRefusedText(entry.key)] = withoutRefusedText(entry.val)
  }
  if (ballot) return { records, votes: votesByVoter(ballot) }
  const votes: Record<string, Record<string, number>> = {}
  for (const [participant, given] of doc.getMap<unknown>('votes').entries()) {
    if (!(given instanceof Y.Map)) continue
    const dots: Record<string, number> = {}
    for (const [targetId, count] of given.entries()) {
      // Only whole positive counts are dots; anything else a client might have written is ignored.
      if (typeof count === 'number' && Number.isInteger(count) && count > 0) dots[targetId] = count
    }
    votes[participant] = dots
  }
  return { records, votes }
}

/** Dots per target (idea or cluster): the sum over every voter. */
export function dotsPerTarget(votes: BoardContent['votes']): Map<string, number> {
  const totals = new Map<string, number>()
  for (const given of Object.values(votes)) {
    for (const [targetId, count] of Object.entries(given))
      totals.set(targetId, (totals.get(targetId) ?? 0) + count)
  }
  return totals
}

/** The whole document as one Yjs update, to keep with a snapshot. */
export function encodeBoardState(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc)
}
