import type { ChangeEvent, ReactNode } from 'react'

/**
 * A field to choose a JSON file to import (a contract, a workshop template): its label, the file
 * input, described by the hint `describedBy` names (wherever the page shows it), and what follows it
 * in the field (`children`).
 */
export function JsonFileField(props: {
  id: string
  label: string
  describedBy: string
  disabled?: boolean
  onChange: (event: ChangeEvent<HTMLInputElement>) => void
  children?: ReactNode
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="file"
        accept=".json,application/json"
        aria-describedby={props.describedBy}
        disabled={props.disabled}
        onChange={props.onChange}
      />
      {props.children}
    </div>
  )
}
