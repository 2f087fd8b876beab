import { useId } from 'react'
import type { SimilarIdea } from '../../shared/api/continuity.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import './continuity.css'
import { messages } from './messages.ts'

export interface SimilarIdeasProps {
  ideas: readonly SimilarIdea[]
  /** The earlier idea the new one will be linked to, if chosen. */
  chosen: SimilarIdea | null
  onChoose: (idea: SimilarIdea | null) => void
}

/**
 * Earlier ideas like the one being written (title, workshop, date, the record it went into), each with
 * a toggle to link the new idea to it. A labelled region: a screen reader finds it after the text.
 */
export function SimilarIdeas({ ideas, chosen, onChoose }: SimilarIdeasProps) {
  const t = useMessages(messages)
  const { formatDate } = useLocale()
  const titleId = useId()
  const shown = chosen && !ideas.some((idea) => idea.id === chosen.id) ? [chosen, ...ideas] : ideas
  if (shown.length === 0) return null
  return (
    <section className="kc-similar" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('similarTitle')}</h3>
      <p className="kc-hint">{t('similarIntro')}</p>
      <ul>
        {shown.map((idea) => {
          const isChosen = chosen?.id === idea.id
          return (
            <li key={idea.id} className={isChosen ? 'kc-chosen' : undefined}>
              <p className="kc-text">{idea.text}</p>
              <p className="kc-meta">
                {t('similarFrom', { workshop: idea.workshopTitle, date: formatDate(idea.date, 'short') })}
                {idea.projectTitle ? ` · ${t('similarProject', { title: idea.projectTitle })}` : ''}
              </p>
              <button type="button" aria-pressed={isChosen} onClick={() => onChoose(isChosen ? null : idea)}>
                {isChosen ? t('linked') : t('link')}
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
