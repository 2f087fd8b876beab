import type { Phase, WorkshopLiveState } from '../workshop/live-state.ts'

/**
 * Who may change what on a board, and when: the rights table of DESIGN.md ("Rights"), written once.
 *
 * The server enforces it on every path (the live channel's validation, the HTTP routes of ideas and
 * votes, the phone and list page); the client reads the same table to offer only what the server will
 * keep (toolbar, buttons, in-place editing). Change a cell here and both sides follow; DESIGN.md shows
 * the table as a person reads it, and `rights.test.ts` checks the two agree.
 */

export type BoardRole = 'facilitator' | 'participant' | 'observer'

/** The things a person can try to do on a board. */
export type BoardAction =
  /** Post a new idea card (canvas, phone page or HTTP). */
  | 'createIdea'
  /** Change the text or colour (or size) of an idea one wrote. */
  | 'editOwnIdea'
  /** Delete an idea one wrote. */
  | 'deleteOwnIdea'
  /** Change or delete someone else's idea. */
  | 'editOthersIdea'
  /** Move any idea (position, parent, order): into a zone, into or out of a cluster. */
  | 'moveIdea'
  /** Draw a new cluster (a named group of ideas). */
  | 'createCluster'
  /** Rename, move or resize any cluster. */
  | 'editCluster'
  /** Delete a cluster one drew. */
  | 'deleteOwnCluster'
  /** Delete someone else's cluster. */
  | 'deleteOthersCluster'
  /** Create, rename, move or delete zones (priorities, fiches-actions). */
  | 'editZones'
  /** Annotations: text, arrows, frames, rectangles, uploaded images; pages; locking shapes. */
  | 'annotate'
  /** Give and take back one's own dots. */
  | 'voteOwn'
  /** Give or take dots in someone else's name. */
  | 'voteForOthers'

export const boardActions: readonly BoardAction[] = [
  'createIdea',
  'editOwnIdea',
  'deleteOwnIdea',
  'editOthersIdea',
  'moveIdea',
  'createCluster',
  'editCluster',
  'deleteOwnCluster',
  'deleteOthersCluster',
  'editZones',
  'annotate',
  'voteOwn',
  'voteForOthers',
]

/** The live state the rights depend on. */
export type RightsState = Pick<WorkshopLiveState, 'phase' | 'locked'> &
  Partial<Pick<WorkshopLiveState, 'ideasInClustering'>>

/**
 * A participant's rights per phase, while the board is not locked. `'if-allowed'`: only while the
 * facilitator lets participants post ideas during clustering (`ideasInClustering`).
 */
export const participantRights: Readonly<
  Record<Phase, Readonly<Partial<Record<BoardAction, true | 'if-allowed'>>>>
> = {
  ideation: { createIdea: true, editOwnIdea: true, deleteOwnIdea: true, moveIdea: true },
  clustering: {
    createIdea: 'if-allowed',
    editOwnIdea: true,
    deleteOwnIdea: true,
    moveIdea: true,
    createCluster: true,
    editCluster: true,
    deleteOwnCluster: true,
  },
  voting: { voteOwn: true },
  closed: {},
}

/**
 * May `role` do `action` now? Facilitators may do everything but vote in someone else's name, in any
 * phase; observers nothing; participants what `participantRights` gives for the phase, and nothing on a
 * locked board.
 */
export function may(role: BoardRole, action: BoardAction, state: RightsState): boolean {
  if (action === 'voteForOthers') return false
  if (role === 'facilitator') return true
  if (role === 'observer') return false
  if (state.locked) return false
  const right = participantRights[state.phase]?.[action]
  if (right === 'if-allowed') return state.ideasInClustering !== false
  return right === true
}

/**
 * Shape types people may create, per role. Everything else (tldraw's sticky note, drawing, embeds,
 * bookmarks, videos…) is refused by the server and never offered by the client: a sticky note looks like
 * an idea but has no votes, no place in clusters or in the list page, and is dropped at conversion;
 * embeds and outside images would load third-party content on every screen.
 */
export const participantShapeTypes: ReadonlySet<string> = new Set(['idea', 'cluster'])

/** Facilitators' shapes: the workshop's own plus annotations (images only from this server's uploads). */
export const facilitatorShapeTypes: ReadonlySet<string> = new Set([
  'idea',
  'cluster',
  'zone',
  'text',
  'arrow',
  'frame',
  'geo',
  'line',
  'draw',
  'highlight',
  'image',
])

/** May `role` have a shape of this type on the board at all? */
export function mayUseShapeType(role: BoardRole, type: string): boolean {
  if (role === 'facilitator') return facilitatorShapeTypes.has(type)
  if (role === 'participant') return participantShapeTypes.has(type)
  return false
}

/** The action a change to a shape of `type` amounts to, for rights (annotation types → 'annotate'). */
export function shapeKind(type: string): 'idea' | 'cluster' | 'zone' | 'annotation' {
  return type === 'idea' || type === 'cluster' || type === 'zone' ? type : 'annotation'
}
