import { atom } from '@tldraw/state'
import { type TLShapeId, useEditor } from 'tldraw'
import type { ZoneShape } from '../../shared/board/shapes.ts'
import { InPlaceTitleField, RenameButton, useRenaming } from './in-place-title.tsx'
import { useText } from './shape-text.ts'

/**
 * A zone's title, renamed in place by whoever the rights table lets edit zones (facilitators): a
 * labelled "Renommer" button beside the title, or a double-click on it, opens a text field; Enter or
 * leaving the field keeps the name, Escape gives up. Zones are locked shapes, so the change is made
 * with `ignoreShapeLock` (participants cannot move them; the facilitator may rename them).
 */

/** The zone whose title is being typed on this screen (one at a time). */
export const renamingZone = atom<TLShapeId | null>('renaming zone', null)

export function ZoneTitle({ shape }: { shape: ZoneShape }) {
  const editor = useEditor()
  const t = useText()
  const { mayRename, editing } = useRenaming(renamingZone, shape.id, 'editZones')
  const title = shape.props.title

  if (editing)
    return (
      <InPlaceTitleField
        initial={shape.props.title}
        label={t('zoneName')}
        onDone={(next) => {
          // An empty title is not a name: the zone keeps its own.
          if (next && next !== shape.props.title)
            editor.run(
              () => editor.updateShape<ZoneShape>({ id: shape.id, type: 'zone', props: { title: next } }),
              { ignoreShapeLock: true },
            )
          renamingZone.set(null)
        }}
      />
    )
  return (
    <>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the labelled button beside it is the keyboard path */}
      <span onDoubleClick={mayRename ? () => renamingZone.set(shape.id) : undefined}>{title}</span>
      {mayRename && (
        <RenameButton
          label={t('renameZoneNamed', { title })}
          atEnd
          onClick={() => renamingZone.set(shape.id)}
        />
      )}
    </>
  )
}
