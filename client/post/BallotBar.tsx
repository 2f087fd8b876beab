import { useMessages } from '../app/i18n.tsx'
import { messages } from './messages.ts'

export interface BallotBarProps {
  remaining: number
  allowance: number
  revealed: boolean
  /** The vote is on clusters, not ideas. */
  onClusters: boolean
}

/**
 * The dots I have left, kept in view at the top of the screen while I scroll the list to vote. Not a
 * live region: each vote already says what is left in the page's status message.
 */
export function BallotBar({ remaining, allowance, revealed, onClusters }: BallotBarProps) {
  const t = useMessages(messages)
  const used = Math.max(0, allowance - remaining)
  return (
    <section className="kp-ballot" aria-label={t('yourDots')} data-testid="ballot">
      <p className="kp-ballot-count">
        <strong>{t('dotsLeft', { count: remaining })}</strong>
        {remaining > 0 && ` ${t('dotsOf', { count: allowance })}`}
        <span className="kp-ballot-dots" aria-hidden="true">
          {Array.from({ length: Math.min(allowance, 20) }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: dots are interchangeable, their place is their id
            <span key={i} className={i < used ? 'kp-dot kp-dot-used' : 'kp-dot'} />
          ))}
        </span>
      </p>
      <p className="kp-hint">
        {onClusters ? `${t('voteOnClusters')} ` : ''}
        {revealed ? t('votesRevealed') : t('votesHidden')}
      </p>
    </section>
  )
}
