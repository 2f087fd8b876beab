import { type ReactNode, useState } from 'react'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { ErrorAlert, SubmitButton } from '../app/ui.tsx'
import { useAction } from '../app/use-action.ts'

/**
 * What a panel of the record page saved on its own (follow-up, publication) gets: the record, and where
 * to give the saved record back (PATCH with the record's version), so the main form's unsaved edits stay.
 */
export interface RecordPanelProps {
  record: ProjectRecord
  onSaved: (saved: ProjectRecord) => void
}

/** A part of a page saved on its own (a record, its follow-up, its publication): where its save stands. */
export interface Save {
  /** True while a save runs. */
  busy: boolean
  /** Why the last save failed, undefined otherwise. */
  error: unknown
  /** What the last save did ("Enregistré."), until the next save or change. */
  notice: string | undefined
  /**
   * Saves: clears the last error and notice, then runs `act` while `busy`; what it answers is the
   * notice to show, what it throws the error.
   */
  run: (act: () => Promise<string | undefined>) => Promise<void>
  /** Fails without running (the form has errors to fix first). */
  fail: (error: unknown) => void
  /** The person changed something since: the last notice no longer holds. */
  clearNotice: () => void
}

/**
 * The state of a part of a page that is edited, then saved with the version it was read at: the
 * shell's useAction, and the notice of the last save.
 */
export function useSave(): Save {
  const { busy, error, setError, run: runAction } = useAction()
  const [notice, setNotice] = useState<string>()
  const run = (act: () => Promise<string | undefined>) => {
    setNotice(undefined)
    return runAction(async () => setNotice(await act()))
  }
  const fail = (failure: unknown) => {
    setError(failure)
    setNotice(undefined)
  }
  return { busy, error, notice, run, fail, clearNotice: () => setNotice(undefined) }
}

/** What the last save came to: its error (announced at once) and its notice (announced politely). */
export function SaveOutcome({ error, notice }: { error: unknown; notice: string | undefined }) {
  return (
    <>
      <ErrorAlert error={error} />
      <p className="notice" role="status">
        {notice}
      </p>
    </>
  )
}

/** The end of a saved form: the outcome of its last save, then its save button (and `children`). */
export function SaveFooter({
  save,
  label,
  busyLabel,
  className = 'actions',
  children,
}: {
  save: Pick<Save, 'busy' | 'error' | 'notice'>
  label: string
  busyLabel: string
  /** The class of the button's paragraph. */
  className?: string
  children?: ReactNode
}) {
  return (
    <>
      <SaveOutcome error={save.error} notice={save.notice} />
      <p className={className}>
        <SubmitButton busy={save.busy} label={label} busyLabel={busyLabel} />
        {children}
      </p>
    </>
  )
}
