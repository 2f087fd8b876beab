import { atom, computed } from '@tldraw/state'
import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { defaultLiveState, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import type { Locale } from '../app/i18n.tsx'
import type { BoardRole } from './presence.ts'

/**
 * What the shapes and panels of the open board read besides the records: who I am, the workshop's live
 * state (meta.workshop), my dots and the totals I may see (votes.ts), and the language. Kept in tldraw signals so a shape
 * component re-renders only when the part it reads changes (for example its own dot total).
 * One board is open per page, so this is a module-level state, reset by the board page.
 */
export interface BoardSession {
  /** Account user id or guest id. */
  actorId: string
  displayName: string
  role: BoardRole
  locale: Locale
}

export const session = atom<BoardSession>('board session', {
  actorId: '',
  displayName: '',
  role: 'observer',
  locale: 'fr',
})

export const liveState = atom<WorkshopLiveState>('live state', defaultLiveState)

/**
 * My dots as the server keeps them (secret ballot, board format v2): target shape id → dots. Nobody
 * else's dots ever reach this page; see votes.ts.
 */
export const myVotes = atom<Record<string, number>>('my votes', {})

/**
 * Dot totals per target, when the server lets me see them: a facilitator always (GET /votes), everyone
 * once the vote is revealed (meta.voteTotals in the board). No voter is ever named.
 */
export const voteTotals = atom<Record<string, number>>('vote totals', {})

/** Target shape id → total dots, as a map (what shapes read). */
export const dotTotals = computed('dot totals', () => new Map(Object.entries(voteTotals.get())))

/** The last refusal of a vote of mine (409 vote_closed, too_many_dots…), shown for a while. */
export const voteRefusal = atom<string | null>('vote refusal', null)

/** Dots I have left to give. */
export const myDotsLeft = computed('my dots left', () => {
  const used = Object.values(myVotes.get()).reduce((sum, n) => sum + Math.max(n, 0), 0)
  return Math.max(0, liveState.get().vote.dotsPerParticipant - used)
})

/** Are everyone's dot totals visible to me? Facilitators always see them; others once revealed. */
export const totalsVisible = computed(
  'totals visible',
  () => session.get().role === 'facilitator' || liveState.get().vote.revealed,
)

/** May I give dots now, and on which kind of shape? */
export const votingOn = computed('voting on', (): 'idea' | 'cluster' | null => {
  const state = liveState.get()
  if (state.phase !== 'voting' || state.locked || session.get().role === 'observer') return null
  return state.vote.target === 'clusters' ? 'cluster' : 'idea'
})

/** Light fill and strong accent per tldraw colour name, chosen for dark text at WCAG AA contrast. */
export const cardPalette: Record<TLDefaultColorStyle, { fill: string; accent: string }> = {
  black: { fill: '#f1f3f5', accent: '#343a40' },
  grey: { fill: '#eef0f2', accent: '#5c636a' },
  'light-violet': { fill: '#f5e9ff', accent: '#8e3bb0' },
  violet: { fill: '#ede7ff', accent: '#5f3dc4' },
  blue: { fill: '#e3edff', accent: '#1c5dbf' },
  'light-blue': { fill: '#def4fb', accent: '#0b6b80' },
  yellow: { fill: '#fff5bf', accent: '#8a5a00' },
  orange: { fill: '#ffe6cc', accent: '#b23c00' },
  green: { fill: '#dcf3e2', accent: '#1c7433' },
  'light-green': { fill: '#e7f6d8', accent: '#4a7310' },
  'light-red': { fill: '#ffe4e4', accent: '#b3261e' },
  red: { fill: '#ffdcdc', accent: '#a61b1b' },
  white: { fill: '#ffffff', accent: '#495057' },
}

/** Text colour on every card and zone fill (contrast ≥ 7:1 on all fills above). */
export const INK = '#1b1e21'
