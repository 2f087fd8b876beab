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
import { Link } from './router.tsx'

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

/** What every field of the kit takes, whatever its control. */
interface FieldProps {
  label: ReactNode
  value: string
  onChange: (value: string) => void
  hint?: ReactNode
  /** A message about this field only, shown under it and tied to it. */
  error?: string
  /** A few words after the label, such as "(modifié)". */
  labelNote?: string
}

/** The field's own props, and the rest (the control's attributes). */
function splitField<P extends FieldProps>({ label, value, onChange, hint, error, labelNote, ...rest }: P) {
  return [{ label, value, onChange, hint, error, labelNote }, rest] as const
}

/** The attributes that tie a control to its frame: id, value and change, and the aria ties. */
interface ControlTie {
  id: string
  value: string
  onChange: (event: { target: { value: string } }) => void
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
}

/**
 * A FieldFrame around the control `control` draws with the attributes that tie it to the frame and
 * the props that are the control's own (`rest`: everything but the field's).
 */
function FramedControl<P extends FieldProps & { id?: string; required?: boolean }>({
  props: { id, ...props },
  className,
  control,
}: {
  props: P
  /** The frame's class. */
  className?: string
  control: (tie: ControlTie, rest: Omit<Omit<P, 'id'>, keyof FieldProps>) => ReactNode
}) {
  const autoId = useId()
  const controlId = id ?? autoId
  const [field, rest] = splitField(props)
  return (
    <FieldFrame
      id={controlId}
      label={field.label}
      required={props.required}
      labelNote={field.labelNote}
      hint={field.hint}
      error={field.error}
      className={className}
    >
      {control(
        {
          id: controlId,
          value: field.value,
          onChange: (event) => field.onChange(event.target.value),
          'aria-invalid': field.error ? true : undefined,
          'aria-describedby': fieldDescribedBy(controlId, field.hint, field.error),
        },
        rest,
      )}
    </FieldFrame>
  )
}

export type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> &
  FieldProps & {
    /** Larger type for codes read aloud. */
    large?: boolean
  }

/** A labelled text input with optional hint and error, tied to the input for screen readers. */
export function TextField({ large, className, ...props }: TextFieldProps) {
  return (
    <FramedControl
      props={props}
      className={className}
      control={(tie, rest) => <input {...tie} className={large ? 'input-large' : undefined} {...rest} />}
    />
  )
}

export type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> &
  FieldProps

/** A labelled multi-line text input with optional hint and error. */
export function TextAreaField(props: TextAreaFieldProps) {
  return <FramedControl props={props} control={(tie, rest) => <textarea {...tie} {...rest} />} />
}

export type ChoiceFieldProps = FieldProps & {
  id?: string
  /** [value, label] pairs. */
  options: [string, string][]
  disabled?: boolean
}

/** A labelled drop-down list with optional hint and error. */
export function ChoiceField({ options, ...props }: ChoiceFieldProps) {
  return (
    <FramedControl
      props={props}
      control={(tie, rest) => (
        <select {...tie} {...rest}>
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    />
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

/** A form's submit button: `label`, or `busyLabel` while the form is being sent (then it cannot be pressed). */
export function SubmitButton({
  busy,
  label,
  busyLabel,
  disabled,
  className = 'button',
}: {
  busy: boolean
  label: string
  busyLabel: string
  /** Not to be pressed for another reason (the form is not ready). */
  disabled?: boolean
  className?: string
}) {
  return (
    <button type="submit" className={className} disabled={busy || disabled}>
      {busy ? busyLabel : label}
    </button>
  )
}

/** The way back at the top of a page ("← Tableau de bord"). */
export function Breadcrumb({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="breadcrumb">
      <Link to={to}>{children}</Link>
    </p>
  )
}

/**
 * A page whose data is not there: "loading", or, when the load failed, the page's heading, the error
 * and a way back.
 */
export function NotLoaded(props: { error: unknown; title: string; back: { to: string; label: string } }) {
  if (!props.error) return <Loading />
  return (
    <div className="page">
      <h1>{props.title}</h1>
      <ErrorAlert error={props.error} />
      <Link to={props.back.to}>{props.back.label}</Link>
    </div>
  )
}

/**
 * A ticked box and its label (then `children`, such as a nested group), with an optional hint after
 * it, tied to the box for screen readers.
 */
export function Checkbox(props: {
  id: string
  label: ReactNode
  checked: boolean
  onChange: (checked: boolean) => void
  name?: string
  value?: string
  hint?: ReactNode
  children?: ReactNode
}) {
  return (
    <div className="checkbox">
      <input
        id={props.id}
        type="checkbox"
        name={props.name}
        value={props.value}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      {props.children}
    </div>
  )
}

/**
 * A table's header row, a column header per label; `actions` names a last column of buttons, for
 * screen readers only.
 */
export function TableHead({ columns, actions }: { columns: string[]; actions?: string }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {actions !== undefined && (
          <th scope="col">
            <span className="visually-hidden">{actions}</span>
          </th>
        )}
      </tr>
    </thead>
  )
}
