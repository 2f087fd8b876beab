import type { TLRecord } from '@tldraw/tlschema'
import { mayUseShapeType } from '../../../shared/board/rights.ts'
import { checkBoardRecord } from '../../../shared/board/schema.ts'
import { findRefusedText } from '../../http/text-rule.ts'
import { messages, type Refusal, refusal } from './refusals.ts'
import type { BoardRole } from './update-sender.ts'

/**
 * What a record must be to stand on a board, whoever writes it: a shape type the role may use (none may
 * use tldraw's sticky note, embeds, bookmarks or videos), a record the board schema accepts, images
 * that are files uploaded to this board, and references that lead somewhere (parents, bound shapes).
 */

/** Looks a record up as the update under review leaves the board (records changed together see each other). */
export type RecordLookup = (id: string) => TLRecord | undefined

/**
 * Refuses shape and asset types before anything else is read: a type nobody may use
 * (`shape_type_refused`), or one only facilitators draw (`facilitators_only`). Works on the unchecked
 * value: the schema check (more costly) comes after.
 */
export function typeRefusal(role: BoardRole, key: string, value: unknown): Refusal | null {
  if (typeof value !== 'object' || value === null) return null
  const record = value as { typeName?: unknown; type?: unknown }
  if (record.typeName === 'shape' && typeof record.type === 'string') {
    if (mayUseShapeType(role, record.type)) return null
    if (!mayUseShapeType('facilitator', record.type))
      return refusal(key, 'shape_type_refused', messages.shapeType(record.type))
    return refusal(
      key,
      'facilitators_only',
      `Seule l’animation peut poser ce type d’élément (${record.type}).`,
    )
  }
  // Assets are the files behind image shapes; only uploaded images have a place on a board.
  if (record.typeName === 'asset' && record.type !== 'image')
    return refusal(key, 'shape_type_refused', messages.assetType(String(record.type)))
  return null
}

/** The board schema's verdict on `value` stored under `key` (see shared/board/schema.ts). */
export function schemaCheck(
  key: string,
  value: unknown,
  before: TLRecord | undefined,
): { ok: true; record: TLRecord } | { ok: false; refusal: Refusal } {
  // The rule for text from anyone (http/text-rule.ts) holds on the board too: no NUL in a record.
  const refusedText = findRefusedText(value)
  if (refusedText !== null)
    return {
      ok: false,
      refusal: refusal(
        key,
        'invalid_record',
        messages.invalidRecord(key, `${refusedText}: NUL or lone surrogate`),
      ),
    }
  const check = checkBoardRecord(key, value, before)
  if (check.ok) return check
  return { ok: false, refusal: refusal(key, 'invalid_record', messages.invalidRecord(key, check.message)) }
}

/**
 * The path an uploaded image of `boardId` is served from (the upload route, POST
 * /api/boards/:boardId/assets, answers it): nothing on a board may load from another host.
 */
export function uploadedImagePattern(boardId: string): RegExp {
  return new RegExp(`^/api/boards/${escapeRegExp(boardId)}/assets/[A-Za-z0-9_:%-]{1,160}$`)
}

/**
 * Images come only from this board's uploads: an image shape has no `url` of its own and names an image
 * asset whose `src` is an upload of this board; an image asset has such a `src`. `boardId` undefined
 * (no board context): no upload can be recognised, so every image is refused.
 */
export function imageRefusal(
  key: string,
  record: TLRecord,
  boardId: string | undefined,
  lookup: RecordLookup,
): Refusal | null {
  const uploaded = (asset: TLRecord | undefined): boolean => {
    if (asset?.typeName !== 'asset' || asset.type !== 'image' || boardId === undefined) return false
    const src = (asset.props as { src?: unknown }).src
    return typeof src === 'string' && uploadedImagePattern(boardId).test(src)
  }
  if (record.typeName === 'shape' && record.type === 'image') {
    const props = record.props as { url?: unknown; assetId?: unknown }
    const ok = props.url === '' && typeof props.assetId === 'string' && uploaded(lookup(props.assetId))
    return ok ? null : refusal(key, 'image_not_uploaded', messages.imageNotUploaded)
  }
  if (record.typeName === 'asset' && !uploaded(record))
    return refusal(key, 'image_not_uploaded', messages.imageNotUploaded)
  return null
}

/**
 * References that tldraw follows without checking: a shape's parent must exist and a chain of parents
 * must end on a page (a cycle would hang every client computing page transforms); a binding's shapes
 * must exist.
 */
export function referenceRefusal(
  key: string,
  before: TLRecord | undefined,
  after: TLRecord,
  lookup: RecordLookup,
): Refusal | null {
  if (after.typeName === 'shape') {
    if (before?.typeName === 'shape' && before.parentId === after.parentId) return null
    let parentId: string = after.parentId
    for (let depth = 0; depth < 64; depth++) {
      if (parentId === key) break
      const parent = lookup(parentId)
      if (!parent) return refusal(key, 'broken_reference', messages.missingParent(parentId))
      if (parent.typeName === 'page') return null
      if (parent.typeName !== 'shape') break
      parentId = parent.parentId
    }
    return refusal(key, 'broken_reference', messages.parentChain)
  }
  if (after.typeName === 'binding') {
    for (const shapeId of [after.fromId, after.toId])
      if (lookup(shapeId)?.typeName !== 'shape')
        return refusal(key, 'broken_reference', messages.missingBound(shapeId))
  }
  return null
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
