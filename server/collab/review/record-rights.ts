import {
  type BoardAction,
  boardActions,
  may,
  participantRights,
  type RightsState,
  shapeKind,
} from '../../../shared/board/rights.ts'
import { participantsMayEdit, phases } from '../../../shared/workshop/live-state.ts'
import { messages, type Refusal, type RefusalCode, refusal } from './refusals.ts'
import type { BoardRole } from './update-sender.ts'

/**
 * The rights of a record change: which actions of the rights table (shared/board/rights.ts, DESIGN.md
 * "Rights") changing one record from `before` to `after` amounts to, and whether the sender may do them
 * all now. This is the whole mapping; a newcomer checks it against the table:
 *
 * | record | created | changed | deleted |
 * | --- | --- | --- | --- |
 * | idea | createIdea | position (x, y, rotation, parentId, index): moveIdea; content (text, colour, size, meta): editOwnIdea or editOthersIdea; anything else (isLocked, opacity, type): annotate | deleteOwnIdea or editOthersIdea |
 * | cluster | createCluster | title, geometry, order, meta: editCluster; anything else: annotate | deleteOwnCluster or deleteOthersCluster |
 * | zone | editZones | editZones | editZones |
 * | other shapes, pages, the document, bindings, assets | annotate | annotate | annotate |
 *
 * Then, for participants only: a shape the facilitator locked (live.lockedShapeIds, or tldraw's
 * isLocked) does not change at all.
 *
 * What is not here: an idea's author fields (set by the server before rights are asked, authorship.ts),
 * which shape types exist at all and where images come from (record-checks.ts), the schema, limits.
 */

/** The part of a record the rights read (a checked record, or an unchecked client value). */
export interface RecordLike {
  typeName?: unknown
  type?: unknown
  props?: unknown
  [field: string]: unknown
}

/** A change of one record, as rights see it. */
export interface RightsChange {
  id: string
  before: RecordLike | undefined
  after: RecordLike | undefined
  /** The sender created this shape (server's authorship, authorship.ts `isAuthor`). */
  own: boolean
}

/** Fields of an idea whose change is a move (into a zone, in or out of a cluster, in z-order). */
const positionFields = new Set(['x', 'y', 'rotation', 'parentId', 'index'])
/** Props of an idea that its author edits; `meta` (tldraw's free field) counts as content too. */
const ideaContentProps = new Set(['text', 'color', 'w', 'h'])
/** Fields of a cluster that participants edit in clustering (rename, move, resize, order). */
const clusterFields = new Set(['x', 'y', 'rotation', 'parentId', 'index', 'meta'])
const clusterProps = new Set(['title', 'w', 'h'])

/** The actions changing a record from `before` to `after` needs (none when nothing changes). */
export function actionsOf(change: RightsChange): BoardAction[] {
  const { before, after, own } = change
  const record = after ?? before
  if (!record) return []
  // Pages, the document, bindings and assets belong to the facilitators, as does turning a shape of one
  // type into another.
  if (record.typeName !== 'shape' || (before && after && before.type !== after.type)) return ['annotate']
  if (before && after && before.typeName !== after.typeName) return ['annotate']
  switch (shapeKind(String(record.type))) {
    case 'zone':
      return ['editZones']
    case 'annotation':
      return ['annotate']
    case 'idea':
      if (!before) return ['createIdea']
      if (!after) return [own ? 'deleteOwnIdea' : 'editOthersIdea']
      return ideaChangeActions(before, after, own)
    case 'cluster':
      if (!before) return ['createCluster']
      if (!after) return [own ? 'deleteOwnCluster' : 'deleteOthersCluster']
      return clusterChangeActions(before, after)
  }
}

function ideaChangeActions(before: RecordLike, after: RecordLike, own: boolean): BoardAction[] {
  const actions = new Set<BoardAction>()
  const content: BoardAction = own ? 'editOwnIdea' : 'editOthersIdea'
  for (const field of changedFields(before, after)) {
    if (positionFields.has(field)) actions.add('moveIdea')
    else if (field === 'meta') actions.add(content)
    else if (field === 'props') {
      // Author fields never differ here (the server set them); any other prop is refused by the schema.
      for (const prop of changedFields(objectOf(before.props), objectOf(after.props)))
        actions.add(ideaContentProps.has(prop) ? content : 'editOthersIdea')
    } else actions.add('annotate')
  }
  return [...actions]
}

function clusterChangeActions(before: RecordLike, after: RecordLike): BoardAction[] {
  const actions = new Set<BoardAction>()
  for (const field of changedFields(before, after)) {
    if (clusterFields.has(field)) actions.add('editCluster')
    else if (field === 'props') {
      for (const prop of changedFields(objectOf(before.props), objectOf(after.props)))
        actions.add(clusterProps.has(prop) ? 'editCluster' : 'annotate')
    } else actions.add('annotate')
  }
  return [...actions]
}

/**
 * Null when `role` may make `change` in `state`; otherwise the refusal. `lockedShapeIds`: the live
 * state's locked shapes.
 */
export function rightsRefusal(
  role: BoardRole,
  state: RightsState,
  lockedShapeIds: ReadonlySet<string>,
  change: RightsChange,
): Refusal | null {
  for (const action of actionsOf(change)) {
    if (may(role, action, state)) continue
    const code = refusalCode(role, state, action)
    return refusal(change.id, code, refusalMessage(code, action, role))
  }
  if (role !== 'facilitator' && change.before?.typeName === 'shape') {
    if (lockedShapeIds.has(change.id) || change.before.isLocked === true)
      return refusal(change.id, 'locked_shape', messages.lockedShape)
  }
  return null
}

/** Actions that no phase gives participants: facilitators' alone. */
const facilitatorsOnly: ReadonlySet<BoardAction> = new Set(
  boardActions.filter((action) => !phases.some((phase) => participantRights[phase][action] !== undefined)),
)

/**
 * Why `may` said no, as a code the sender's screen can explain: read-only for observers and on a locked
 * or closed board; someone else's idea or cluster; facilitators' alone; not in this phase.
 */
export function refusalCode(role: BoardRole, state: RightsState, action: BoardAction): RefusalCode {
  if (role === 'observer') return 'read_only'
  if (role === 'participant' && !participantsMayEdit(state)) return 'read_only'
  if (action === 'editOthersIdea' || action === 'deleteOthersCluster') return 'not_author'
  if (facilitatorsOnly.has(action)) return 'facilitators_only'
  if (action === 'createIdea') return 'ideas_closed'
  return 'not_allowed_now'
}

/** What an action is, for a sentence: « Impossible de … ». */
const actionWords: Record<BoardAction, string> = {
  createIdea: 'ajouter une idée',
  editOwnIdea: 'modifier une idée',
  deleteOwnIdea: 'supprimer une idée',
  editOthersIdea: 'modifier ou supprimer l’idée de quelqu’un d’autre',
  moveIdea: 'déplacer une idée',
  createCluster: 'créer un regroupement',
  editCluster: 'renommer, déplacer ou redimensionner un regroupement',
  deleteOwnCluster: 'supprimer un regroupement',
  deleteOthersCluster: 'supprimer le regroupement de quelqu’un d’autre',
  editZones: 'créer, modifier ou supprimer une zone',
  annotate: 'annoter le tableau, gérer ses pages ou verrouiller ses éléments',
  voteOwn: 'voter',
  voteForOthers: 'voter au nom de quelqu’un d’autre',
}

function refusalMessage(code: RefusalCode, action: BoardAction, role: BoardRole): string {
  switch (code) {
    case 'read_only':
      return role === 'observer' ? messages.readOnlyObserver : messages.readOnlyParticipant
    case 'not_author':
      return action === 'deleteOthersCluster'
        ? 'Seule la personne qui a créé ce regroupement peut le supprimer.'
        : 'Seule l’autrice ou l’auteur d’une idée peut la modifier ou la supprimer.'
    case 'facilitators_only':
      return `Seule l’animation peut ${actionWords[action]}.`
    case 'ideas_closed':
      return 'Le dépôt d’idées est fermé pour le moment.'
    default:
      return `Impossible de ${actionWords[action]} à ce stade de l’atelier.`
  }
}

/** Top-level keys whose values differ between `a` and `b` (JSON equality). */
function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const changed: string[] = []
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (!jsonEqual(a[key], b[key])) changed.push(key)
  return changed
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

/** Structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  for (const key of keysA) {
    if (!Object.hasOwn(b, key)) return false
    if (!jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false
  }
  return true
}
