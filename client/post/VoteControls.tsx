import { useId, useState } from 'react'
import { useMessages } from '../app/i18n.tsx'
import { useErrorText } from '../app/ui.tsx'
import { messages } from './messages.ts'

export interface VoteControlsProps {
  targetId: string
  /** The idea's text or the cluster's title, shortened: said with each button. */
  name: string
  /** My dots on this target now. */
  dots: number
  /** My dots left to give. */
  remaining: number
  onChange: (targetId: string, delta: 1 | -1) => Promise<{ dots: number; remaining: number }>
  /** Says something in the page's polite status region. */
  announce: (message: string) => void
}

/**
 * Give or take back one dot. A button that cannot act now (no dot left, none here to take) stays
 * focusable and says why when pressed, rather than being disabled under the person's finger or focus.
 */
export function VoteControls({ targetId, name, dots, remaining, onChange, announce }: VoteControlsProps) {
  const t = useMessages(messages)
  const errorText = useErrorText()
  const errorId = useId()
  const [error, setError] = useState<string | null>(null)

  const press = async (delta: 1 | -1) => {
    if (delta === 1 && remaining <= 0) return setError(t('noDotsLeft'))
    if (delta === -1 && dots <= 0) return setError(t('noDotToTake'))
    setError(null)
    try {
      const answer = await onChange(targetId, delta)
      announce(
        `${t('voted', { count: answer.dots, text: name })} ${t('votedRemaining', { count: answer.remaining })}`,
      )
    } catch (e) {
      setError(errorText(e))
    }
  }

  return (
    <div className="kp-vote">
      <button
        type="button"
        className="kp-action"
        data-focus-key={`${targetId}:take`}
        aria-disabled={dots <= 0 ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onClick={() => void press(-1)}
      >
        <span aria-hidden="true">−</span> {t('take')}
        <span className="kp-visually-hidden">{t('fromTarget', { text: name })}</span>
      </button>
      <button
        type="button"
        className="kp-action kp-action-strong"
        data-focus-key={`${targetId}:give`}
        aria-disabled={remaining <= 0 ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onClick={() => void press(1)}
      >
        <span aria-hidden="true">+</span> {t('give')}
        <span className="kp-visually-hidden">{t('toTarget', { text: name })}</span>
      </button>
      {error && (
        <p id={errorId} className="kp-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
