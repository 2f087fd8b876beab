import type { TLRecord } from '@tldraw/tlschema'
import type * as Y from 'yjs'
import { meta, readLiveState } from '../../../shared/board/document.ts'
import {
  type BoardRecords,
  deleteEntry,
  entryAt,
  isDeletedEntry,
  rightmostEntry,
} from '../../../shared/board/record-index.ts'
import type { IdeaShape } from '../../../shared/board/shapes.ts'
import { participantsMayEdit, type WorkshopLiveState } from '../../../shared/workshop/live-state.ts'
import type { BoardContext } from '../board-context.ts'
import {
  type AuthorFields,
  isAuthor,
  isIdeaLike,
  serverAuthorFields,
  shapeAuthorOf,
  withAuthorFields,
} from './authorship.ts'
import { NewIdeaLimits } from './new-idea-limits.ts'
import {
  imageRefusal,
  type RecordLookup,
  referenceRefusal,
  schemaCheck,
  typeRefusal,
} from './record-checks.ts'
import { jsonEqual, type RecordLike, rightsRefusal } from './record-rights.ts'
import { messages, type Refusal, type RefusalList, refusal } from './refusals.ts'
import {
  clearSearchMarkers,
  deleteEntries,
  replaceEntry,
  revertMapKey,
  revertRecord,
  sameId,
} from './repair.ts'
import { type RecordChange, TransactionChanges } from './transaction-changes.ts'
import type { UpdateSender } from './update-sender.ts'

/** What the review decided for one record. */
type Verdict =
  | { kind: 'refuse'; refusal: Refusal }
  /** `record`: the accepted value (undefined: deleted); `rewritten`: author fields set by the server. */
  | { kind: 'accept'; record: TLRecord | undefined; rewritten: boolean; created: boolean }
  /** Silent writing: the new idea leaves the shared document for the sender's private ideas. */
  | { kind: 'keepPrivate'; record: TLRecord }

/**
 * The review of one transaction (a client's update, or a server change made in a person's name) inside
 * that transaction: what it changed is collected, then each part is judged and repaired in place.
 *
 * Order: content outside the format goes first; then `meta` (server only), because the rights read the
 * live state the update may have tried to overwrite; then, for senders who may not write at all now,
 * everything; otherwise each record: type, author fields, rights, limits, schema, images, references.
 */
export class UpdateReview {
  readonly #doc: Y.Doc
  readonly #transaction: Y.Transaction
  readonly #index: BoardRecords
  readonly #sender: UpdateSender
  readonly #refusals: RefusalList
  readonly #context: BoardContext | undefined
  #changes!: TransactionChanges
  /** Records as this update leaves them, so that records changed together see each other. */
  readonly #tentative = new Map<string, TLRecord | undefined>()

  constructor(
    transaction: Y.Transaction,
    index: BoardRecords,
    sender: UpdateSender,
    refusals: RefusalList,
    context: BoardContext | undefined,
  ) {
    this.#doc = transaction.doc
    this.#transaction = transaction
    this.#index = index
    this.#sender = sender
    this.#refusals = refusals
    this.#context = context
  }

  run(): void {
    this.#changes = new TransactionChanges(this.#transaction, this.#index)
    this.#removeStray()
    const metaMap = meta(this.#doc)
    for (const key of this.#changes.metaKeys) {
      revertMapKey(this.#transaction, this.#changes.deleted, metaMap, key)
      this.#refusals.add({ code: 'server_only', message: messages.serverOnly(key) })
    }
    const live = readLiveState(this.#doc)
    const role = this.#sender.role
    if (role === 'observer' || (role === 'participant' && !participantsMayEdit(live))) {
      this.#revertEverything()
      return
    }
    this.#reviewRecords(live)
  }

  #removeStray(): void {
    for (const [item, { code, message }] of this.#changes.stray) {
      if (!item.deleted) item.delete(this.#transaction)
      clearSearchMarkers(item.parent as Y.AbstractType<any>)
      this.#refusals.add({ code, message })
    }
    if (this.#changes.strayEntries.length > 0) {
      this.#refusals.add({ code: 'invalid_entry', message: messages.strayEntry })
      deleteEntries(this.#transaction, this.#changes.strayEntries)
    }
  }

  /** Observers, and participants on a locked or closed board: nothing of the update stays. */
  #revertEverything(): void {
    for (const [key, change] of this.#changes.records) this.#revert(key, change)
    if (this.#changes.records.size > 0 || this.#changes.stray.size > 0)
      this.#refusals.add({
        code: 'read_only',
        message: this.#sender.role === 'observer' ? messages.readOnlyObserver : messages.readOnlyParticipant,
      })
  }

  #reviewRecords(live: WorkshopLiveState): void {
    const records = this.#changes.records
    for (const [key, change] of records) {
      const winner = this.#winner(key, change)
      const value = winner ? entryAt(this.#doc, winner).val : undefined
      this.#tentative.set(key, typeof value === 'object' && value !== null ? value : undefined)
    }
    const lookup: RecordLookup = (id) =>
      this.#tentative.has(id) ? this.#tentative.get(id) : this.#index.get(id)
    const locked = new Set(live.lockedShapeIds)
    const limits = new NewIdeaLimits(this.#doc, this.#sender, this.#context)
    for (const [key, change] of records) {
      const current = this.#index.currentEntryId(key)
      const winner = this.#winner(key, change)
      if (winner && current && sameId(winner, current)) {
        // Unchanged: entries the update inserted to the left of the current one lose, as in YKeyValue.
        this.#deleteLive(change.inserted)
        continue
      }
      const before = this.#index.get(key)
      // An entry without a value is a write of `undefined`, not a deletion: it is judged (and refused).
      const after = winner ? { value: entryAt(this.#doc, winner).val as unknown } : undefined
      const verdict = this.#judge(key, before, after, live, locked, lookup, limits)
      switch (verdict.kind) {
        case 'refuse':
          this.#refusals.add(verdict.refusal)
          this.#revert(key, change)
          break
        case 'keepPrivate':
          this.#keepPrivate(key, change, verdict.record)
          break
        case 'accept':
          this.#accept(key, change, current, winner, verdict, live)
          break
      }
    }
  }

  /** Null when the change of `key` from `before` to `after` (undefined = absent) is allowed. */
  #judge(
    key: string,
    before: TLRecord | undefined,
    after: { value: unknown } | undefined,
    live: WorkshopLiveState,
    locked: ReadonlySet<string>,
    lookup: RecordLookup,
    limits: NewIdeaLimits,
  ): Verdict {
    const sender = this.#sender
    const refuse = (r: Refusal): Verdict => ({ kind: 'refuse', refusal: r })
    if (after === undefined) {
      if (!before) return { kind: 'accept', record: undefined, rewritten: false, created: false }
      if (before.typeName === 'document')
        return refuse(refusal(key, 'broken_reference', messages.documentRecord))
      const denied = rightsRefusal(sender.role, live, locked, {
        id: key,
        before: before as unknown as RecordLike,
        after: undefined,
        own: this.#own(key, before),
      })
      return denied ? refuse(denied) : { kind: 'accept', record: undefined, rewritten: false, created: false }
    }
    const raw = after.value
    if (before && jsonEqual(before, raw))
      return { kind: 'accept', record: before, rewritten: false, created: false }
    const type = typeRefusal(sender.role, key, raw)
    if (type) return refuse(type)

    // Author fields come from the server: kept as they were on an existing idea, from the session (or
    // empty, anonymous) on a new one. What the client wrote there is replaced, not judged.
    const wasIdea = before?.typeName === 'shape' && before.type === 'idea'
    const expected: AuthorFields | null = isIdeaLike(raw)
      ? wasIdea
        ? authorFieldsOf(before as unknown as IdeaShape)
        : serverAuthorFields(sender, live)
      : null
    const candidate = expected ? withAuthorFields(raw, expected) : raw
    const newIdea = !wasIdea && isIdeaLike(candidate)

    const denied = rightsRefusal(sender.role, live, locked, {
      id: key,
      before: before as unknown as RecordLike | undefined,
      after: candidate as RecordLike,
      own: before ? this.#own(key, before) : false,
    })
    if (denied) return refuse(denied)
    // A new record under the id of a shape someone else created (a private idea, a deleted card):
    // it would take over their authorship.
    if (!before && sender.role !== 'facilitator') {
      const author = this.#context?.authorOf(key)
      if (author && author.actorId !== sender.actorId)
        return refuse(refusal(key, 'not_author', messages.idTaken))
    }
    if (newIdea) {
      const over = limits.alreadyOver(key)
      if (over) return refuse(over)
    }
    const check = schemaCheck(key, candidate, before)
    if (!check.ok) return refuse(check.refusal)
    const record = check.record
    const content =
      imageRefusal(key, record, this.#context?.boardId, lookup) ??
      referenceRefusal(key, before, record, lookup)
    if (content) return refuse(content)
    if (newIdea) {
      const over = limits.take(key)
      if (over) return refuse(over)
      if (live.privateIdeation && sender.role === 'participant') {
        // Without a board context there is nowhere to keep it: refused as closed to shared ideas.
        if (!this.#context)
          return refuse(
            refusal(key, 'ideas_closed', 'Écriture silencieuse : les nouvelles idées restent privées.'),
          )
        return { kind: 'keepPrivate', record }
      }
    }
    const created =
      !before && record.typeName === 'shape' && (record.type === 'idea' || record.type === 'cluster')
    return { kind: 'accept', record, rewritten: candidate !== raw, created }
  }

  #accept(
    key: string,
    change: RecordChange,
    current: Y.ID | undefined,
    winner: Y.ID | undefined,
    verdict: Extract<Verdict, { kind: 'accept' }>,
    live: WorkshopLiveState,
  ): void {
    // Every other live entry of the key goes now rather than in each client's cleanup.
    this.#deleteLive(change.inserted.filter((id) => !winner || !sameId(id, winner)))
    if (current && !sameId(current, winner ?? current) && !isDeletedEntry(this.#doc, current))
      deleteEntry(this.#transaction, current)
    const { record } = verdict
    if (!record || !winner) return
    // Anonymous workshop: no struct of the document may tie a card to a participant's connection
    // (awareness maps Yjs client ids to names), so the server writes an equal entry under its own
    // client id and deletes the participant's. Deleted within this transaction, the participant's
    // entry is garbage-collected before the update is encoded: nobody else ever receives its content.
    const reissue =
      live.anonymous &&
      this.#sender.role === 'participant' &&
      record.typeName === 'shape' &&
      (record.type === 'idea' || record.type === 'cluster') &&
      winner.client !== this.#doc.clientID
    if (verdict.rewritten || reissue)
      replaceEntry(
        this.#transaction,
        this.#index.array,
        winner,
        { key, val: record },
        reissue ? 'start' : 'before',
      )
    if (verdict.rewritten)
      this.#refusals.add(refusal(key, 'author_set_by_server', messages.authorSetByServer))
    this.#tentative.set(key, record)
    if (verdict.created) this.#context?.recordAuthor(key, shapeAuthorOf(this.#sender))
  }

  /**
   * Silent writing: the idea is taken out of the shared document in this same transaction (so its text
   * and author are garbage-collected before anyone receives the update) and kept as the sender's.
   */
  #keepPrivate(key: string, change: RecordChange, record: TLRecord): void {
    this.#revert(key, change)
    const author = shapeAuthorOf(this.#sender)
    this.#context!.keepPrivate(record as unknown as IdeaShape, author)
    this.#context!.recordAuthor(key, author)
    this.#refusals.add(refusal(key, 'kept_private', messages.keptPrivate))
  }

  #revert(key: string, change: RecordChange): void {
    this.#tentative.set(key, revertRecord(this.#transaction, this.#index, key, change))
  }

  #deleteLive(ids: readonly Y.ID[]): void {
    deleteEntries(
      this.#transaction,
      ids.filter((id) => !isDeletedEntry(this.#doc, id)),
    )
  }

  /** The entry that holds `key` after the update: the rightmost live one (YKeyValue's rule). */
  #winner(key: string, change: RecordChange): Y.ID | undefined {
    const candidates = change.inserted.filter((id) => !isDeletedEntry(this.#doc, id))
    const current = this.#index.currentEntryId(key)
    if (current && !isDeletedEntry(this.#doc, current)) candidates.push(current)
    return rightmostEntry(this.#doc, candidates)
  }

  #own(key: string, before: TLRecord): boolean {
    return isAuthor(this.#sender.actorId, key, before, this.#context)
  }
}

function authorFieldsOf(idea: IdeaShape): AuthorFields {
  return { authorId: idea.props.authorId, authorName: idea.props.authorName }
}
