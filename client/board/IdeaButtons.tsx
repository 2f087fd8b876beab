import { type Editor, useValue } from 'tldraw'
import { useMessages } from '../app/i18n.tsx'
import { canPostIdeas, createClusterAround, createIdeaAt } from './board-editor.ts'
import { liveState, session } from './board-state.ts'
import { renamingCluster } from './cluster-title.tsx'
import { messages } from './messages.ts'

/** The top bar's buttons for a new idea and a new cluster. */
export function IdeaButtons({ editor }: { editor: Editor }) {
  const t = useMessages(messages)
  const mayPost = useValue('may post', () => canPostIdeas.get(), [])
  const phase = useValue('phase', () => liveState.get().phase, [])
  const role = useValue('role', () => session.get().role, [])
  return (
    <>
      <button
        type="button"
        disabled={!mayPost}
        aria-keyshortcuts="N"
        onClick={() => createIdeaAt(editor, editor.getViewportPageBounds().center)}
      >
        {t('newIdeaKbd')}
      </button>
      {role !== 'observer' && (phase === 'clustering' || role === 'facilitator') && phase !== 'closed' && (
        <button
          type="button"
          onClick={() => {
            // Named in place: the new cluster opens with its title field (cluster-title.tsx).
            const id = createClusterAround(editor, '')
            if (id) renamingCluster.set(id)
          }}
        >
          {t('newCluster')}
        </button>
      )}
    </>
  )
}
