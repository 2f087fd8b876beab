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

export type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: ReactNode
  value: string
  onChange: (value: string) => void
  hint?: ReactNode
  /** A message about this field only, shown under it and tied to it. */
  error?: string
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
  large,
  id,
  className,
  ...rest
}: TextFieldProps) {
  const t = useMessages(messages)
  const autoId = useId()
  const inputId = id ?? autoId
  const hintId = `${inputId}-hint`
  const errorId = `${inputId}-error`
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>
        {label}
        {rest.required && <span className="required"> ({t('required')})</span>}
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input
        id={inputId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={large ? 'input-large' : undefined}
        {...rest}
      />
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  )
}

export type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & {
  label: ReactNode
  value: string
  onChange: (value: string) => void
  hint?: ReactNode
}

/** A labelled multi-line text input with an optional hint. */
export function TextAreaField({ label, value, onChange, hint, id, ...rest }: TextAreaFieldProps) {
  const t = useMessages(messages)
  const autoId = useId()
  const inputId = id ?? autoId
  const hintId = `${inputId}-hint`
  return (
    <div className="field">
      <label htmlFor={inputId}>
        {label}
        {rest.required && <span className="required"> ({t('required')})</span>}
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <textarea
        id={inputId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint ? hintId : undefined}
        {...rest}
      />
    </div>
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
