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
      <VoteButton
        className="kp-action"
        focusKey={`${targetId}:take`}
        cannot={dots <= 0}
        describedBy={error ? errorId : undefined}
        onPress={() => void press(-1)}
        sign="−"
        label={t('take')}
        about={t('fromTarget', { text: name })}
      />
      <VoteButton
        className="kp-action kp-action-strong"
        focusKey={`${targetId}:give`}
        cannot={remaining <= 0}
        describedBy={error ? errorId : undefined}
        onPress={() => void press(1)}
        sign="+"
        label={t('give')}
        about={t('toTarget', { text: name })}
      />
      {error && (
        <p id={errorId} className="kp-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/** One of the two vote buttons: its sign, its label, and what it is about for screen readers. */
function VoteButton(props: {
  className: string
  focusKey: string
  /** It cannot act now: said when pressed, and marked aria-disabled (the button stays focusable). */
  cannot: boolean
  describedBy: string | undefined
  onPress: () => void
  sign: string
  label: string
  about: string
}) {
  return (
    <button
      type="button"
      className={props.className}
      data-focus-key={props.focusKey}
      aria-disabled={props.cannot ? true : undefined}
      aria-describedby={props.describedBy}
      onClick={props.onPress}
    >
      <span aria-hidden="true">{props.sign}</span> {props.label}
      <span className="visually-hidden">{props.about}</span>
    </button>
  )
}
