import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { meta, type RecordEntry, readLiveState, votes } from '../../shared/board/document.ts'
import {
  type BoardRecords,
  boardRecords,
  currentState,
  deleteEntry,
  entryAt,
  forEachInsertedItem,
  insertEntryBefore,
  isDeletedEntry,
  isEntry,
  rightmostEntry,
} from '../../shared/board/record-index.ts'
import { checkBoardRecord } from '../../shared/board/schema.ts'
import { participantsMayEdit, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import type { BoardContext } from './board-context.ts'

/**
 * Validation of every client update, the heart of "one client can never break a board".
 *
 * Why repair instead of dropping: Yjs integrates a client's updates in causal order. An update that is
 * simply dropped leaves every later update of that client pending forever (its edits vanish without a
 * word), and closing the socket makes the unmodified y-websocket provider resend the same update in a
 * loop (y-websocket issue 189). So the update is applied, and in the SAME transaction the offending
 * parts are undone: a bad new record is deleted, an overwritten or deleted value is written back. The
 * document's single 'update' event for that transaction carries only the net result, and because Yjs
 * garbage-collects content deleted within a transaction before encoding it, a refused 5 MB text is
 * never broadcast nor stored. The sender receives the repair like everyone else and converges back;
 * since none of its structs were dropped, its later valid edits integrate normally.
 *
 * Cost: proportional to the update (its new structs and deletions) and to the records it touches, never
 * to the board: unchanged records are not looked at again.
 */

export type BoardRole = 'facilitator' | 'participant' | 'observer'

/** Who sent an update: their actor id (guest id or user id) and their role on this board. */
export interface UpdateSender {
  actorId: string
  role: BoardRole
}

export type RefusalCode =
  /** The sender may not change the board now (observer; participant on a locked or closed board). */
  | 'read_only'
  /** The update could not be decoded (what was decoded before the error was reviewed as usual). */
  | 'malformed_update'
  /** The update depends on content the server does not have: that part is discarded. */
  | 'missing_dependencies'
  /** Content outside `records`, `meta` and `votes`, or not shaped as board format v1 there. */
  | 'invalid_entry'
  /** A record that the board schema rejects (unknown type, NaN, wrong or extra props, id ≠ key, too large). */
  | 'invalid_record'
  /** A change reserved to facilitators (zones, pages). */
  | 'facilitators_only'
  /** A change to a shape the facilitator locked. */
  | 'locked_shape'
  /** An idea whose author is not the sender, or whose author was changed. */
  | 'not_author'
  /** A record the board cannot do without (the document record), or one referring to a missing record. */
  | 'broken_reference'
  /** `meta` is written by the server only, on facilitator requests (PATCH /api/workshops/:id). */
  | 'server_only'
  /** Votes of another actor. */
  | 'vote_not_yours'
  /** Votes outside the voting phase. */
  | 'vote_closed'
  /** The review itself failed: the whole update was taken out. */
  | 'internal_error'
  /** Votes that are not whole numbers of dots on existing targets. */
  | 'invalid_vote'
  /** More dots than the vote allows. */
  | 'too_many_dots'

/** A part of an update that was undone, and why (French, for the sender's screen). */
export interface Refusal {
  recordId?: string
  code: RefusalCode
  message: string
}

export interface ApplyClientUpdateOptions {
  /** Transaction origin (e.g. the connection), as seen by 'update' listeners. */
  origin?: unknown
  /** At most this many refusals are listed (a hostile update could otherwise produce thousands). */
  maxRefusals?: number
  /** The board beyond its document (authorship, private ideas, rates); see board-context.ts. */
  context?: BoardContext
}

export interface ApplyClientUpdateResult {
  refusals: Refusal[]
  /** More refusals happened than were listed. */
  truncated: boolean
}

/**
 * Applies a client's Yjs update to the room's document and, in the same transaction, undoes whatever
 * the board schema or the sender's rights refuse. Never throws on bad input: a malformed update is
 * reported as a refusal. The transaction carries `options.origin`.
 */
export function applyClientUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  sender: UpdateSender,
  options: ApplyClientUpdateOptions = {},
): ApplyClientUpdateResult {
  const refusals = new RefusalList(options.maxRefusals ?? 50)
  const index = boardRecords(doc)
  Y.transact(
    doc,
    (transaction) => {
      const store = doc.store
      const pendingStructs = store.pendingStructs
      const pendingDs = store.pendingDs
      const ownClock = Y.getState(store, doc.clientID)
      try {
        Y.applyUpdate(doc, update)
      } catch {
        refusals.add({ code: 'malformed_update', message: 'Modification illisible : ignorée.' })
      }
      // Yjs marks integrated updates non-local, and after a non-local transaction that contains
      // structs of the document's own client id it assumes another peer uses that id and picks a new
      // one. The repairs below are the server's own structs: the transaction is made local again so
      // that each repair does not cost a new client id (the state vector would grow with every
      // refusal). A client that did send structs under the server's id still gets it changed here.
      if (Y.getState(store, doc.clientID) !== ownClock) doc.clientID = randomClientId()
      transaction.local = true
      // A legitimate client only sends what builds on content the server has (the server never drops
      // a struct). Structs kept pending here would be integrated later inside another sender's
      // transaction, judged with that sender's rights, and be sent to every client in sync step 2.
      if (store.pendingStructs !== pendingStructs && store.pendingStructs !== null) {
        store.pendingStructs = pendingStructs
        refusals.add(missingDependencies)
      }
      if (store.pendingDs !== pendingDs && store.pendingDs !== null) {
        store.pendingDs = pendingDs
        refusals.add(missingDependencies)
      }
      try {
        new UpdateReview(doc, transaction, index, sender, refusals).run()
      } catch {
        // A bug in the review must not let the update through unreviewed (the transaction commits
        // whatever is in it): everything it brought is taken out instead.
        refusals.add({ code: 'internal_error', message: 'Modification non vérifiable : annulée.' })
        undoTransaction(transaction, index)
      }
      // Local transactions keep Y.Array index markers up to date, but remote structs were integrated
      // without them: drop the markers so no later index-based operation trusts a stale position.
      clearSearchMarkers(index.array as Y.AbstractType<any>)
    },
    options.origin ?? null,
    false,
  )
  return refusals.result()
}

const missingDependencies: Refusal = {
  code: 'missing_dependencies',
  message: 'Modification incomplète (elle dépend de contenus inconnus du serveur) : ignorée.',
}

class RefusalList {
  readonly #max: number
  readonly #list: Refusal[] = []
  #truncated = false
  constructor(max: number) {
    this.#max = max
  }
  add(refusal: Refusal): void {
    if (this.#list.length < this.#max) this.#list.push(refusal)
    else this.#truncated = true
  }
  result(): ApplyClientUpdateResult {
    return { refusals: this.#list, truncated: this.#truncated }
  }
}

/** What one transaction changed in `records`: per key, the entries it inserted; and current entries it deleted. */
interface RecordChange {
  inserted: Y.ID[]
}

/** The review of one client update, inside its transaction. */
class UpdateReview {
  readonly doc: Y.Doc
  readonly transaction: Y.Transaction
  readonly index: BoardRecords
  readonly sender: UpdateSender
  readonly refusals: RefusalList
  readonly meta: Y.Map<unknown>
  readonly votes: Y.Map<Y.Map<number>>

  readonly records = new Map<string, RecordChange>()
  readonly metaKeys = new Set<string>()
  readonly votesTop = new Set<string>()
  readonly votesInner = new Map<string, Set<string>>()
  /** Items to delete whole: outside the format, or a nested type where plain JSON belongs. */
  readonly stray = new Set<Y.Item>()
  /** Single entries of `records` that are not `{key, val}` objects. */
  readonly strayEntries: Y.ID[] = []
  #deleted: DeleteLookup | undefined
  /** Records as they stand after this update, for references between records changed together. */
  readonly tentative = new Map<string, TLRecord | undefined>()

  constructor(
    doc: Y.Doc,
    transaction: Y.Transaction,
    index: BoardRecords,
    sender: UpdateSender,
    refusals: RefusalList,
  ) {
    this.doc = doc
    this.transaction = transaction
    this.index = index
    this.sender = sender
    this.refusals = refusals
    this.meta = meta(doc)
    this.votes = votes(doc)
  }

  run(): void {
    this.#collect()
    this.#removeStray()
    // meta first: the rights below read the live state, which the update may have tried to overwrite.
    for (const key of this.metaKeys) {
      this.#revertMapKey(this.meta, key)
      this.refusals.add({
        code: 'server_only',
        message: `meta.${key} est réservé au serveur : passez par les commandes de l’animation.`,
      })
    }
    const live = readLiveState(this.doc)
    const readOnly =
      this.sender.role === 'observer' || (this.sender.role === 'participant' && !participantsMayEdit(live))
    if (readOnly) {
      this.#revertEverything()
      return
    }
    this.#reviewRecords(live)
    this.#reviewVotes(live)
  }

  // ---- Collecting what the update changed ---------------------------------------------------------

  #collect(): void {
    const array = this.index.array as Y.AbstractType<any>
    forEachInsertedItem(this.transaction, currentState(this.doc), (item) =>
      this.#classifyInserted(item, array),
    )
    this.#deleted = new DeleteLookup(this.transaction.deleteSet)
    Y.iterateDeletedStructs(this.transaction, this.transaction.deleteSet, (struct) => {
      if (struct instanceof Y.Item && !this.#createdNow(struct)) this.#classifyDeleted(struct, array)
    })
  }

  #classifyInserted(item: Y.Item, array: Y.AbstractType<any>): void {
    // Already deleted (content a client garbage-collected before sending, or inserted and deleted in
    // the same update): it shows nothing and its content is collected here too. What its arrival
    // deleted, if anything, is in the delete set and reviewed there.
    if (item.deleted) return
    // Climb to the item directly under a root type; `second` is the one below it, if any.
    let top = item
    let second: Y.Item | null = null
    while ((top.parent as Y.AbstractType<any>)._item !== null) {
      second = top
      top = (top.parent as Y.AbstractType<any>)._item as Y.Item
    }
    const root = top.parent as Y.AbstractType<any>
    if (root === array) {
      if (top !== item) return // inside a nested type in records: the top item goes as a whole
      if (item.parentSub !== null || !(item.content instanceof Y.ContentAny)) {
        this.#strayItem(item, 'Contenu inattendu dans records : supprimé.')
        return
      }
      const entries = item.content.arr
      for (let offset = 0; offset < entries.length; offset++) {
        const entry = entries[offset]
        const id = Y.createID(item.id.client, item.id.clock + offset)
        if (!isEntry(entry)) {
          this.strayEntries.push(id)
          continue
        }
        this.#recordChange(entry.key).inserted.push(id)
      }
      return
    }
    if (root === (this.meta as Y.AbstractType<any>)) {
      if (top.parentSub === null) this.#strayItem(top, 'Contenu inattendu dans meta : supprimé.')
      else this.metaKeys.add(top.parentSub)
      return
    }
    if (root === (this.votes as Y.AbstractType<any>)) {
      if (top.parentSub === null) {
        this.#strayItem(top, 'Contenu inattendu dans votes : supprimé.')
      } else if (second === null) {
        this.votesTop.add(top.parentSub)
      } else if (second.parentSub === null) {
        this.#strayItem(second, 'Contenu inattendu dans votes : supprimé.')
      } else {
        this.#innerVotes(top.parentSub).add(second.parentSub)
      }
      return
    }
    this.#strayItem(top, 'Contenu hors du format du tableau : supprimé.')
  }

  #classifyDeleted(item: Y.Item, array: Y.AbstractType<any>): void {
    const parent = item.parent as Y.AbstractType<any>
    if (parent === array) {
      if (!(item.content instanceof Y.ContentAny)) return
      const entries = item.content.arr
      for (let offset = 0; offset < entries.length; offset++) {
        const entry = entries[offset]
        if (!isEntry(entry)) continue
        const current = this.index.currentEntryId(entry.key)
        if (current && current.client === item.id.client && current.clock === item.id.clock + offset)
          this.#recordChange(entry.key)
      }
    } else if (parent === (this.meta as Y.AbstractType<any>)) {
      if (item.parentSub !== null) this.metaKeys.add(item.parentSub)
    } else if (parent === (this.votes as Y.AbstractType<any>)) {
      if (item.parentSub !== null) this.votesTop.add(item.parentSub)
    } else if (parent._item !== null && parent._item.parent === this.votes) {
      const actor = parent._item.parentSub
      if (actor !== null && item.parentSub !== null) this.#innerVotes(actor).add(item.parentSub)
    }
  }

  #recordChange(key: string): RecordChange {
    let change = this.records.get(key)
    if (!change) {
      change = { inserted: [] }
      this.records.set(key, change)
    }
    return change
  }

  #innerVotes(actor: string): Set<string> {
    let set = this.votesInner.get(actor)
    if (!set) {
      set = new Set()
      this.votesInner.set(actor, set)
    }
    return set
  }

  #strayItem(item: Y.Item, message: string): void {
    if (!this.stray.has(item)) this.refusals.add({ code: 'invalid_entry', message })
    this.stray.add(item)
  }

  #removeStray(): void {
    for (const item of this.stray) {
      if (!item.deleted) item.delete(this.transaction)
      clearSearchMarkers(item.parent as Y.AbstractType<any>)
    }
    if (this.strayEntries.length > 0)
      this.refusals.add({ code: 'invalid_entry', message: 'Entrée de records mal formée : supprimée.' })
    for (const id of this.strayEntries) deleteEntry(this.transaction, id)
  }

  /** True for structs this transaction created (they were not in the document before it). */
  #createdNow(item: Y.Item): boolean {
    return item.id.clock >= (this.transaction.beforeState.get(item.id.client) ?? 0)
  }

  /** True when this transaction deleted the item (as opposed to an earlier one). */
  #deletedNow(item: Y.Item): boolean {
    return this.#deleted?.has(item.id) ?? false
  }

  // ---- Read-only senders --------------------------------------------------------------------------

  #revertEverything(): void {
    let changed = this.records.size > 0
    for (const key of this.records.keys()) this.#revertRecord(key)
    for (const actor of new Set([...this.votesTop, ...this.votesInner.keys()])) {
      changed = true
      this.#revertVotes(actor)
    }
    if (changed || this.stray.size > 0)
      this.refusals.add({
        code: 'read_only',
        message:
          this.sender.role === 'observer'
            ? 'Observateur : le tableau est en lecture seule.'
            : 'Le tableau est verrouillé : modification annulée.',
      })
  }

  // ---- Records ------------------------------------------------------------------------------------

  #reviewRecords(live: WorkshopLiveState): void {
    // The records as this update leaves them, so that a shape and its new parent created together
    // see each other.
    for (const [key, change] of this.records) {
      const winner = this.#winner(key, change)
      const value = winner ? entryAt(this.doc, winner).val : undefined
      this.tentative.set(key, typeof value === 'object' && value !== null ? value : undefined)
    }
    const locked = new Set(live.lockedShapeIds)
    for (const [key, change] of this.records) {
      const current = this.index.currentEntryId(key)
      const winner = this.#winner(key, change)
      if (winner && current && sameId(winner, current)) {
        // Unchanged: entries the update inserted to the left of the current one lose, as in YKeyValue.
        for (const id of change.inserted) if (!isDeletedEntry(this.doc, id)) deleteEntry(this.transaction, id)
        continue
      }
      const before = this.index.get(key)
      // An entry without a value is a write of `undefined`, not a deletion: it is judged (and refused).
      const after = winner ? { value: entryAt(this.doc, winner).val as unknown } : undefined
      const refusal = this.#judgeRecord(key, before, after, locked)
      if (refusal) {
        this.refusals.add(refusal)
        this.#revertRecord(key)
        continue
      }
      // Accepted: every other live entry of the key goes now rather than in each client's cleanup.
      for (const id of change.inserted)
        if (!sameId(id, winner!) && !isDeletedEntry(this.doc, id)) deleteEntry(this.transaction, id)
      if (current && !sameId(current, winner ?? current) && !isDeletedEntry(this.doc, current))
        deleteEntry(this.transaction, current)
    }
  }

  /** The entry that holds `key` after the update: the rightmost live one (YKeyValue's rule). */
  #winner(key: string, change: RecordChange): Y.ID | undefined {
    const candidates = change.inserted.filter((id) => !isDeletedEntry(this.doc, id))
    const current = this.index.currentEntryId(key)
    if (current && !isDeletedEntry(this.doc, current)) candidates.push(current)
    return rightmostEntry(this.doc, candidates)
  }

  /** Null when the change from `before` to `after` (undefined = absent) is allowed. */
  #judgeRecord(
    key: string,
    before: TLRecord | undefined,
    after: { value: unknown } | undefined,
    locked: Set<string>,
  ): Refusal | null {
    const facilitator = this.sender.role === 'facilitator'
    if (after === undefined) {
      if (!before) return null
      if (before.typeName === 'document')
        return refusal(key, 'broken_reference', 'Le document du tableau ne peut pas être supprimé.')
      if (!facilitator) return this.#participantRights(key, before, undefined, locked)
      return null
    }
    if (before && deepEqual(before, after.value)) return null
    const check = checkBoardRecord(key, after.value, before)
    if (!check.ok) return refusal(key, 'invalid_record', `Élément refusé (${key}) : ${check.message}.`)
    if (!facilitator) {
      const rights = this.#participantRights(key, before, check.record, locked)
      if (rights) return rights
    }
    return this.#checkReferences(key, before, check.record)
  }

  #participantRights(
    key: string,
    before: TLRecord | undefined,
    after: TLRecord | undefined,
    locked: Set<string>,
  ): Refusal | null {
    const either = [before, after].filter((r): r is TLRecord => r !== undefined)
    if (either.some((r) => r.typeName === 'document' || r.typeName === 'page'))
      return refusal(key, 'facilitators_only', 'Seule l’animation peut modifier les pages du tableau.')
    if (either.some((r) => r.typeName === 'shape' && r.type === 'zone'))
      return refusal(
        key,
        'facilitators_only',
        'Seule l’animation peut créer, modifier ou supprimer une zone.',
      )
    if (locked.has(key)) return refusal(key, 'locked_shape', 'Cet élément est verrouillé par l’animation.')
    if (after?.typeName === 'shape' && after.type === 'idea') {
      const props = after.props as { authorId: string; authorName: string }
      const previous =
        before?.typeName === 'shape' && before.type === 'idea'
          ? (before.props as { authorId: string; authorName: string })
          : undefined
      if (previous) {
        if (previous.authorId !== props.authorId || previous.authorName !== props.authorName)
          return refusal(key, 'not_author', 'L’auteur d’une idée ne peut pas être changé.')
      } else if (props.authorId !== this.sender.actorId) {
        return refusal(key, 'not_author', 'Une nouvelle idée doit porter votre identifiant d’auteur.')
      }
    }
    return null
  }

  /**
   * References that tldraw follows without checking: a shape's parent must exist and a chain of
   * parents must end on a page (a cycle would hang every client computing page transforms); a
   * binding's shapes must exist.
   */
  #checkReferences(key: string, before: TLRecord | undefined, after: TLRecord): Refusal | null {
    if (after.typeName === 'shape') {
      if (before?.typeName === 'shape' && before.parentId === after.parentId) return null
      let parentId: string = after.parentId
      for (let depth = 0; depth < 64; depth++) {
        if (parentId === key) break
        const parent = this.#recordAfter(parentId)
        if (!parent) return refusal(key, 'broken_reference', `Parent introuvable : ${parentId}.`)
        if (parent.typeName === 'page') return null
        if (parent.typeName !== 'shape') break
        parentId = parent.parentId
      }
      return refusal(key, 'broken_reference', 'Chaîne de parents invalide (boucle ou trop profonde).')
    }
    if (after.typeName === 'binding') {
      for (const shapeId of [after.fromId, after.toId])
        if (this.#recordAfter(shapeId)?.typeName !== 'shape')
          return refusal(key, 'broken_reference', `Forme liée introuvable : ${shapeId}.`)
    }
    return null
  }

  #recordAfter(id: string): TLRecord | undefined {
    return this.tentative.has(id) ? this.tentative.get(id) : this.index.get(id)
  }

  /**
   * Undoes the update's effect on `key`: deletes every entry it inserted and, when it deleted the
   * current entry, writes the previous value back just left of it (see insertEntryBefore).
   */
  #revertRecord(key: string): void {
    const change = this.records.get(key)
    for (const id of change?.inserted ?? [])
      if (!isDeletedEntry(this.doc, id)) deleteEntry(this.transaction, id)
    const current = this.index.currentEntryId(key)
    const entry = this.index.currentEntry(key)
    if (current && entry && isDeletedEntry(this.doc, current)) {
      const restored: RecordEntry = { key, val: entry.val }
      insertEntryBefore(this.transaction, this.index.array, current, restored)
    }
    this.tentative.set(key, entry?.val)
  }

  // ---- Votes --------------------------------------------------------------------------------------

  #reviewVotes(live: WorkshopLiveState): void {
    for (const actor of new Set([...this.votesTop, ...this.votesInner.keys()])) {
      if (actor !== this.sender.actorId) {
        this.refusals.add({
          code: 'vote_not_yours',
          message: 'Vous ne pouvez modifier que vos propres votes.',
        })
        this.#revertVotes(actor)
      } else if (live.phase !== 'voting') {
        this.refusals.add({ code: 'vote_closed', message: 'Le vote n’est pas ouvert.' })
        this.#revertVotes(actor)
      } else {
        this.#reviewOwnVotes(actor, live)
      }
    }
  }

  #reviewOwnVotes(actor: string, live: WorkshopLiveState): void {
    const { dotsPerParticipant, target } = live.vote
    const targetType = target === 'clusters' ? 'cluster' : 'idea'
    const validDots = (value: unknown, targetId: string) =>
      value === undefined ||
      (Number.isInteger(value) &&
        (value as number) >= 0 &&
        (value as number) <= dotsPerParticipant &&
        this.#isShape(targetId, targetType))
    const current = this.votes.get(actor) as unknown

    if (this.votesTop.has(actor)) {
      // The whole entry was replaced or removed. Removing one's own votes is always fine.
      if (current === undefined) return
      if (!(current instanceof Y.Map)) {
        this.refusals.add({ code: 'invalid_vote', message: 'Votes mal formés : annulés.' })
        this.#revertVotes(actor)
        return
      }
      let total = 0
      for (const [targetId, value] of current.entries()) {
        if (!validDots(value, targetId)) {
          this.refusals.add({ recordId: targetId, code: 'invalid_vote', message: invalidVoteMessage })
          this.#revertVotes(actor)
          return
        }
        total += value as number
      }
      const previous = this.#previousMapItem(this.votes, actor)
      const previousTotal = previous ? sumDots(this.#liveBeforeValue(previous)) : 0
      if (total > dotsPerParticipant && total > previousTotal) {
        this.refusals.add(tooManyDots(dotsPerParticipant))
        this.#revertVotes(actor)
      }
      return
    }

    // Changes inside an existing entry.
    if (!(current instanceof Y.Map)) return
    const changed = this.votesInner.get(actor) ?? new Set<string>()
    for (const targetId of changed) {
      if (!validDots(current.get(targetId), targetId)) {
        this.refusals.add({ recordId: targetId, code: 'invalid_vote', message: invalidVoteMessage })
        this.#revertMapKey(current, targetId)
      }
    }
    // Every dot counts, also one left on a target deleted since: as the client counts them, and so
    // that a target coming back (an undo) cannot lift anyone above the allowance.
    let total = 0
    let previousTotal = 0
    for (const [targetId, value] of current.entries()) {
      if (typeof value === 'number') total += value
      if (!changed.has(targetId) && typeof value === 'number') previousTotal += value
    }
    for (const targetId of changed) {
      const previous = this.#previousMapItem(current, targetId)
      const before = previous ? this.#liveBeforeValue(previous) : undefined
      if (typeof before === 'number') previousTotal += before
    }
    if (total > dotsPerParticipant && total > previousTotal) {
      this.refusals.add(tooManyDots(dotsPerParticipant))
      for (const targetId of changed) this.#revertMapKey(current, targetId)
    }
  }

  #isShape(id: string, type: string): boolean {
    // As the update leaves the board: an idea created and voted for in one update counts.
    const record = this.#recordAfter(id)
    return record?.typeName === 'shape' && record.type === type
  }

  /** Undoes the update's effect on `votes[actor]`, whole entry or inner dots. */
  #revertVotes(actor: string): void {
    if (this.votesTop.has(actor)) {
      this.#revertMapKey(this.votes as Y.Map<unknown>, actor)
      return
    }
    const inner = this.votes.get(actor) as unknown
    if (!(inner instanceof Y.Map)) return
    for (const targetId of this.votesInner.get(actor) ?? []) this.#revertMapKey(inner, targetId)
  }

  // ---- Y.Map keys ---------------------------------------------------------------------------------

  /**
   * The item that held `key` before this transaction: the rightmost item of the key that the
   * transaction did not create (the items of one key form a linked list, newest on the right).
   */
  #previousMapItem(map: Y.Map<any>, key: string): Y.Item | null {
    let item: Y.Item | null = (map as Y.AbstractType<any>)._map.get(key) ?? null
    while (item !== null && this.#createdNow(item)) item = item.left
    return item
  }

  /** The value an item held before this transaction, if it existed and was live then. */
  #liveBeforeValue(item: Y.Item): unknown {
    if (this.#createdNow(item)) return undefined
    if (item.deleted && !this.#deletedNow(item)) return undefined
    const content = item.content
    if (content instanceof Y.ContentAny) return content.arr[content.arr.length - 1]
    if (content instanceof Y.ContentType && content.type instanceof Y.Map) {
      const copy: Record<string, unknown> = {}
      for (const key of (content.type as Y.AbstractType<any>)._map.keys()) {
        const previous = this.#previousMapItem(content.type as Y.Map<unknown>, key)
        const value = previous ? this.#liveBeforeValue(previous) : undefined
        if (value !== undefined) copy[key] = value
      }
      return copy
    }
    return undefined
  }

  /** Undoes the transaction's writes to `map[key]`: deletes what it set, restores what it removed. */
  #revertMapKey(map: Y.Map<any>, key: string): void {
    let item: Y.Item | null = (map as Y.AbstractType<any>)._map.get(key) ?? null
    while (item !== null && this.#createdNow(item)) {
      if (!item.deleted) item.delete(this.transaction)
      item = item.left
    }
    if (item === null || !item.deleted || !this.#deletedNow(item)) return
    const value = this.#liveBeforeValue(item)
    if (value === undefined) return
    if (item.content instanceof Y.ContentType) {
      // A nested map (votes of an actor) cannot be undeleted: an equal new one takes its place.
      const copy = new Y.Map<unknown>()
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) copy.set(k, v)
      map.set(key, copy)
    } else {
      map.set(key, value)
    }
  }
}

const invalidVoteMessage = 'Un vote doit être un nombre entier de gommettes sur un élément existant.'

function tooManyDots(dots: number): Refusal {
  return {
    code: 'too_many_dots',
    message: `Vous ne disposez que de ${dots} gommette${dots > 1 ? 's' : ''} : vote annulé.`,
  }
}

function sumDots(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0
  let total = 0
  for (const dots of Object.values(value)) if (typeof dots === 'number') total += dots
  return total
}

/**
 * The fallback when the review fails: deletes everything the transaction inserted and writes back the
 * records whose current entry it deleted. Coarse (a deleted vote or meta value stays deleted), but it
 * never leaves unreviewed content in the board.
 */
function undoTransaction(transaction: Y.Transaction, index: BoardRecords): void {
  const doc = transaction.doc
  const restore: { key: string; val: TLRecord; id: Y.ID }[] = []
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || struct.parent !== index.array) return
    if (!(struct.content instanceof Y.ContentAny)) return
    struct.content.arr.forEach((entry: unknown, offset: number) => {
      if (!isEntry(entry)) return
      const current = index.currentEntryId(entry.key)
      const id = Y.createID(struct.id.client, struct.id.clock + offset)
      if (current && sameId(current, id)) restore.push({ key: entry.key, val: entry.val, id })
    })
  })
  forEachInsertedItem(transaction, currentState(doc), (item) => {
    if (!item.deleted) item.delete(transaction)
  })
  for (const { key, val, id } of restore) insertEntryBefore(transaction, index.array, id, { key, val })
  clearSearchMarkers(index.array as Y.AbstractType<any>)
}

/** A random 32-bit client id, as Yjs draws them. */
function randomClientId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]
}

function refusal(recordId: string, code: RefusalCode, message: string): Refusal {
  return { recordId, code, message }
}

function sameId(a: Y.ID, b: Y.ID): boolean {
  return a.client === b.client && a.clock === b.clock
}

function clearSearchMarkers(type: Y.AbstractType<any>): void {
  if (type._searchMarker) type._searchMarker.length = 0
}

/** Structural equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  for (const key of keysA) {
    if (!Object.hasOwn(b, key)) return false
    if (!deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false
  }
  return true
}

/**
 * "Did this transaction delete that item?" A transaction's delete set is unsorted while it runs, so a
 * sorted copy per client is made once the update is applied; then each question is a binary search.
 */
class DeleteLookup {
  readonly #byClient = new Map<number, { clock: number; len: number }[]>()
  constructor(deleteSet: Y.Transaction['deleteSet']) {
    for (const [client, ranges] of deleteSet.clients)
      this.#byClient.set(
        client,
        ranges
          .map((r: { clock: number; len: number }) => ({ clock: r.clock, len: r.len }))
          .sort((a: { clock: number }, b: { clock: number }) => a.clock - b.clock),
      )
  }
  has(id: Y.ID): boolean {
    const ranges = this.#byClient.get(id.client)
    if (!ranges) return false
    let low = 0
    let high = ranges.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const range = ranges[mid]
      if (id.clock < range.clock) high = mid - 1
      else if (id.clock >= range.clock + range.len) low = mid + 1
      else return true
    }
    return false
  }
}
