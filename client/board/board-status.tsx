import { useEffect, useRef, useState } from 'react'
import { createUserId, type Editor, useValue } from 'tldraw'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { timerRemainingMs } from '../../shared/workshop/live-state.ts'
import { useMessages } from '../app/i18n.tsx'
import { liveState, myDotsLeft, session, totalsVisible, votingOn } from './board-state.ts'
import { messages } from './messages.ts'
import { formatCountdown, playChime, serverNow } from './timer.ts'

/**
 * The small status pieces of the board page: phase, timer, dots left and connection (in the header),
 * refusals and follow-me (over the canvas).
 */

/** The workshop's phase, and why I cannot edit when I cannot (observer, closed, locked, voting). */
export function PhaseBadge() {
  const t = useMessages(messages)
  const state = useValue('live state', () => liveState.get(), [])
  const role = useValue('role', () => session.get().role, [])
  const note =
    role === 'observer'
      ? t('readOnlyObserver')
      : role !== 'facilitator' && state.phase === 'closed'
        ? t('readOnlyClosed')
        : role !== 'facilitator' && state.locked
          ? t('readOnlyLocked')
          : state.phase === 'voting' && role !== 'facilitator'
            ? t('noNewIdeas')
            : null
  return (
    <p className="kb-phase" aria-live="polite" data-testid="phase">
      <span className="kb-label">{t('phaseLabel')} :</span>{' '}
      <strong data-phase={state.phase}>{t(`phase_${state.phase}`)}</strong>
      {note && <span className="kb-note"> · {note}</span>}
    </p>
  )
}

/** The countdown, from the server's end time: the same on every screen and after a reload. */
export function TimerDisplay() {
  const t = useMessages(messages)
  const timer = useValue('timer', () => liveState.get().timer, [])
  const [now, setNow] = useState(serverNow)
  useEffect(() => {
    if (!timer || timer.endsAt === null) return
    const interval = setInterval(() => setNow(serverNow()), 250)
    return () => clearInterval(interval)
  }, [timer])
  const remaining = timer ? timerRemainingMs(timer, timer.endsAt === null ? now : serverNow()) : 0
  const running = !!timer && timer.endsAt !== null
  // Only a timer this page saw running rings when it runs out, once: not one found over on arrival.
  const seenRunning = useRef<number | null>(null)
  useEffect(() => {
    if (!timer?.endsAt) return
    if (remaining > 0) seenRunning.current = timer.endsAt
    else if (seenRunning.current === timer.endsAt) {
      seenRunning.current = null
      if (timer.sound) playChime()
    }
  }, [timer, remaining])
  if (!timer) return null
  return (
    <p className={`kb-timer${remaining === 0 ? ' kb-timer-done' : ''}`} data-testid="timer">
      <span className="kb-label">{remaining === 0 ? t('timeUp') : t('timeLeft')} :</span>{' '}
      <time role="timer" data-running={running ? 'true' : 'false'}>
        {formatCountdown(remaining)}
      </time>
    </p>
  )
}

/** Online, offline (reconnecting), connecting, or closed for good with the server's reason. */
export function ConnectionBadge({ status }: { status: { kind: string; code?: number; reason?: string } }) {
  const t = useMessages(messages)
  const text =
    status.kind === 'online'
      ? t('online')
      : status.kind === 'offline'
        ? t('offline')
        : status.kind === 'closed'
          ? status.code === CloseCode.boardDeleted
            ? t('boardDeleted')
            : t('accessEnded', { reason: status.reason ?? '' })
          : t('connecting')
  return (
    <p className={`kb-status kb-status-${status.kind}`} role="status" data-testid="connection">
      <span className="kb-status-dot" aria-hidden="true" />
      <span className="kb-status-text">{text}</span>
    </p>
  )
}

/** During voting, the dots I have left (in the header's status). */
export function DotsLeft() {
  const t = useMessages(messages)
  const voting = useValue('voting', () => votingOn.get(), [])
  const left = useValue('left', () => myDotsLeft.get(), [])
  const visible = useValue('visible', () => totalsVisible.get(), [])
  if (!voting) return null
  return (
    <p className="kb-dots-left" data-testid="dots-left" aria-live="polite">
      {t('dotsLeft', { count: left })}
      {!visible && <span className="kb-note"> · {t('votesHidden')}</span>}
    </p>
  )
}

/** What the server refused of my last edits, for a few seconds, over the top of the canvas. */
export function RefusalLine({ refusals }: { refusals: string[] }) {
  const t = useMessages(messages)
  return (
    <div className="kb-statusline" aria-live="polite">
      {refusals.length > 0 && (
        <span className="kb-alert-inline">{t('refused', { reason: refusals[0]! })}</span>
      )}
    </div>
  )
}

/** Whose view I follow, when I follow someone (a person I chose, or the facilitator's follow-me). */
export function FollowBanner({ editor }: { editor: Editor }) {
  const t = useMessages(messages)
  const following = useValue('following', () => editor.getInstanceState().followingUserId, [editor])
  const summon = useValue('summon', () => liveState.get().followMe, [])
  const name = useValue(
    'followed name',
    () => editor.getCollaborators().find((c) => c.userId === following)?.userName ?? '',
    [editor, following],
  )
  if (!following) return null
  const summoned = !!summon && following === createUserId(summon.presenterId)
  return (
    <p className="kb-follow" role="status" data-testid="following">
      {summoned ? t('followingFacilitator', { name: summon.presenterName }) : t('followingSomeone', { name })}
      {!summoned && (
        <button type="button" className="kb-small" onClick={() => editor.stopFollowingUser()}>
          {t('stopFollowing')}
        </button>
      )}
    </p>
  )
}
