import { atom } from '@tldraw/state'
import { type TLShapeId, useEditor } from 'tldraw'
import type { ClusterShape } from '../../shared/board/shapes.ts'
import { InPlaceTitleField, RenameButton, useRenaming } from './in-place-title.tsx'
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

export function ClusterTitle({ shape }: { shape: ClusterShape }) {
  const editor = useEditor()
  const t = useText()
  const { mayRename, editing } = useRenaming(renamingCluster, shape.id, 'editCluster')
  const title = shape.props.title || t('untitledCluster')

  if (editing)
    return (
      <InPlaceTitleField
        initial={shape.props.title}
        label={t('clusterName')}
        onDone={(next) => {
          if (next !== null && next !== shape.props.title)
            editor.updateShape<ClusterShape>({ id: shape.id, type: 'cluster', props: { title: next } })
          renamingCluster.set(null)
        }}
      />
    )
  return (
    <span className="kb-cluster-name">
      <strong onDoubleClick={mayRename ? () => renamingCluster.set(shape.id) : undefined}>{title}</strong>
      {mayRename && (
        <RenameButton
          label={t('renameCluster', { title })}
          onClick={() => {
            editor.select(shape.id)
            renamingCluster.set(shape.id)
          }}
        />
      )}
    </span>
  )
}
