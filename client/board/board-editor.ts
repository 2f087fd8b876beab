import { computed, react } from '@tldraw/state'
import { getIndexBetween, type IndexKey } from '@tldraw/utils'
import { Box, createShapeId, createUserId, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import { IDEA_SIZE } from '../../shared/board/shapes.ts'
import {
  participantsMayEdit,
  participantsMayPostIdeas,
  type WorkshopLiveState,
} from '../../shared/workshop/live-state.ts'
import { liveState, session } from './board-state.ts'
import { ownShapeIds, privateDraftId } from './personal-channel.ts'

/**
 * The workshop rules on the editor, without React: what this user may change (they follow the role and
 * the phase), the quick key for a new idea and follow-me. The server enforces the same rules on every
 * update; these keep the interface honest, so people are not shown edits that would be undone.
 */

/** May I change the board's records at all? */
export const canEdit = computed('can edit', () => mayEdit(session.get().role, liveState.get()))

/** May I post a new idea now? */
export const canPostIdeas = computed('can post ideas', () => {
  const role = session.get().role
  if (role === 'observer') return false
  if (role === 'facilitator') return liveState.get().phase !== 'closed'
  return participantsMayPostIdeas(liveState.get())
})

export function mayEdit(role: string, state: WorkshopLiveState): boolean {
  if (role === 'observer') return false
  if (role === 'facilitator') return true
  return participantsMayEdit(state)
}

/**
 * Did I write this card (or draw this cluster)? Its author fields, or what the server told me over the
 * personal channel (in an anonymous workshop cards carry no author).
 */
export function isMine(shape: TLShape): boolean {
  if (ownShapeIds.get().has(shape.id)) return true
  const authorId = (shape.props as { authorId?: unknown }).authorId
  return (
    shape.type === 'idea' &&
    typeof authorId === 'string' &&
    authorId !== '' &&
    authorId === session.get().actorId
  )
}

/**
 * A change of mine the rights table refuses (shared/board/rights.ts): someone else's idea may be moved,
 * not rewritten, recoloured or resized; someone else's idea or cluster may not be deleted. Facilitators
 * may do all of it.
 */
function refusedChange(prev: TLShape, next: TLShape): boolean {
  if (session.get().role === 'facilitator' || prev.type !== 'idea' || isMine(prev)) return false
  return JSON.stringify(prev.props) !== JSON.stringify(next.props)
}

function refusedDelete(shape: TLShape): boolean {
  if (session.get().role === 'facilitator') return false
  return (shape.type === 'idea' || shape.type === 'cluster') && !isMine(shape)
}

/** May I edit this card's text in place? Mine, or any for a facilitator. */
export function mayEditText(shape: TLShape): boolean {
  return session.get().role === 'facilitator' || isMine(shape)
}

/** Is this shape off-limits to me (locked by the facilitator, or a zone, which only facilitators move)? */
function shapeIsLockedForMe(shape: TLShape): boolean {
  if (session.get().role === 'facilitator') return false
  return shape.type === 'zone' || liveState.get().lockedShapeIds.includes(shape.id)
}

/** Creates an idea card at `point` (page coordinates), selects it and starts editing its text. */
export function createIdeaAt(editor: Editor, point: { x: number; y: number }, text = ''): TLShapeId | null {
  if (!canPostIdeas.get()) return null
  const id = createShapeId()
  const me = session.get()
  // A new card takes the colour of the zone it lands in, so a zone's ideas read as one family.
  const zone = editor.getShapesAtPoint(point, { hitInside: true }).find((shape) => shape.type === 'zone') as
    | { props: { color: string } }
    | undefined
  // Cards made at the same spot (N pressed twice without moving) cascade instead of hiding each other.
  let x = point.x - IDEA_SIZE.w / 2
  let y = point.y - IDEA_SIZE.h / 2
  const ideas = editor.getCurrentPageShapes().filter((shape) => shape.type === 'idea')
  for (let i = 0; i < 50; i++) {
    const taken = ideas.some((idea) => {
      const b = editor.getShapePageBounds(idea)
      return !!b && Math.abs(b.x - x) < 24 && Math.abs(b.y - y) < 24
    })
    if (!taken) break
    x += 32
    y += 32
  }
  editor.run(() => {
    editor.createShape({
      id,
      type: 'idea',
      x,
      y,
      props: {
        text,
        color: (zone?.props.color ?? 'yellow') as 'yellow',
        authorId: me.actorId,
        authorName: me.displayName,
        w: IDEA_SIZE.w,
        h: IDEA_SIZE.h,
      },
    })
    editor.select(id)
  })
  // Mine from this moment: in an anonymous workshop the server re-issues the card without its author,
  // and that echo can come before the server's word that the card is mine (personal channel); the
  // text I am typing must not be taken for a change to someone else's card in between.
  ownShapeIds.set(new Set([...ownShapeIds.get(), id]))
  if (!text) editor.setEditingShape(id)
  // Silent writing: the server keeps this card private and sends it back; its private card opens then.
  if (!text && liveState.get().privateIdeation && me.role === 'participant') privateDraftId.set(id)
  return id
}

/**
 * An index just above the page's zones and below every other shape: where a new zone or cluster goes.
 * (tldraw's sendToBack cannot do it: it leaves locked shapes, the zones, where they are.)
 */
export function indexAboveZones(editor: Editor): IndexKey {
  const shapes = editor
    .getSortedChildIdsForParent(editor.getCurrentPageId())
    .map((id) => editor.getShape(id)!)
  let top: IndexKey | undefined
  for (const shape of shapes) if (shape.type === 'zone' && (!top || shape.index > top)) top = shape.index
  const next = shapes.find((shape) => shape.type !== 'zone' && (!top || shape.index > top))
  return getIndexBetween(top, next?.index)
}

/** Creates a cluster around the selected ideas (or at the centre of the view). */
export function createClusterAround(editor: Editor, title: string): TLShapeId | null {
  if (!canEdit.get()) return null
  const id = createShapeId()
  const selected = editor.getSelectedShapes().filter((shape) => shape.type === 'idea')
  const view = editor.getViewportPageBounds()
  const bounds = selected.length
    ? editor.getSelectionPageBounds()
    : new Box(view.x + view.w / 3, view.y + view.h / 3, view.w / 3, view.h / 3)
  if (!bounds) return null
  const margin = 40
  editor.run(() => {
    editor.createShape({
      id,
      type: 'cluster',
      // Over the zones, under the cards it may overlap; its ideas become its children just below.
      index: indexAboveZones(editor),
      x: bounds.x - margin,
      y: bounds.y - margin - 40,
      props: { title, w: Math.max(220, bounds.w + margin * 2), h: Math.max(160, bounds.h + margin * 2 + 40) },
    })
    if (selected.length) editor.reparentShapes(selected, id)
    editor.select(id)
  })
  return id
}

/**
 * Installs the rules on `editor`; returns the function that removes them.
 * - read-only when the role or the phase says so (tldraw's own read-only mode);
 * - locked shapes and zones cannot be changed or deleted by participants;
 * - follow-me: while the facilitator summons, this view follows theirs, and following is started again
 *   whenever it stops (a pan, the presenter reconnecting) until the facilitator releases everyone.
 */
export function installBoardRules(editor: Editor): () => void {
  const cleanups: (() => void)[] = []

  cleanups.push(
    react('read-only', () => {
      const readonly = !canEdit.get()
      if (editor.getInstanceState().isReadonly !== readonly)
        editor.updateInstanceState({ isReadonly: readonly })
    }),
  )

  cleanups.push(
    editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
      if (source !== 'user') return next
      return shapeIsLockedForMe(prev) || refusedChange(prev, next) ? prev : next
    }),
    editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
      if (source !== 'user') return
      if (shapeIsLockedForMe(shape) || refusedDelete(shape)) return false
    }),
  )

  let summoned = false
  let pending = false
  cleanups.push(
    react('follow-me', () => {
      const follow = liveState.get().followMe
      const me = session.get()
      const following = editor.getInstanceState().followingUserId
      if (!follow || follow.presenterId === me.actorId) {
        if (summoned && following) queueMicrotask(() => editor.stopFollowingUser())
        summoned = false
        return
      }
      const target = createUserId(follow.presenterId)
      const presenterHere = editor.getCollaborators().some((presence) => presence.userId === target)
      if (following === target || !presenterHere || pending) return
      // Not inside the reaction: starting to follow writes to the store, which a reaction must not do.
      pending = true
      queueMicrotask(() => {
        pending = false
        if (liveState.get().followMe?.presenterId !== follow.presenterId) return
        editor.startFollowingUser(target)
        summoned = true
      })
    }),
  )

  return () => {
    for (const cleanup of cleanups) cleanup()
  }
}
