import { useEffect, useState } from 'react'
import { type Editor, type TLShapeId, useValue } from 'tldraw'
import type { SimilarIdea } from '../../shared/api/continuity.ts'
import { useMessages } from '../app/i18n.tsx'
import { useErrorText } from '../app/ui.tsx'
import { linkIdea, unlinkIdea } from './continuity-api.ts'
import { messages } from './messages.ts'
import { SimilarIdeas } from './SimilarIdeas.tsx'
import { useSimilar } from './use-similar.ts'

/**
 * On the canvas: while someone writes a card, ideas of earlier workshops like it, in a corner of the
 * board; choosing one links the card to it at once (the card is already on the board). The panel
 * follows the card last written, not only the one in edit: pressing a suggestion's button ends the
 * edit, and the panel must stay to show the link made.
 */
export function CanvasSuggestions({ boardId, editor }: { boardId: string; editor: Editor }) {
  const t = useMessages(messages)
  const errorText = useErrorText()
  const editing = useValue('idea in edit', () => {
    const id = editor.getEditingShapeId()
    return id && editor.getShape(id)?.type === 'idea' ? id : null
  }, [editor])
  const [ideaId, setIdeaId] = useState<TLShapeId | null>(null)
  const [linked, setLinked] = useState<SimilarIdea | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!editing || editing === ideaId) return
    setIdeaId(editing)
    setLinked(null)
    setError(null)
  }, [editing, ideaId])
  const text = useValue(
    'idea text',
    () => (ideaId ? ((editor.getShape(ideaId)?.props as { text?: string } | undefined)?.text ?? '') : ''),
    [editor, ideaId],
  )
  const similar = useSimilar(boardId, text)
  if (!ideaId || (similar.length === 0 && !linked)) return null

  const choose = async (idea: SimilarIdea | null) => {
    setError(null)
    try {
      if (idea) await linkIdea(boardId, ideaId, idea.id)
      else await unlinkIdea(boardId, ideaId)
      setLinked(idea)
    } catch (e) {
      setError(errorText(e))
    }
  }

  return (
    <div className="kc-canvas">
      <SimilarIdeas ideas={similar} chosen={linked} onChoose={(idea) => void choose(idea)} />
      {error && (
        <p className="kb-alert" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="kc-close" onClick={() => setIdeaId(null)}>
        {t('closeSuggestions')}
      </button>
    </div>
  )
}
