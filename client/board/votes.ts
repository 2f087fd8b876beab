import * as Y from 'yjs'
import { votes } from '../../shared/board/document.ts'
import { allVotes, myDotsLeft, session } from './board-state.ts'

/**
 * Dot voting in the board document (format v1): `votes` maps each actor id to a Y.Map of target shape
 * id → dots. A client writes only its own entry; the server refuses writes to others' entries and dots
 * beyond the workshop's allowance, so these checks are for a responsive interface, not for security.
 */

let currentDoc: Y.Doc | null = null

/** Follows `doc`'s votes into the `allVotes` signal; returns the function that stops following. */
export function watchVotes(doc: Y.Doc): () => void {
  currentDoc = doc
  const map = votes(doc)
  const read = () => {
    const result: Record<string, Record<string, number>> = {}
    map.forEach((entry, actorId) => {
      if (!(entry instanceof Y.Map)) return
      const dots: Record<string, number> = {}
      entry.forEach((n, target) => {
        if (typeof n === 'number' && Number.isFinite(n) && n > 0) dots[target] = n
      })
      result[actorId] = dots
    })
    allVotes.set(result)
  }
  read()
  map.observeDeep(read)
  return () => {
    map.unobserveDeep(read)
    if (currentDoc === doc) currentDoc = null
  }
}

function myEntry(doc: Y.Doc): Y.Map<number> {
  const map = votes(doc)
  const actorId = session.get().actorId
  let entry = map.get(actorId)
  if (!(entry instanceof Y.Map)) {
    entry = new Y.Map<number>()
    map.set(actorId, entry)
  }
  return entry
}

/** Gives one of my dots to `targetId`, if I have one left. */
export function giveDot(targetId: string): void {
  const doc = currentDoc
  if (!doc || myDotsLeft.get() <= 0) return
  doc.transact(() => {
    const entry = myEntry(doc)
    entry.set(targetId, (entry.get(targetId) ?? 0) + 1)
  })
}

/** Takes back one of my dots from `targetId`. */
export function takeDot(targetId: string): void {
  const doc = currentDoc
  if (!doc) return
  doc.transact(() => {
    const entry = myEntry(doc)
    const current = entry.get(targetId) ?? 0
    if (current <= 1) entry.delete(targetId)
    else entry.set(targetId, current - 1)
  })
}
