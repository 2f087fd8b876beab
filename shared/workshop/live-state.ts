/**
 * The facilitator-owned state of a live workshop, as stored in the board document under
 * `meta.workshop` (DESIGN.md, "Board format"). Only the server writes it, on facilitator requests
 * (`PATCH /api/workshops/:id`); every client reads it to show the phase, the timer and the vote.
 */
export type Phase = 'ideation' | 'clustering' | 'voting' | 'closed'

export const phases: readonly Phase[] = ['ideation', 'clustering', 'voting', 'closed']

/** A countdown that every screen derives from the same numbers, so it survives reloads. */
export interface TimerState {
  /** Total length set by the facilitator, in ms. */
  durationMs: number
  /** When running: the server time (epoch ms) at which it reaches zero. Null while paused or stopped. */
  endsAt: number | null
  /** While paused: what was left, in ms. */
  remainingMs: number
  /** Play a soft sound at the end. */
  sound: boolean
}

export interface VoteSettings {
  /** Dots each participant may give. */
  dotsPerParticipant: number
  /** What participants vote on. */
  target: 'ideas' | 'clusters'
  /** Results are hidden from participants until the facilitator reveals them. */
  revealed: boolean
}

export interface WorkshopLiveState {
  phase: Phase
  /** The whole board is read-only for participants. */
  locked: boolean
  /** Shapes that participants may not change even when the board is open. */
  lockedShapeIds: string[]
  /** Other participants' cursors are hidden from participants. */
  cursorsHidden: boolean
  timer: TimerState | null
  vote: VoteSettings
  /** Follow-me: while set, every participant's view follows this presenter's viewport (awareness). */
  followMe: { presenterId: string; presenterName: string } | null
  /** Participants may still post new ideas during clustering (the facilitator may close it). */
  ideasInClustering: boolean
  /**
   * Silent writing: while on, a participant's new ideas reach that participant and the facilitators
   * only (the server keeps them outside the shared document); turning it off reveals them all at once.
   */
  privateIdeation: boolean
  /**
   * Anonymous workshop (chosen at creation, fixed): cards carry no author in the shared document; the
   * server keeps authorship privately (rights, erasure) and shows it to facilitators only.
   */
  anonymous: boolean
  /**
   * The agenda of a workshop started from a template: the minutes its timer proposes in each phase
   * (absent otherwise).
   */
  agenda?: { phase: Exclude<Phase, 'closed'>; minutes: number }[]
}

export const defaultLiveState: WorkshopLiveState = {
  phase: 'ideation',
  locked: false,
  lockedShapeIds: [],
  cursorsHidden: false,
  timer: null,
  vote: { dotsPerParticipant: 5, target: 'ideas', revealed: false },
  followMe: null,
  ideasInClustering: true,
  privateIdeation: false,
  anonymous: false,
}

/** Time left on a timer at `now` (server-corrected epoch ms). */
export function timerRemainingMs(timer: TimerState | null, now: number): number {
  if (!timer) return 0
  if (timer.endsAt === null) return timer.remainingMs
  return Math.max(0, timer.endsAt - now)
}

/** May a participant (not a facilitator) change the board's records in this state? */
export function participantsMayEdit(state: Pick<WorkshopLiveState, 'phase' | 'locked'>): boolean {
  return !state.locked && state.phase !== 'closed'
}

/**
 * May a participant post a new idea in this state? In ideation, and in clustering while the facilitator
 * allows it; never while voting, closed or locked. (shared/board/rights.ts is the whole table.)
 */
export function participantsMayPostIdeas(
  state: Pick<WorkshopLiveState, 'phase' | 'locked'> & Partial<Pick<WorkshopLiveState, 'ideasInClustering'>>,
): boolean {
  if (!participantsMayEdit(state)) return false
  return state.phase === 'ideation' || (state.phase === 'clustering' && state.ideasInClustering !== false)
}

/**
 * The live state of a stored workshop row. The `phase` and `locked` columns are the truth for those two
 * (other code filters on them); the jsonb `state` column holds the rest. Defaults fill anything an older
 * row lacks.
 */
export function liveStateOfRow(row: { phase: Phase; locked: boolean; state: unknown }): WorkshopLiveState {
  const stored = (row.state ?? {}) as Partial<WorkshopLiveState>
  return {
    ...defaultLiveState,
    ...stored,
    vote: { ...defaultLiveState.vote, ...stored.vote },
    phase: row.phase,
    locked: row.locked,
  }
}
