import { atom } from '@tldraw/state'
import { useEffect, useRef, useState } from 'react'
import { type TLShapeId, useEditor, useValue } from 'tldraw'
import { may } from '../../shared/board/rights.ts'
import type { ClusterShape } from '../../shared/board/shapes.ts'
import { liveState, session } from './board-state.ts'
import { useText } from './shape-text.ts'

/**
 * A cluster's title, named and renamed in place: a text field over the title (no `window.prompt`, which
 * the in-app browsers that QR scanners open block). A new cluster opens with its field; a "Renommer"
 * button (or a double-click on the title) opens it later, for whoever the rights table lets edit
 * clusters (shared/board/rights.ts: participants while clustering, facilitators always). Enter or
 * leaving the field keeps the name; Escape gives up.
 */

/** The cluster whose title is being typed on this screen (one at a time). */
export const renamingCluster = atom<TLShapeId | null>('renaming cluster', null)

const TITLE_MAX = 200

/** Stops a pointer event inside the title from reaching the canvas (no drag, no selection change). */
const stop = (event: { stopPropagation(): void }) => event.stopPropagation()

export function ClusterTitle({ shape }: { shape: ClusterShape }) {
  const editor = useEditor()
  const t = useText()
  const mayRename = useValue('may rename', () => may(session.get().role, 'editCluster', liveState.get()), [])
  const editing = useValue('editing', () => renamingCluster.get() === shape.id, [shape.id])
  const title = shape.props.title || t('untitledCluster')

  if (editing && mayRename) return <TitleField shape={shape} />
  return (
    <span className="kb-cluster-name">
      <strong onDoubleClick={mayRename ? () => renamingCluster.set(shape.id) : undefined}>{title}</strong>
      {mayRename && (
        <button
          type="button"
          className="kb-cluster-rename"
          aria-label={t('renameCluster', { title })}
          title={t('renameCluster', { title })}
          style={{ pointerEvents: 'all' }}
          onPointerDown={stop}
          onClick={() => {
            editor.select(shape.id)
            renamingCluster.set(shape.id)
          }}
        >
          ✎
        </button>
      )}
    </span>
  )
}

function TitleField({ shape }: { shape: ClusterShape }) {
  const editor = useEditor()
  const t = useText()
  const [value, setValue] = useState(shape.props.title)
  const input = useRef<HTMLInputElement>(null)
  const done = useRef(false)
  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [])

  const finish = (keep: boolean) => {
    if (done.current) return
    done.current = true
    const next = value.trim().slice(0, TITLE_MAX)
    if (keep && next !== shape.props.title)
      editor.updateShape<ClusterShape>({ id: shape.id, type: 'cluster', props: { title: next } })
    renamingCluster.set(null)
  }

  return (
    <input
      ref={input}
      className="kb-cluster-title-input"
      aria-label={t('clusterName')}
      value={value}
      maxLength={TITLE_MAX}
      style={{ pointerEvents: 'all' }}
      onPointerDown={stop}
      onKeyDown={(event) => {
        // Keys typed here are the name's, not tldraw's shortcuts.
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
