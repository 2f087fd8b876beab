import { type ReactNode, useId } from 'react'

/**
 * The fields of the project record form: a label (marked when the field is required, or was edited by
 * hand since the conversion from the board), an optional hint, the control, and the field's error, all
 * tied together for screen readers (aria-describedby, aria-invalid).
 */

export interface FieldProps {
  label: string
  hint?: ReactNode
  error?: string
  id?: string
  edited?: boolean
  editedLabel?: string
}

function FieldFrame({
  label,
  hint,
  error,
  id,
  edited,
  editedLabel,
  required,
  children,
}: FieldProps & { id: string; required?: boolean; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> *</span>}
        {edited && <span className="edited-mark"> ({editedLabel})</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {label} : {error}
        </p>
      )}
    </div>
  )
}

function describedBy(id: string, hint?: ReactNode, error?: string) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
}

export function Text(
  props: FieldProps & {
    value: string
    onChange: (v: string) => void
    type?: string
    required?: boolean
    inputMode?: 'decimal'
  },
) {
  const auto = useId()
  const id = props.id ?? auto
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        inputMode={props.inputMode}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
    </FieldFrame>
  )
}

export function Area(props: FieldProps & { value: string; onChange: (v: string) => void; rows?: number }) {
  const auto = useId()
  const id = props.id ?? auto
  return (
    <FieldFrame {...props} id={id}>
      <textarea
        id={id}
        value={props.value}
        rows={props.rows ?? 3}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
    </FieldFrame>
  )
}

export function Choice(
  props: FieldProps & {
    value: string
    onChange: (v: string) => void
    options: [string, string][]
    disabled?: boolean
  },
) {
  const auto = useId()
  const id = props.id ?? auto
  return (
    <FieldFrame {...props} id={id}>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
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
