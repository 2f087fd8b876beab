import { type ReactNode, useId, useRef, useState } from 'react'
import { typedNameMatches } from '../../shared/api/deletion.ts'
import { useMessages } from './i18n.tsx'
import { messages } from './messages.ts'
import { ErrorAlert, TextField } from './ui.tsx'
import './delete-action.css'

export interface DeleteActionProps {
  /** The button that opens the confirmation ("Supprimer l'atelier…"). */
  label: string
  /** The dialog's heading, a question ("Supprimer l'atelier « Mobilités » ?"). */
  title: string
  /** What goes and what stays, in a sentence or two. */
  children: ReactNode
  /** The button that deletes ("Supprimer définitivement"). */
  confirmLabel: string
  /**
   * A name the person must type before the delete button works (the council's): a second, deliberate
   * step for what cannot be undone at all. `label` names the field.
   */
  typedName?: { label: string; expected: string }
  /**
   * Deletes. Resolving ends the dialog (the page then goes elsewhere or reloads); a throw shows the
   * server's error in the dialog (409: what still depends on it) and keeps it open.
   */
  onConfirm: (typed: string) => Promise<void>
  /** Sets the test id of the opening button (the dialog's is `${testId}-dialog`). */
  testId?: string
  /** Class of the opening button (default: a danger button). */
  className?: string
}

/**
 * The one way to delete something in the client: a button that opens a modal confirmation. A native
 * `<dialog>` shown with showModal(), so the browser keeps focus inside it, closes it on Escape, makes
 * the page behind inert and draws it in the top layer, centred and within the viewport on any screen.
 * Focus starts on "Cancel" (or on the name to type), never on the button that deletes.
 */
export function DeleteAction(props: DeleteActionProps) {
  const t = useMessages(messages)
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const bodyId = useId()
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const confirmed = !props.typedName || typedNameMatches(typed, props.typedName.expected)

  const open = () => {
    setTyped('')
    setError(undefined)
    dialog.current?.showModal()
  }
  const close = () => {
    if (!busy) dialog.current?.close()
  }
  const confirm = async () => {
    if (!confirmed || busy) return
    setBusy(true)
    setError(undefined)
    try {
      await props.onConfirm(typed)
      dialog.current?.close()
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button
        type="button"
        className={props.className ?? 'button button-danger'}
        onClick={open}
        data-testid={props.testId}
      >
        {props.label}
      </button>
      <dialog
        ref={dialog}
        className="delete-dialog"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid={props.testId ? `${props.testId}-dialog` : undefined}
        // Escape while the delete runs would hide its outcome.
        onCancel={(event) => {
          if (busy) event.preventDefault()
        }}
      >
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault()
            void confirm()
          }}
        >
          <h2 id={titleId}>{props.title}</h2>
          <div id={bodyId} className="delete-dialog-body">
            {props.children}
            <p className="delete-dialog-warning">{t('deleteCannotUndo')}</p>
          </div>
          {props.typedName && (
            <TextField
              label={props.typedName.label}
              value={typed}
              onChange={setTyped}
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              // The dialog opens to type the name: nothing else to do first.
              autoFocus
            />
          )}
          <ErrorAlert error={error} />
          <p className="actions delete-dialog-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={close}
              disabled={busy}
              // biome-ignore lint/a11y/noAutofocus: a destructive dialog opens on its harmless choice.
              autoFocus={!props.typedName}
            >
              {t('cancel')}
            </button>
            <button
              type="submit"
              className="button button-danger"
              disabled={!confirmed || busy}
              data-testid={props.testId ? `${props.testId}-confirm` : undefined}
            >
              {busy ? t('deleting') : props.confirmLabel}
            </button>
          </p>
        </form>
      </dialog>
    </>
  )
}

/**
 * A page's delete section: set apart at the end of the page, a heading, who may (or what must go
 * first), and the DeleteAction. `heading` and `intro` are the section's; the rest is DeleteAction's.
 */
export function DeleteSection({
  heading,
  intro,
  ...action
}: DeleteActionProps & { heading: string; intro?: string }) {
  const headingId = useId()
  return (
    <section className="delete-zone" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {intro && <p className="hint">{intro}</p>}
      <DeleteAction {...action} />
    </section>
  )
}
