import { type Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import type { Sender } from './room.ts'

/**
 * Presence as each recipient may see it. Two workshop settings hide parts of other people's presence
 * from everyone but the facilitators:
 *
 * - `cursorsHidden`: participants and observers receive no cursor (null) and no selection of the other
 *   non-facilitators; they still see the facilitators' (to follow what is shown).
 * - `anonymous`: non-facilitators receive participants' presence without cursor, `selection` and
 *   `editingShapeId`: a named cursor over a card being written, or any of those, would link the card
 *   to its author.
 * - a vote not yet revealed (phase `voting`): non-facilitators receive no cursor of other
 *   participants, whose pointer on a card's "give a dot" button would show their ballot.
 *
 * Recipients fall into two classes only (facilitators, everyone else), so a room encodes at most two
 * variants of a presence batch, each once for all its recipients; with neither setting on, only the
 * full one, as before (the common case costs nothing more). States are judged by the role the server
 * vouched for in them (presence-identity.ts), on this instance or on the one that relayed them.
 *
 * Turning `cursorsHidden` on does not recall positions already sent: the next state of each person
 * goes out filtered (a cursor moves many times a second), and honest clients hide cursors at once.
 */
export interface PresenceFilter {
  hideCursors: boolean
  anonymous: boolean
}

/** The filter the live state asks for; null when presence goes to everyone as it is. */
export function presenceFilterOf(
  live: Pick<WorkshopLiveState, 'cursorsHidden' | 'anonymous' | 'phase' | 'vote'>,
): PresenceFilter | null {
  const secretVote = live.phase === 'voting' && !live.vote.revealed
  if (!live.cursorsHidden && !live.anonymous && !secretVote) return null
  return { hideCursors: live.cursorsHidden || live.anonymous || secretVote, anonymous: live.anonymous }
}

/** Does a recipient of this role get the filtered variant? (Facilitators see everything.) */
export function seesFilteredPresence(role: Sender['role']): boolean {
  return role !== 'facilitator'
}

type PresenceState = { board?: { user?: { role?: unknown } } & Record<string, unknown> } & Record<
  string,
  unknown
>

/** `state` as a non-facilitator receives it: the same object when nothing in it is hidden. */
export function filteredState(state: unknown, filter: PresenceFilter): unknown {
  if (typeof state !== 'object' || state === null) return state
  const board = (state as PresenceState).board
  if (typeof board !== 'object' || board === null || board.user?.role === 'facilitator') return state
  let next: Record<string, unknown> | null = null
  const hide = (key: string, empty: null | []) => {
    const value = board[key]
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return
    next ??= { ...board }
    next[key] = empty
  }
  if (filter.hideCursors) {
    hide('cursor', null)
    hide('selection', [])
  }
  if (filter.anonymous) {
    hide('selection', [])
    hide('editingShapeId', null)
  }
  return next ? { ...(state as object), board: next } : state
}

/**
 * The presence of `clientIds` as non-facilitators receive it, encoded once; null when none of these
 * states hides anything (the full encoding then serves everyone).
 */
export function encodeFilteredAwareness(
  awareness: Awareness,
  clientIds: readonly number[],
  filter: PresenceFilter,
): Uint8Array | null {
  const states = new Map<number, Record<string, unknown>>()
  let changed = false
  for (const id of clientIds) {
    const state = awareness.states.get(id)
    if (state === undefined) continue
    const shown = filteredState(state, filter) as Record<string, unknown>
    if (shown !== state) changed = true
    states.set(id, shown)
  }
  return changed ? encodeAwarenessUpdate(awareness, [...clientIds], states) : null
}
