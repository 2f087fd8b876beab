import type { TLRecord } from '@tldraw/tlschema'
import * as decoding from 'lib0/decoding'
import type * as Y from 'yjs'
import { BOARD_PAGE_ID } from '../../shared/board/create-board.ts'
import { readLiveState } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { type BoardAction, may } from '../../shared/board/rights.ts'
import { checkBoardRecord } from '../../shared/board/schema.ts'
import { MAX_IDEAS_PER_BOARD } from '../../shared/collab/limits.ts'
import {
  decodeJsonBody,
  MessageType,
  type PrivateIdeaMessage,
  type PrivateIdeaRecord,
  type Refusal,
} from '../../shared/collab/messages.ts'
import { participantsMayEdit, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import type { ShapeAuthor } from './board-context.ts'
import type { StoredPrivateIdea } from './board-context-rows.ts'
import type { LiveBoardContext } from './live-board-context.ts'
import { ProtocolError } from './protocol.ts'
import { ideaCount } from './review/idea-count.ts'
import type { Sender } from './room.ts'

/**
 * Silent writing over the live channel: a client's `privateIdea` messages (type 102), checked against
 * the rights table and the limits before they touch the board's private store, and the reveal that
 * moves the private ideas into the shared document.
 *
 * Refusal codes (sent back in a `refused` message, with the idea's id as `recordId`); those that mean
 * the same as a refusal of a live update use its code (review/refusals.ts):
 */
export const PrivateIdeaRefusal = {
  /** Observers; participants while the board is locked or the workshop closed. */
  readOnly: 'read_only',
  /** Silent writing is not on (a `put`). */
  off: 'private_ideation_off',
  /** A new idea while participants may not post (voting; clustering when the facilitator closed it). */
  closed: 'ideas_closed',
  /** A change or deletion the phase does not allow (rights.ts). */
  notNow: 'not_allowed_now',
  /** A participant changing or deleting someone else's private idea. */
  notYours: 'not_author',
  /** Not an `idea` shape record the board schema accepts. */
  invalid: 'invalid_record',
  /** The id belongs to a record of the document or to a shape someone else created. */
  idTaken: 'id_taken',
  /** MAX_IDEAS_PER_BOARD reached (ideas in the document and private ones together). */
  boardFull: 'board_full',
  /** Over IDEAS_PER_PARTICIPANT_PER_MINUTE. */
  tooMany: 'too_many_ideas',
  /** `delete` of a private idea that does not exist (any more). */
  unknown: 'unknown_idea',
} as const

/**
 * Reads the body of a `privateIdea` message (after its type). A body that is not a `put` with an
 * object or a `delete` with an id is outside the protocol (the connection closes with 4400); what is
 * wrong inside a well-formed `put` is refused, not closed.
 */
export function decodePrivateIdeaMessage(bytes: Uint8Array): PrivateIdeaMessage {
  let body: unknown
  try {
    const decoder = decoding.createDecoder(bytes)
    if (decoding.readVarUint(decoder) !== MessageType.privateIdea)
      throw new Error('not a privateIdea message')
    body = decodeJsonBody(decoder)
  } catch (error) {
    throw new ProtocolError(`undecodable privateIdea message: ${(error as Error).message}`)
  }
  const message = body as { kind?: unknown; idea?: unknown; id?: unknown } | undefined
  if (typeof message === 'object' && message !== null) {
    if (
      message.kind === 'put' &&
      typeof message.idea === 'object' &&
      message.idea !== null &&
      !Array.isArray(message.idea) &&
      typeof (message.idea as { id?: unknown }).id === 'string'
    )
      return { kind: 'put', idea: message.idea as PrivateIdeaRecord }
    if (message.kind === 'delete' && typeof message.id === 'string') return { kind: 'delete', id: message.id }
  }
  throw new ProtocolError('privateIdea message is neither a put nor a delete')
}

/** What a private idea change needs of the room. */
export interface PrivateIdeaTarget {
  doc: Y.Doc
  context: LiveBoardContext
}

/** Applies one `privateIdea` message from `sender`; what was refused (empty when it was applied). */
export function applyPrivateIdeaMessage(
  target: PrivateIdeaTarget,
  sender: Sender,
  message: PrivateIdeaMessage,
): Refusal[] {
  const live = readLiveState(target.doc)
  const id = message.kind === 'put' ? message.idea.id : message.id
  const refuse = (code: string, text: string): Refusal[] => [{ code, message: text, recordId: id }]
  if (sender.role === 'observer' || (sender.role === 'participant' && !participantsMayEdit(live)))
    return refuse(PrivateIdeaRefusal.readOnly, 'Tableau en lecture seule : idée ignorée.')
  const existing = target.context.privateIdea(id)
  const notYours = existing && sender.role !== 'facilitator' && existing.author.actorId !== sender.actorId
  const allowed = (action: BoardAction) => may(sender.role, action, live)

  if (message.kind === 'delete') {
    if (!existing) return refuse(PrivateIdeaRefusal.unknown, 'Cette idée n’existe pas ou plus.')
    if (notYours)
      return refuse(PrivateIdeaRefusal.notYours, 'Seule son autrice ou son auteur peut la supprimer.')
    if (!allowed('deleteOwnIdea')) return refuse(PrivateIdeaRefusal.notNow, 'Pas de suppression à ce stade.')
    target.context.deletePrivateIdea(id)
    return []
  }

  if (!live.privateIdeation)
    return refuse(PrivateIdeaRefusal.off, 'L’écriture silencieuse n’est pas en cours.')
  if (notYours)
    return refuse(PrivateIdeaRefusal.notYours, 'Seule son autrice ou son auteur peut la modifier.')
  if (existing && !allowed('editOwnIdea'))
    return refuse(PrivateIdeaRefusal.notNow, 'Pas de modification à ce stade de l’atelier.')
  if (!existing && !allowed('createIdea'))
    return refuse(PrivateIdeaRefusal.closed, 'Pas de nouvelle idée à ce stade de l’atelier.')
  if (!existing) {
    const authorOfId = target.context.authorOf(id)
    if (boardRecords(target.doc).has(id) || (authorOfId && authorOfId.actorId !== sender.actorId))
      return refuse(PrivateIdeaRefusal.idTaken, 'Cet identifiant est déjà pris.')
  }
  const author: ShapeAuthor = existing?.author ?? { actorId: sender.actorId, displayName: sender.displayName }
  const raw = message.idea as Record<string, unknown>
  if (raw.typeName !== 'shape' || raw.type !== 'idea')
    return refuse(PrivateIdeaRefusal.invalid, 'Seules des idées peuvent être privées.')
  const props =
    typeof raw.props === 'object' && raw.props !== null ? (raw.props as Record<string, unknown>) : {}
  // Author fields come from the session; empty in an anonymous workshop (the store keeps the author).
  const record = { ...raw, props: { ...props, ...authorFields(author, live) } }
  const checked = checkBoardRecord(id, record, existing?.idea as TLRecord | undefined)
  if (!checked.ok) return refuse(PrivateIdeaRefusal.invalid, `Idée invalide : ${checked.message}`)
  if (!existing) {
    if (ideaCount(target.doc).size + target.context.privateIdeaCount() >= MAX_IDEAS_PER_BOARD)
      return refuse(PrivateIdeaRefusal.boardFull, `Le tableau a atteint ${MAX_IDEAS_PER_BOARD} idées.`)
    // Counted last, so that a refused idea does not use up the allowance.
    if (sender.role === 'participant' && !target.context.takeIdeaAllowance(sender.actorId))
      return refuse(PrivateIdeaRefusal.tooMany, 'Trop d’idées en une minute : patientez un peu.')
  }
  target.context.putPrivateIdea(checked.record as unknown as PrivateIdeaRecord, author)
  return []
}

/** An idea's author fields as the workshop shows them. */
function authorFields(author: ShapeAuthor, live: Pick<WorkshopLiveState, 'anonymous'>) {
  return live.anonymous
    ? { authorId: '', authorName: '' }
    : { authorId: author.actorId, authorName: author.displayName }
}

/**
 * Writes revealed private ideas into the document (call inside the server's transaction): each where
 * its author left it (its parent when the parent still exists, else the page), author fields as the
 * workshop's anonymity says. Ideas whose id the document already holds are skipped (another reveal
 * got there first). Returns the ids written.
 */
export function writeRevealedIdeas(doc: Y.Doc, ideas: StoredPrivateIdea[]): string[] {
  const live = readLiveState(doc)
  const index = boardRecords(doc)
  let page: string = BOARD_PAGE_ID
  if (!index.has(page))
    for (const record of index.values())
      if (record.typeName === 'page') {
        page = record.id
        break
      }
  const written: string[] = []
  for (const { idea, author } of ideas) {
    if (index.has(idea.id)) continue
    const parentId = typeof idea.parentId === 'string' && index.has(idea.parentId) ? idea.parentId : page
    const props = (idea.props ?? {}) as Record<string, unknown>
    index.set({
      ...idea,
      parentId,
      props: { ...props, ...authorFields(author, live) },
    } as unknown as TLRecord)
    written.push(idea.id)
  }
  return written
}
