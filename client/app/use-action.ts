import { useState } from 'react'

export interface Action {
  /** True while an action runs. */
  busy: boolean
  /** Why the last action failed (or what the page said was wrong before running it), else undefined. */
  error: unknown
  /** Sets or clears the error without running anything (a form to fix first, a panel closed). */
  setError: (error: unknown) => void
  /**
   * Runs `act` while `busy`, after clearing the last error; what it throws becomes the error. With
   * `leaves`, the action moves to another page when it succeeds: `busy` then stays true, so its button
   * cannot be pressed again while the page goes.
   */
  run: (act: () => Promise<void>, options?: { leaves?: boolean }) => Promise<void>
}

/**
 * The state of a button or form that calls the server: busy while the call runs, the failure kept for
 * an ErrorAlert. The one place where a page's "busy, error, try again" is written.
 */
export function useAction(): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const run = async (act: () => Promise<void>, options: { leaves?: boolean } = {}) => {
    setBusy(true)
    setError(undefined)
    try {
      await act()
      if (!options.leaves) setBusy(false)
    } catch (failure) {
      setError(failure)
      setBusy(false)
    }
  }
  return { busy, error, setError, run }
}
