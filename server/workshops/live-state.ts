import type { Static } from '@fastify/type-provider-typebox'
import type { PatchWorkshopInput } from '../../shared/api/workshops.ts'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { badRequest, conflict } from '../errors.ts'

const MINUTE = 60_000

/** Who asks, for follow-me. */
export interface Presenter {
  userId: string
  displayName: string
}

/**
 * The state after a facilitator's request, computed at `now` (server time, epoch ms). Timers are kept as
 * an end time on the server's clock, so every screen counts down to the same instant whatever its own
 * clock says once it has corrected for the offset. Pure: the caller stores and broadcasts the result.
 */
export function applyWorkshopPatch(
  state: WorkshopLiveState,
  patch: Static<typeof PatchWorkshopInput>,
  presenter: Presenter,
  now: number,
): WorkshopLiveState {
  if (patch.anonymous !== undefined && patch.anonymous !== state.anonymous)
    throw conflict(
      'L’anonymat se choisit à la création de l’atelier et ne change plus ensuite.',
      'anonymous_fixed',
    )
  const next: WorkshopLiveState = { ...state, vote: { ...state.vote } }
  if (patch.phase !== undefined) next.phase = patch.phase
  if (patch.locked !== undefined) next.locked = patch.locked
  if (patch.cursorsHidden !== undefined) next.cursorsHidden = patch.cursorsHidden
  if (patch.lockedShapeIds !== undefined) next.lockedShapeIds = [...new Set(patch.lockedShapeIds)]
  if (patch.followMe !== undefined)
    next.followMe = patch.followMe
      ? { presenterId: presenter.userId, presenterName: presenter.displayName }
      : null
  if (patch.vote) {
    if (patch.vote.dotsPerParticipant !== undefined)
      next.vote.dotsPerParticipant = patch.vote.dotsPerParticipant
    if (patch.vote.target !== undefined) next.vote.target = patch.vote.target
    if (patch.vote.revealed !== undefined) next.vote.revealed = patch.vote.revealed
  }
  if (patch.privateIdeation !== undefined) next.privateIdeation = patch.privateIdeation
  if (patch.ideasInClustering !== undefined) next.ideasInClustering = patch.ideasInClustering
  if (patch.timer) next.timer = applyTimerAction(state.timer, patch.timer, now)
  return next
}

function applyTimerAction(
  timer: WorkshopLiveState['timer'],
  request: NonNullable<Static<typeof PatchWorkshopInput>['timer']>,
  now: number,
): WorkshopLiveState['timer'] {
  const sound = request.sound ?? timer?.sound ?? true
  switch (request.action) {
    case 'start': {
      const durationMs = request.durationMs ?? timer?.durationMs
      if (durationMs === undefined)
        throw badRequest('timer.durationMs : durée requise pour démarrer un minuteur.', 'invalid_input')
      return { durationMs, endsAt: now + durationMs, remainingMs: durationMs, sound }
    }
    case 'pause':
      if (!timer) throw noTimer()
      // Pausing a paused timer changes nothing (two facilitators may click at once).
      if (timer.endsAt === null) return { ...timer, sound }
      return { ...timer, endsAt: null, remainingMs: Math.max(0, timer.endsAt - now), sound }
    case 'resume':
      if (!timer) throw noTimer()
      if (timer.endsAt !== null) return { ...timer, sound }
      return { ...timer, endsAt: now + timer.remainingMs, sound }
    case 'addMinute': {
      if (!timer) throw noTimer()
      const durationMs = timer.durationMs + MINUTE
      // A timer that already ran out restarts with one minute from now.
      if (timer.endsAt !== null)
        return { ...timer, durationMs, endsAt: Math.max(timer.endsAt, now) + MINUTE, sound }
      return { ...timer, durationMs, remainingMs: timer.remainingMs + MINUTE, sound }
    }
    case 'reset':
      // Back to its full length, stopped: `start` or `resume` runs it again.
      if (!timer) throw noTimer()
      return { durationMs: timer.durationMs, endsAt: null, remainingMs: timer.durationMs, sound }
  }
}

const noTimer = () => conflict('Aucun minuteur en cours.', 'no_timer')
