import { type FormEvent, useId, useRef, useState } from 'react'
import type { PostedIdea } from '../../shared/api/boards.ts'
import type { SimilarIdea } from '../../shared/api/continuity.ts'
import { IDEA_TEXT_MAX } from '../../shared/board/shapes.ts'
import { useMessages } from '../app/i18n.tsx'
import { useErrorText } from '../app/ui.tsx'
import { linkIdea } from '../continuity/continuity-api.ts'
import { SimilarIdeas } from '../continuity/SimilarIdeas.tsx'
import { useSimilar } from '../continuity/use-similar.ts'
import type { ListZone } from './board-list.ts'
import { messages } from './messages.ts'
import { postIdea } from './post-api.ts'
import { zoneName } from './zone-name.ts'

/** The new idea being written: kept by the page, so it survives the form being hidden for a while. */
export interface IdeaDraft {
  text: string
  /** `priorityCode|actionCode`, or '' for no priority. */
  place: string
}

export interface NewIdeaFormProps {
  boardId: string
  zones: readonly ListZone[]
  draft: IdeaDraft
  onDraft: (draft: IdeaDraft) => void
  onPosted: (idea: PostedIdea, text: string) => void
}

/**
 * Post an idea: a zone (by priority and action), the text, send. The zone stays chosen after sending,
 * since people often post several ideas in a row to one priority; the focus goes back to the text.
 * Every error is shown under the text and tied to it, so a screen reader reads it with the field.
 */
export function NewIdeaForm({ boardId, zones, draft, onDraft, onPosted }: NewIdeaFormProps) {
  const t = useMessages(messages)
  const errorText = useErrorText()
  const id = useId()
  const textRef = useRef<HTMLTextAreaElement>(null)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [confirmation, setConfirmation] = useState('')
  // An idea of an earlier workshop the new one is linked to (continuity), chosen among the suggestions.
  const similar = useSimilar(boardId, draft.text)
  const [linkTo, setLinkTo] = useState<SimilarIdea | null>(null)

  // One choice per priority or action: the server posts into the first zone of those codes.
  const places = new Map<string, string>()
  for (const zone of zones) {
    if (!zone.id || !zone.priorityCode) continue
    const value = zone.actionCode ? `${zone.priorityCode}|${zone.actionCode}` : zone.priorityCode
    if (!places.has(value)) places.set(value, zoneName(zone))
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const text = draft.text.trim()
    setConfirmation('')
    if (!text) {
      setError(t('ideaEmpty'))
      textRef.current?.focus()
      return
    }
    setSending(true)
    setError(null)
    const [priorityCode, actionCode] = draft.place.split('|')
    try {
      const posted = await postIdea(boardId, text, { priorityCode, actionCode })
      onDraft({ ...draft, text: '' })
      setConfirmation(posted.private ? t('sentPrivate', { text }) : t('sent', { text }))
      onPosted(posted, text)
      // The idea is posted whatever happens to its link: a failed link shows its error, nothing is sent twice.
      if (linkTo) {
        await linkIdea(boardId, posted.id, linkTo.id)
        setLinkTo(null)
      }
    } catch (e) {
      setError(errorText(e))
    } finally {
      setSending(false)
      // The button was busy: give the focus back to the text, ready for the next idea or a correction.
      textRef.current?.focus()
    }
  }

  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  return (
    <form className="kp-form" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor={`${id}-place`}>{t('priority')}</label>
      <select
        id={`${id}-place`}
        value={draft.place}
        onChange={(event) => onDraft({ ...draft, place: event.currentTarget.value })}
      >
        <option value="">{t('anyPriority')}</option>
        {[...places].map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-text`}>{t('idea')}</label>
      <textarea
        id={`${id}-text`}
        ref={textRef}
        rows={3}
        maxLength={IDEA_TEXT_MAX}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        aria-invalid={error ? true : undefined}
        value={draft.text}
        onChange={(event) => {
          onDraft({ ...draft, text: event.currentTarget.value })
          if (error) setError(null)
        }}
      />
      <p id={hintId} className="kp-hint">
        {t('ideaHint', { count: IDEA_TEXT_MAX - draft.text.length })}
      </p>
      <SimilarIdeas ideas={similar} chosen={linkTo} onChoose={setLinkTo} />
      {error && (
        <p id={errorId} className="kp-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="kp-primary" disabled={sending}>
        {sending ? t('sending') : t('send')}
      </button>
      <p role="status" className="kp-confirmation">
        {confirmation}
      </p>
    </form>
  )
}
