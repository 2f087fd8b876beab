import {
  type InputHTMLAttributes,
  type ReactNode,
  type TextareaHTMLAttributes,
  useEffect,
  useId,
  useState,
} from 'react'
import { errorText } from '../../shared/http/error-codes.ts'
import { ApiError } from './api.ts'
import { useLocale, useMessages } from './i18n.tsx'
import { messages } from './messages.ts'

/**
 * Small building blocks shared by the pages: labelled fields, announced errors, a copy button and the
 * page title. They carry the accessibility rules once (labels tied to inputs, hints and errors tied
 * with aria-describedby, errors in role=alert).
 */

/** Sets `document.title` to `title · Kenlabour` while the page is shown. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Kenlabour` : 'Kenlabour'
  }, [title])
}

/**
 * The text to show for a failed call: a translated sentence for the common failures, the server's own
 * message (French, precise) otherwise.
 */
export function useErrorText(): (error: unknown) => string {
  const t = useMessages(messages)
  const { locale } = useLocale()
  return (error: unknown) => {
    if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
    if (error.code === 'network') return t('errorNetwork')
    if (error.status === 429) return t('errorRateLimited')
    if (error.status === 413) return t('errorTooLarge')
    if (error.status >= 500) return t('errorServer')
    // The server's sentences are French and say the specifics; other readers get the sentence for
    // the code (shared/http/error-codes.ts), else a generic one by status.
    if (locale === 'fr') return error.message
    const known = errorText(error.code, locale, error.details)
    if (known) return known
    if (error.status === 401) return t('errorUnauthorized')
    if (error.status === 403) return t('errorForbidden')
    if (error.status === 404) return t('errorNotFound')
    return error.message
  }
}

/** An error message, announced by screen readers as soon as it appears. Renders nothing without error. */
export function ErrorAlert({ error, children }: { error?: unknown; children?: ReactNode }) {
  const errorText = useErrorText()
  if (!error && !children) return null
  return (
    <p className="alert" role="alert">
      {children ?? errorText(error)}
    </p>
  )
}

/**
 * The frame of every form field (the one kit of the client): a label (marked when required, with an
 * optional note such as "edited"), an optional hint, the control, and the field's error, the hint and
 * error tied to the control for screen readers (`fieldDescribedBy`).
 */
export function FieldFrame(props: {
  id: string
  label: ReactNode
  required?: boolean
  /** A few words after the label, such as "(modifié)". */
  labelNote?: string
  hint?: ReactNode
  error?: string
  className?: string
  children: ReactNode
}) {
  const t = useMessages(messages)
  return (
    <div className={`field${props.className ? ` ${props.className}` : ''}`}>
      <label htmlFor={props.id}>
        {props.label}
        {props.required && <span className="required"> ({t('required')})</span>}
        {props.labelNote && <span className="edited-mark"> ({props.labelNote})</span>}
      </label>
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  )
}

/** The aria-describedby of a control in a FieldFrame with this hint and error. */
export function fieldDescribedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
}

export type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: ReactNode
  value: string
  onChange: (value: string) => void
  hint?: ReactNode
  /** A message about this field only, shown under it and tied to it. */
  error?: string
  /** A few words after the label, such as "(modifié)". */
  labelNote?: string
  /** Larger type for codes read aloud. */
  large?: boolean
}

/** A labelled text input with optional hint and error, tied to the input for screen readers. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  labelNote,
  large,
  id,
  className,
  ...rest
}: TextFieldProps) {
  const autoId = useId()
  const inputId = id ?? autoId
  return (
    <FieldFrame
      id={inputId}
      label={label}
      required={rest.required}
      labelNote={labelNote}
      hint={hint}
      error={error}
      className={className}
    >
      <input
        id={inputId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={fieldDescribedBy(inputId, hint, error)}
        className={large ? 'input-large' : undefined}
        {...rest}
      />
    </FieldFrame>
  )
}

export type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & {
  label: ReactNode
  value: string
  onChange: (value: string) => void
  hint?: ReactNode
  error?: string
  labelNote?: string
}

/** A labelled multi-line text input with optional hint and error. */
export function TextAreaField({
  label,
  value,
  onChange,
  hint,
  error,
  labelNote,
  id,
  ...rest
}: TextAreaFieldProps) {
  const autoId = useId()
  const inputId = id ?? autoId
  return (
    <FieldFrame
      id={inputId}
      label={label}
      required={rest.required}
      labelNote={labelNote}
      hint={hint}
      error={error}
    >
      <textarea
        id={inputId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={fieldDescribedBy(inputId, hint, error)}
        {...rest}
      />
    </FieldFrame>
  )
}

export type ChoiceFieldProps = {
  id?: string
  label: ReactNode
  value: string
  onChange: (value: string) => void
  /** [value, label] pairs. */
  options: [string, string][]
  hint?: ReactNode
  error?: string
  labelNote?: string
  disabled?: boolean
}

/** A labelled drop-down list with optional hint and error. */
export function ChoiceField(props: ChoiceFieldProps) {
  const autoId = useId()
  const id = props.id ?? autoId
  return (
    <FieldFrame id={id} label={props.label} labelNote={props.labelNote} hint={props.hint} error={props.error}>
      <select
        id={id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={fieldDescribedBy(id, props.hint, props.error)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  )
}

/** A button that copies `text`, then says so in a polite live region. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useMessages(messages)
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (status === 'idle') return
    const timer = setTimeout(() => setStatus('idle'), 4000)
    return () => clearTimeout(timer)
  }, [status])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setStatus('copied')
    } catch {
      setStatus('failed')
    }
  }
  return (
    <span className="copy">
      <button type="button" className="button button-secondary" onClick={copy}>
        {label ?? t('copy')}
      </button>
      <span className="copy-status" aria-live="polite">
        {status === 'copied' ? t('copied') : status === 'failed' ? t('copyFailed') : ''}
      </span>
    </span>
  )
}

/** A centred "loading" line for pages waiting on the server, announced politely. */
export function Loading() {
  const t = useMessages(messages)
  return (
    <p className="loading" aria-live="polite">
      {t('loading')}
    </p>
  )
}
