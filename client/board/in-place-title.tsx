import type { Atom } from '@tldraw/state'
import { useEffect, useRef, useState } from 'react'
import { type TLShapeId, useValue } from 'tldraw'
import { type BoardAction, may } from '../../shared/board/rights.ts'
import { liveState, session } from './board-state.ts'

/** Longest title a zone or a cluster takes. */
export const TITLE_MAX = 200

/** Stops a pointer event inside a title from reaching the canvas (no drag, no selection change). */
export const stopPointer = (event: { stopPropagation(): void }) => event.stopPropagation()

/**
 * The text field that names a zone or a cluster in place, over its title. It opens focused with the
 * name selected; Enter or leaving the field calls `onDone` with the trimmed name, Escape with null.
 */
export function InPlaceTitleField(props: {
  initial: string
  label: string
  onDone: (title: string | null) => void
}) {
  const [value, setValue] = useState(props.initial)
  const input = useRef<HTMLInputElement>(null)
  const done = useRef(false)
  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [])

  const finish = (keep: boolean) => {
    if (done.current) return
    done.current = true
    props.onDone(keep ? value.trim().slice(0, TITLE_MAX) : null)
  }

  return (
    <input
      ref={input}
      className="kb-cluster-title-input"
      aria-label={props.label}
      value={value}
      maxLength={TITLE_MAX}
      style={{ pointerEvents: 'all' }}
      onPointerDown={stopPointer}
      onKeyDown={(event) => {
        // Keys typed here are the title's, not tldraw's shortcuts.
        event.stopPropagation()
        if (event.key === 'Enter') finish(true)
        else if (event.key === 'Escape') finish(false)
      }}
      onChange={(event) => setValue(event.target.value)}
      // Later, not now: tldraw's own Escape handler (on its container, reached before React's) moves the
      // focus away first, and the Escape that follows must still give up rather than keep the name.
      onBlur={() => setTimeout(() => finish(true), 0)}
    />
  )
}

/**
 * The "✎" button beside a title that opens its field: named for screen readers and on hover with
 * `label`, and kept from starting a drag on the canvas.
 */
export function RenameButton(props: {
  label: string
  /** Pushed to the end of its row (a zone's title bar). */
  atEnd?: boolean
  onClick: () => void
}) {
  return (
    <button
      type="button"
      className="kb-cluster-rename"
      aria-label={props.label}
      title={props.label}
      style={props.atEnd ? { pointerEvents: 'all', marginLeft: 'auto' } : { pointerEvents: 'all' }}
      onPointerDown={stopPointer}
      onClick={props.onClick}
    >
      ✎
    </button>
  )
}

/**
 * Whether this screen may rename the shape now (`action` in the rights table) and whether its title is
 * being typed here (`renaming` holds the one shape whose field is open).
 */
export function useRenaming(
  renaming: Atom<TLShapeId | null>,
  shapeId: TLShapeId,
  action: BoardAction,
): { mayRename: boolean; editing: boolean } {
  const mayRename = useValue('may rename', () => may(session.get().role, action, liveState.get()), [action])
  const editing = useValue('renaming', () => renaming.get() === shapeId, [renaming, shapeId])
  return { mayRename, editing: editing && mayRename }
}
