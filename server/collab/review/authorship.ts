import type { TLRecord } from '@tldraw/tlschema'
import { AUTHOR_NAME_MAX } from '../../../shared/board/shapes.ts'
import type { WorkshopLiveState } from '../../../shared/workshop/live-state.ts'
import type { BoardContext, ShapeAuthor } from '../board-context.ts'
import type { UpdateSender } from './update-sender.ts'

/**
 * Who wrote what, as the server vouches for it. An idea's author fields are never the client's word:
 * on a new idea they come from the session (or stay empty in an anonymous workshop), and once written
 * nobody changes them. Rights that depend on authorship (edit one's own idea, delete a cluster one drew)
 * ask the board context first, which knows the author even when the document does not say (anonymous
 * workshops), and fall back to the document's `authorId` for shapes the context never recorded (boards
 * older than it).
 */

export interface AuthorFields {
  authorId: string
  authorName: string
}

/** The author fields a new idea of `sender` carries in the shared document. */
export function serverAuthorFields(
  sender: Pick<UpdateSender, 'actorId' | 'displayName'>,
  live: Pick<WorkshopLiveState, 'anonymous'>,
): AuthorFields {
  if (live.anonymous) return { authorId: '', authorName: '' }
  return { authorId: sender.actorId, authorName: sender.displayName.slice(0, AUTHOR_NAME_MAX) }
}

/** The author as the context records it. */
export function shapeAuthorOf(sender: Pick<UpdateSender, 'actorId' | 'displayName'>): ShapeAuthor {
  return { actorId: sender.actorId, displayName: sender.displayName }
}

/**
 * `value` with its author fields set to `fields` when it is an idea shape whose props differ; the same
 * object otherwise (not an idea, or already right). Works on unchecked client values.
 */
export function withAuthorFields(value: unknown, fields: AuthorFields): unknown {
  if (!isIdeaLike(value)) return value
  const props = value.props
  if (props.authorId === fields.authorId && props.authorName === fields.authorName) return value
  return { ...value, props: { ...props, ...fields } }
}

/** True for a value shaped like an idea shape record (not yet checked against the schema). */
export function isIdeaLike(
  value: unknown,
): value is { typeName: 'shape'; type: 'idea'; props: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return false
  const record = value as { typeName?: unknown; type?: unknown; props?: unknown }
  return (
    record.typeName === 'shape' &&
    record.type === 'idea' &&
    typeof record.props === 'object' &&
    record.props !== null &&
    !Array.isArray(record.props)
  )
}

/**
 * Did `actorId` create shape `id` (an idea or a cluster)? The context's record first; for an idea it
 * does not know, the document's `authorId`. A cluster the context does not know belongs to nobody
 * (only facilitators may delete it).
 */
export function isAuthor(
  actorId: string,
  id: string,
  before: TLRecord | undefined,
  context: BoardContext | undefined,
): boolean {
  const recorded = context?.authorOf(id)
  if (recorded) return recorded.actorId === actorId
  if (before?.typeName === 'shape' && before.type === 'idea')
    return (before.props as { authorId?: unknown }).authorId === actorId && actorId !== ''
  return false
}
