import type { ReactNode } from 'react'
import { ChoiceField, TextAreaField, TextField } from '../app/ui.tsx'

/**
 * The project record form's fields: the client's one field kit (app/ui.tsx), with the record's two
 * habits: a label marked when the field was edited by hand since the conversion from the board, and an
 * error that repeats the field's name (the form is long; the errors are also listed at its top).
 */

/** The keys of `T` that hold text. */
export type TextKey<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T]

export interface FieldProps {
  label: string
  hint?: ReactNode
  error?: string
  id?: string
  edited?: boolean
  editedLabel?: string
}

function common(props: FieldProps) {
  return {
    id: props.id,
    label: props.label,
    hint: props.hint,
    error: props.error ? `${props.label} : ${props.error}` : undefined,
    labelNote: props.edited ? props.editedLabel : undefined,
  }
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
  return (
    <TextField
      {...common(props)}
      type={props.type ?? 'text'}
      value={props.value}
      onChange={props.onChange}
      inputMode={props.inputMode}
      required={props.required}
    />
  )
}

export function Area(props: FieldProps & { value: string; onChange: (v: string) => void; rows?: number }) {
  return (
    <TextAreaField {...common(props)} value={props.value} rows={props.rows ?? 3} onChange={props.onChange} />
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
  return (
    <ChoiceField
      {...common(props)}
      value={props.value}
      onChange={props.onChange}
      options={props.options}
      disabled={props.disabled}
    />
  )
}
