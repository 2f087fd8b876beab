import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react'

export interface Loaded<T> {
  /** The last answer: undefined while loading for new deps, kept while a reload runs. */
  data: T | undefined
  /** Why the last load failed, undefined otherwise. */
  error: unknown
  /** Loads again (after a change made on the page). */
  reload: () => void
  /** Replaces the data (an answer the page got otherwise, e.g. from a save). */
  setData: (data: T) => void
}

/**
 * The one way a page loads data: runs `load` when `deps` change (and on `reload`), aborts the request
 * before it when a newer one starts or the page goes, and ignores a late answer. `load` answers
 * undefined when there is nothing to load yet (the session is still being read, say). Why our own and not a
 * library (TanStack Query): pages load once and reload after their own writes; there is no shared
 * cache to keep fresh across pages, and this is the whole of what they need.
 */
export function useLoad<T>(
  load: (signal: AbortSignal) => Promise<T> | undefined,
  deps: DependencyList,
): Loaded<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<unknown>()
  const [round, setRound] = useState(0)
  const latest = useRef(load)
  latest.current = load
  const roundLoaded = useRef(round)

  useEffect(() => {
    const controller = new AbortController()
    setError(undefined)
    // Other deps (another record, other filters): what was shown is not theirs. A reload keeps it.
    if (roundLoaded.current === round) setData(undefined)
    roundLoaded.current = round
    latest.current(controller.signal)?.then(
      (answer) => {
        if (!controller.signal.aborted) setData(answer)
      },
      (failure) => {
        if (!controller.signal.aborted) setError(failure)
      },
    )
    return () => controller.abort()
  }, [...deps, round])

  const reload = useCallback(() => setRound((n) => n + 1), [])
  return { data, error, reload, setData }
}
