import { type FormEvent, type ReactNode, useId } from 'react'
import './record-panel.css'

/**
 * A panel of the record page saved on its own (follow-up, publication): a card form named by its
 * heading, a line saying what it is for, then its fields (`children`, ending with its SaveFooter).
 */
export function RecordPanel(props: {
  /** The panel's own class, beside `card record-panel`. */
  className: string
  title: string
  intro: string
  onSubmit: (event: FormEvent) => void
  children: ReactNode
}) {
  const titleId = useId()
  return (
    <form
      className={`card record-panel ${props.className}`}
      onSubmit={props.onSubmit}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{props.title}</h2>
      <p className="hint">{props.intro}</p>
      {props.children}
    </form>
  )
}
