import { useEffect, useState } from 'react'
import { SIMILAR_TEXT_MIN, type SimilarIdea } from '../../shared/api/continuity.ts'
import { readSimilar } from './continuity-api.ts'

/** Pause after the last key before asking: one request per pause in typing, not per key. */
const DEBOUNCE_MS = 300

/**
 * Suggestions for the idea being written: earlier ideas like `text`, asked once typing pauses, the
 * previous request cancelled. Failures leave the list empty (a suggestion is a help, never a barrier).
 */
export function useSimilar(boardId: string, text: string): SimilarIdea[] {
  const [ideas, setIdeas] = useState<SimilarIdea[]>([])
  const query = text.trim()
  useEffect(() => {
    if (query.length < SIMILAR_TEXT_MIN) {
      setIdeas([])
      return
    }
    const controller = new AbortController()
    const timer = setTimeout(() => {
      readSimilar(boardId, query, controller.signal).then(setIdeas, () => {
        if (!controller.signal.aborted) setIdeas([])
      })
    }, DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [boardId, query])
  return ideas
}
