import type { FormEvent } from 'react'
import { useAction } from './use-action.ts'

export interface Submission {
  /** True while `send` runs; it stays true after a success, as the page then moves on. */
  busy: boolean
  /** Why the last send failed, undefined otherwise. */
  error: unknown
  /** The form's onSubmit. */
  submit: (event: FormEvent) => Promise<void>
}

/**
 * A form sent once: on submit, clears the last error and runs `send` (which navigates away when it
 * succeeds); a failure is kept for the form's ErrorAlert and lets the person send again.
 */
export function useSubmit(send: () => Promise<void>): Submission {
  const { busy, error, run } = useAction()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    await run(send, { leaves: true })
  }
  return { busy, error, submit }
}
