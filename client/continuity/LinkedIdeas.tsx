import { useCallback, useEffect, useId, useState } from 'react'
import type { Editor, TLShapeId } from 'tldraw'
import type { IdeaLink } from '../../shared/api/continuity.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { readLinks } from './continuity-api.ts'
import './continuity.css'
import { messages } from './messages.ts'

/**
 * For facilitators, in the board's drawer: the cards linked to ideas of earlier workshops (by their
 * authors while writing, or brought from the waiting ideas), each with the card's text as the board has
 * it now and a button that shows the card on the canvas.
 */
export function LinkedIdeas({ boardId, editor }: { boardId: string; editor: Editor }) {
  const t = useMessages(messages)
  const { formatDate } = useLocale()
  const titleId = useId()
  const [links, setLinks] = useState<IdeaLink[] | null>(null)
  const load = useCallback(
    (signal?: AbortSignal) =>
      readLinks(boardId, signal).then(setLinks, () => {
        if (!signal?.aborted) setLinks([])
      }),
    [boardId],
  )
  useEffect(() => {
    const controller = new AbortController()
    void load(controller.signal)
    // Participants link while the panel is open: keep the list current without a reload.
    const timer = setInterval(() => void load(controller.signal), 15_000)
    return () => {
      clearInterval(timer)
      controller.abort()
    }
  }, [load])

  const cardText = (ideaId: string) =>
    (editor.getShape(ideaId as TLShapeId)?.props as { text?: string } | undefined)?.text
  const show = (ideaId: string) => {
    const id = ideaId as TLShapeId
    if (!editor.getShape(id)) return
    editor.select(id)
    editor.zoomToSelection({ animation: { duration: 200 } })
  }

  return (
    <section className="kb-panel kc-links" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('linksTitle')}</h2>
      {links && links.length === 0 && <p className="kc-hint">{t('linksEmpty')}</p>}
      {links && links.length > 0 && (
        <ul>
          {links.map((link) => (
            <li key={link.ideaId}>
              <p className="kc-text">{cardText(link.ideaId) ?? link.ideaId}</p>
              <p className="kc-meta">
                ↳{' '}
                {t('linkOf', {
                  earlier: link.earlier.text,
                  workshop: link.earlier.workshopTitle,
                  date: formatDate(link.earlier.date, 'short'),
                })}
              </p>
              <button type="button" onClick={() => show(link.ideaId)}>
                {t('showCard')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
