import { atom } from '@tldraw/state'
import { useEffect, useRef, useState } from 'react'
import { type TLShapeId, useEditor, useValue } from 'tldraw'
import { may } from '../../shared/board/rights.ts'
import type { ZoneShape } from '../../shared/board/shapes.ts'
import { liveState, session } from './board-state.ts'
import { useText } from './shape-text.ts'

/**
 * A zone's title, renamed in place by whoever the rights table lets edit zones (facilitators): a
 * labelled "Renommer" button beside the title, or a double-click on it, opens a text field; Enter or
 * leaving the field keeps the name, Escape gives up. Zones are locked shapes, so the change is made
 * with `ignoreShapeLock` (participants cannot move them; the facilitator may rename them).
 */

/** The zone whose title is being typed on this screen (one at a time). */
export const renamingZone = atom<TLShapeId | null>('renaming zone', null)

const TITLE_MAX = 200

/** Keeps a pointer event inside the title from reaching the canvas (no drag, no selection change). */
const stop = (event: { stopPropagation(): void }) => event.stopPropagation()

export function ZoneTitle({ shape }: { shape: ZoneShape }) {
  const t = useText()
  const mayRename = useValue(
    'may rename zone',
    () => may(session.get().role, 'editZones', liveState.get()),
    [],
  )
  const editing = useValue('editing zone', () => renamingZone.get() === shape.id, [shape.id])
  const title = shape.props.title

  if (editing && mayRename) return <ZoneTitleField shape={shape} />
  return (
    <>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the labelled button beside it is the keyboard path */}
      <span onDoubleClick={mayRename ? () => renamingZone.set(shape.id) : undefined}>{title}</span>
      {mayRename && (
        <button
          type="button"
          className="kb-cluster-rename"
          aria-label={t('renameZoneNamed', { title })}
          title={t('renameZoneNamed', { title })}
          style={{ pointerEvents: 'all', marginLeft: 'auto' }}
          onPointerDown={stop}
          onClick={() => renamingZone.set(shape.id)}
        >
          ✎
        </button>
      )}
    </>
  )
}

function ZoneTitleField({ shape }: { shape: ZoneShape }) {
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
    // An empty title is not a name: the zone keeps its own.
    if (keep && next && next !== shape.props.title)
      editor.run(
        () => editor.updateShape<ZoneShape>({ id: shape.id, type: 'zone', props: { title: next } }),
        {
          ignoreShapeLock: true,
        },
      )
    renamingZone.set(null)
  }

  return (
    <input
      ref={input}
      className="kb-cluster-title-input"
      aria-label={t('zoneName')}
      value={value}
      maxLength={TITLE_MAX}
      style={{ pointerEvents: 'all' }}
      onPointerDown={stop}
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
