import * as Y from 'yjs'

/**
 * The plain content of a board document (format v1, DESIGN.md section 3): its records by id and its
 * votes. Read without YKeyValue, whose constructor cleans duplicate keys up by writing to the document:
 * a read must never change the board. The same rule applies here by hand: for a key written twice,
 * the entry further right in the array wins.
 */
export interface BoardContent {
  records: Record<string, unknown>
  /** Participant id → idea shape id → dots given. */
  votes: Record<string, Record<string, number>>
}

/** Reads records and votes from a board document. */
export function readBoardContent(doc: Y.Doc): BoardContent {
  const records: Record<string, unknown> = {}
  for (const entry of doc.getArray<{ key: string; val: unknown }>('records').toArray()) {
    if (entry && typeof entry === 'object' && typeof entry.key === 'string') records[entry.key] = entry.val
  }
  const votes: Record<string, Record<string, number>> = {}
  for (const [participant, given] of doc.getMap<unknown>('votes').entries()) {
    if (!(given instanceof Y.Map)) continue
    const dots: Record<string, number> = {}
    for (const [ideaId, count] of given.entries()) {
      // Only whole positive counts are dots; anything else a client might have written is ignored.
      if (typeof count === 'number' && Number.isInteger(count) && count > 0) dots[ideaId] = count
    }
    votes[participant] = dots
  }
  return { records, votes }
}

/** Dots per idea: the sum over every participant's votes. */
export function dotsPerIdea(votes: BoardContent['votes']): Map<string, number> {
  const totals = new Map<string, number>()
  for (const given of Object.values(votes)) {
    for (const [ideaId, count] of Object.entries(given)) totals.set(ideaId, (totals.get(ideaId) ?? 0) + count)
  }
  return totals
}

/** The whole document as one Yjs update, to keep with a snapshot. */
export function encodeBoardState(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc)
}
