import * as Y from 'yjs'
import { boardRecords } from '../../shared/board/record-index.ts'
import type { BoardContext } from './board-context.ts'
import { messages, type Refusal, RefusalList } from './review/refusals.ts'
import { clearSearchMarkers, undoTransaction } from './review/repair.ts'
import { UpdateReview } from './review/update-review.ts'
import type { UpdateSender } from './review/update-sender.ts'

export type { Refusal, RefusalCode } from './review/refusals.ts'
export type { BoardRole, UpdateSender } from './review/update-sender.ts'

/**
 * Validation of every change made in a person's name, the heart of "one client can never break a board"
 * and of the rights table (shared/board/rights.ts): updates from the live channel (`applyClientUpdate`)
 * and server changes made for an HTTP request (`applyAsSender`) go through the same review.
 *
 * Why repair instead of dropping: Yjs integrates a client's updates in causal order. An update that is
 * simply dropped leaves every later update of that client pending forever (its edits vanish without a
 * word), and closing the socket makes the unmodified y-websocket provider resend the same update in a
 * loop (y-websocket issue 189). So the update is applied, and in the SAME transaction the offending
 * parts are undone: a bad new record is deleted, an overwritten or deleted value is written back. The
 * document's single 'update' event for that transaction carries only the net result, and because Yjs
 * garbage-collects content deleted within a transaction before encoding it, a refused 5 MB text (or a
 * silent-writing idea, or a participant's own copy of a card in an anonymous workshop) is never
 * broadcast nor stored. The sender receives the repair like everyone else and converges back; since none
 * of its structs were dropped, its later valid edits integrate normally.
 *
 * Cost: proportional to the update (its new structs and deletions) and to the records it touches, never
 * to the board: unchanged records are not looked at again, and the idea count for the board's limit is
 * kept incrementally (review/idea-count.ts).
 *
 * The review itself lives in review/: collecting what a transaction changed (transaction-changes.ts),
 * what a record must be (record-checks.ts), the rights (record-rights.ts), authorship (authorship.ts),
 * limits (new-idea-limits.ts), repairs (repair.ts), refusal codes (refusals.ts), and the order they are
 * applied in (update-review.ts).
 */

export interface ApplyClientUpdateOptions {
  /** Transaction origin (e.g. the connection), as seen by 'update' listeners. */
  origin?: unknown
  /** At most this many refusals are listed (a hostile update could otherwise produce thousands). */
  maxRefusals?: number
  /** The board beyond its document (authorship, private ideas, rates); see board-context.ts. */
  context?: BoardContext
  /**
   * Told when the review itself fails (a bug, not bad input): the update is then refused whole with
   * `internal_error`, and the error must reach the logs with its stack.
   */
  onReviewError?: (error: unknown) => void
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
        refusals.add({ code: 'malformed_update', message: messages.malformed })
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
        refusals.add({ code: 'missing_dependencies', message: messages.missingDependencies })
      }
      if (store.pendingDs !== pendingDs && store.pendingDs !== null) {
        store.pendingDs = pendingDs
        refusals.add({ code: 'missing_dependencies', message: messages.missingDependencies })
      }
      review(transaction, sender, refusals, options)
      // Local transactions keep Y.Array index markers up to date, but remote structs were integrated
      // without them: drop the markers so no later index-based operation trusts a stale position.
      clearSearchMarkers(index.array as unknown as Y.AbstractType<any>)
    },
    options.origin ?? null,
    false,
  )
  return refusals.result()
}

export interface ApplyAsSenderResult<T> extends ApplyClientUpdateResult {
  /** What `change` returned. */
  result: T
}

/**
 * Runs a server-made change (an HTTP request's) under `sender`'s rights: `change` writes into `doc` as
 * the server would, and in the same transaction the review undoes what the sender could not have done
 * from the live channel, exactly as for a client's update (same rights, author fields, limits, silent
 * writing). What stays is stored and broadcast by the room's 'update' handler like any change; the
 * caller answers from the refusals. If `change` throws, whatever it wrote is taken out again and the
 * error is rethrown once the transaction is closed.
 */
export function applyAsSender<T>(
  doc: Y.Doc,
  sender: UpdateSender,
  change: (doc: Y.Doc) => T,
  options: ApplyClientUpdateOptions = {},
): ApplyAsSenderResult<T> {
  const refusals = new RefusalList(options.maxRefusals ?? 50)
  const index = boardRecords(doc)
  let result!: T
  let failure: { error: unknown } | null = null
  Y.transact(
    doc,
    (transaction) => {
      try {
        result = change(doc)
      } catch (error) {
        failure = { error }
        undoTransaction(transaction, index)
        return
      }
      review(transaction, sender, refusals, options)
      clearSearchMarkers(index.array as unknown as Y.AbstractType<any>)
    },
    options.origin ?? null,
    true,
  )
  if (failure) throw (failure as { error: unknown }).error
  return { result, ...refusals.result() }
}

/** Reviews the transaction; a review that fails takes out everything the transaction brought. */
function review(
  transaction: Y.Transaction,
  sender: UpdateSender,
  refusals: RefusalList,
  options: ApplyClientUpdateOptions,
): void {
  const index = boardRecords(transaction.doc)
  try {
    new UpdateReview(transaction, index, sender, refusals, options.context).run()
  } catch (error) {
    options.onReviewError?.(error)
    // A bug in the review must not let the update through unreviewed (the transaction commits
    // whatever is in it): everything it brought is taken out instead.
    refusals.add({ code: 'internal_error', message: messages.internalError })
    undoTransaction(transaction, index)
  }
}

/** A random 32-bit client id, as Yjs draws them. */
function randomClientId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]
}
