import type { Kysely } from 'kysely'
import type { IdeaShape } from '../../shared/board/shapes.ts'
import { IDEAS_PER_PARTICIPANT_PER_MINUTE } from '../../shared/collab/limits.ts'
import type { PrivateIdeaRecord } from '../../shared/collab/messages.ts'
import type { Database } from '../db/schema.ts'
import { type BoardContext, type ShapeAuthor, SlidingWindowCounter } from './board-context.ts'
import type { BoardContextRows, StoredPrivateIdea } from './board-context-rows.ts'
import {
  BoardContextWriter,
  type ContextWriteSettings,
  defaultContextWriteSettings,
} from './board-context-writer.ts'
import type { RoomEvent } from './room-events.ts'

/** What the room does when the private side changes (pushes to connections, fan-out). */
export interface BoardContextListener {
  /** `author` created `shapeId` (here or on another instance). */
  authored(shapeId: string, author: ShapeAuthor): void
  /** The private ideas of `authorId` changed (here or on another instance). */
  privateChanged(authorId: string): void
  /** A change made on this instance waits to be told to the other instances (`takeOutgoing`). */
  localChange(): void
  /** Storing failed (it is retried). */
  writeFailed(error: unknown, attempt: number): void
  /** Everything changed here is stored. */
  writeIdle(): void
}

export interface LiveBoardContextOptions {
  /** What the database holds for the board (read before the room answers anyone). */
  rows?: BoardContextRows
  /** Where changes are written behind; without it the context lives in memory only (tests, tools). */
  store?: { db: Kysely<Database>; settings?: ContextWriteSettings }
  /** New ideas per participant per minute (IDEAS_PER_PARTICIPANT_PER_MINUTE by default). */
  ideasPerMinute?: number
}

/**
 * The private side of one live board in memory, the truth while the room is loaded: who created which
 * idea and cluster, the private ideas of silent writing, and each participant's allowance of new ideas.
 *
 * Validation and the HTTP routes read and tell it through the BoardContext interface; the room reads
 * it for personal messages (lists of private ideas, authorship). Every change made here is written
 * behind to the database (board-context-writer.ts) and queued for the other instances (`takeOutgoing`);
 * changes another instance made arrive through `applyRemote` and are neither stored nor relayed again.
 */
export class LiveBoardContext implements BoardContext {
  readonly boardId: string
  readonly #authors = new Map<string, ShapeAuthor>()
  /** Actor id → the shapes they created, in order (for `authorship` messages). */
  readonly #byActor = new Map<string, string[]>()
  readonly #private = new Map<string, StoredPrivateIdea>()
  readonly #allowance: SlidingWindowCounter
  readonly #writer: BoardContextWriter | null
  #listener: BoardContextListener | null = null
  /** Changes made here and not yet told to the other instances. */
  #outAuthors: [string, string, string][] = []
  #outIdeas = new Map<string, StoredPrivateIdea | null>()

  constructor(boardId: string, options: LiveBoardContextOptions = {}) {
    this.boardId = boardId
    this.#allowance = new SlidingWindowCounter(
      60_000,
      options.ideasPerMinute ?? IDEAS_PER_PARTICIPANT_PER_MINUTE,
    )
    for (const [shapeId, author] of options.rows?.authors ?? []) this.#setAuthor(shapeId, author)
    for (const stored of options.rows?.privateIdeas ?? []) this.#private.set(stored.idea.id, stored)
    this.#writer = options.store
      ? new BoardContextWriter(
          options.store.db,
          boardId,
          { authorOf: (id) => this.#authors.get(id), privateIdea: (id) => this.#private.get(id) },
          options.store.settings ?? defaultContextWriteSettings,
          {
            failed: (error, attempt) => this.#listener?.writeFailed(error, attempt),
            idle: () => this.#listener?.writeIdle(),
          },
        )
      : null
  }

  /** The room listening to changes (one). */
  listen(listener: BoardContextListener | null): void {
    this.#listener = listener
  }

  // --- BoardContext (validation, HTTP routes)

  authorOf(shapeId: string): ShapeAuthor | undefined {
    return this.#authors.get(shapeId)
  }

  /** Records the first author of a shape; later calls for the same shape change nothing. */
  recordAuthor(shapeId: string, author: ShapeAuthor): void {
    if (this.#authors.has(shapeId)) return
    const copy = { actorId: author.actorId, displayName: author.displayName }
    this.#setAuthor(shapeId, copy)
    this.#writer?.author(shapeId)
    this.#outAuthors.push([shapeId, copy.actorId, copy.displayName])
    this.#listener?.authored(shapeId, copy)
    this.#listener?.localChange()
  }

  keepPrivate(idea: IdeaShape, author: ShapeAuthor): void {
    this.putPrivateIdea(idea as unknown as PrivateIdeaRecord, author)
  }

  privateIdeaCount(): number {
    return this.#private.size
  }

  takeIdeaAllowance(actorId: string, now?: number): boolean {
    return this.#allowance.take(actorId, now)
  }

  // --- Private ideas

  /**
   * Creates or replaces a private idea of `author` (its record is already checked and its author
   * fields set by the caller) and records its authorship if new.
   */
  putPrivateIdea(idea: PrivateIdeaRecord, author: ShapeAuthor): void {
    const stored = { idea, author: { actorId: author.actorId, displayName: author.displayName } }
    this.#private.set(idea.id, stored)
    this.recordAuthor(idea.id, stored.author)
    this.#writer?.privateIdea(idea.id)
    this.#outIdeas.set(idea.id, stored)
    this.#listener?.privateChanged(stored.author.actorId)
    this.#listener?.localChange()
  }

  /** Deletes a private idea; false when there is none with this id. */
  deletePrivateIdea(id: string): boolean {
    const stored = this.#private.get(id)
    if (!stored) return false
    this.#private.delete(id)
    this.#writer?.privateIdea(id)
    this.#outIdeas.set(id, null)
    this.#listener?.privateChanged(stored.author.actorId)
    this.#listener?.localChange()
    return true
  }

  privateIdea(id: string): StoredPrivateIdea | undefined {
    return this.#private.get(id)
  }

  /** The private ideas of `actorId` (what they receive). */
  privateIdeasOf(actorId: string): PrivateIdeaRecord[] {
    const ideas: PrivateIdeaRecord[] = []
    for (const { idea, author } of this.#private.values()) if (author.actorId === actorId) ideas.push(idea)
    return ideas
  }

  /** Every private idea (what facilitators receive). */
  allPrivateIdeas(): StoredPrivateIdea[] {
    return [...this.#private.values()]
  }

  /**
   * The reveal: empties the private store in memory and returns what it held. Their rows stay until the
   * board has stored them (`privateIdeasRevealed`): a crash in between must not lose them.
   */
  takeAllPrivateIdeas(): StoredPrivateIdea[] {
    const taken = [...this.#private.values()]
    this.#private.clear()
    this.#writer?.forgetPrivateIdeas(taken.map((s) => s.idea.id))
    for (const id of taken.map((s) => s.idea.id)) this.#outIdeas.delete(id)
    for (const authorId of new Set(taken.map((s) => s.author.actorId)))
      this.#listener?.privateChanged(authorId)
    return taken
  }

  /** The revealed ideas are stored in the board: their private rows can go. */
  privateIdeasRevealed(ids: Iterable<string>): void {
    for (const id of ids) if (!this.#private.has(id)) this.#writer?.privateIdea(id)
  }

  /**
   * Drops private ideas that are already in the document (another instance revealed them, or a reveal
   * stored the board but not the deletion of their rows before a crash). `store`: delete their rows too.
   */
  dropPrivateIdeas(ids: Iterable<string>, store: boolean): void {
    for (const id of ids) {
      const stored = this.#private.get(id)
      if (!stored) continue
      this.#private.delete(id)
      this.#outIdeas.delete(id)
      if (store) this.#writer?.privateIdea(id)
      else this.#writer?.forgetPrivateIdeas([id])
      this.#listener?.privateChanged(stored.author.actorId)
    }
  }

  // --- Authorship

  /** Ids of the shapes `actorId` created (ideas, clusters, private ideas). */
  ownShapes(actorId: string): string[] {
    return [...(this.#byActor.get(actorId) ?? [])]
  }

  /** Shape id → author's display name, for facilitators of an anonymous workshop. */
  authorNames(): Record<string, string> {
    const names: Record<string, string> = {}
    for (const [shapeId, author] of this.#authors) names[shapeId] = author.displayName
    return names
  }

  #setAuthor(shapeId: string, author: ShapeAuthor): void {
    this.#authors.set(shapeId, author)
    const own = this.#byActor.get(author.actorId)
    if (own) own.push(shapeId)
    else this.#byActor.set(author.actorId, [shapeId])
  }

  // --- Erasure

  /**
   * Erasure (server/erasure/): the shapes `actorIds` created are credited to `author` (nobody), their
   * private ideas are re-credited (`ideaFields` in the record) or dropped (`removeIdeas`), and nothing in
   * memory names them any more, changes waiting for the other instances included. Stores nothing: the
   * erasure rewrites the rows itself once it has flushed this context (pending writes read the values as
   * they are now). Returns how many authorship records and private ideas changed.
   */
  eraseActors(
    actorIds: ReadonlySet<string>,
    options: {
      author: ShapeAuthor
      ideaFields: { authorId: string; authorName: string }
      removeIdeas: boolean
    },
  ): number {
    let changes = 0
    const author = { actorId: options.author.actorId, displayName: options.author.displayName }
    for (const actorId of actorIds) {
      for (const shapeId of this.#byActor.get(actorId) ?? []) {
        this.#authors.set(shapeId, author)
        this.#listener?.authored(shapeId, author)
        changes += 1
      }
      this.#byActor.delete(actorId)
    }
    for (const [id, stored] of [...this.#private]) {
      if (!actorIds.has(stored.author.actorId)) continue
      if (options.removeIdeas) this.#private.delete(id)
      else {
        const props = { ...((stored.idea.props ?? {}) as Record<string, unknown>), ...options.ideaFields }
        this.#private.set(id, { idea: { ...stored.idea, props } as PrivateIdeaRecord, author })
      }
      this.#outIdeas.delete(id)
      this.#listener?.privateChanged(stored.author.actorId)
      changes += 1
    }
    this.#outAuthors = this.#outAuthors.filter(([, actorId]) => !actorIds.has(actorId))
    return changes
  }

  // --- Other instances

  /** Changes made here since the last call, as one event for the other instances; null if none. */
  takeOutgoing(): RoomEvent | null {
    if (this.#outAuthors.length === 0 && this.#outIdeas.size === 0) return null
    const event: RoomEvent & { type: 'context' } = { type: 'context' }
    if (this.#outAuthors.length > 0) event.authors = this.#outAuthors
    const put: { idea: PrivateIdeaRecord; author: ShapeAuthor }[] = []
    const deleted: string[] = []
    for (const [id, stored] of this.#outIdeas) {
      if (stored) put.push(stored)
      else deleted.push(id)
    }
    if (put.length > 0) event.put = put
    if (deleted.length > 0) event.deleted = deleted
    this.#outAuthors = []
    this.#outIdeas = new Map()
    return event
  }

  /**
   * Applies changes another instance made (and stores itself). A private idea the document already holds
   * (`inDocument`: revealed meanwhile) is not taken back in.
   */
  applyRemote(event: RoomEvent & { type: 'context' }, inDocument: (id: string) => boolean): void {
    for (const [shapeId, actorId, displayName] of event.authors ?? []) {
      if (this.#authors.has(shapeId)) continue
      const author = { actorId, displayName }
      this.#setAuthor(shapeId, author)
      this.#listener?.authored(shapeId, author)
    }
    for (const { idea, author } of event.put ?? []) {
      if (inDocument(idea.id)) continue
      // A newer local change of this idea (not yet stored) would be overwritten: the last to arrive wins,
      // as on the other instance, where the same two changes meet in the opposite order only when two
      // people edit one private idea within a Redis round trip.
      this.#private.set(idea.id, { idea, author })
      this.#listener?.privateChanged(author.actorId)
    }
    for (const id of event.deleted ?? []) {
      const stored = this.#private.get(id)
      if (!stored) continue
      this.#private.delete(id)
      this.#listener?.privateChanged(stored.author.actorId)
    }
  }

  /**
   * Adds what the database holds and memory lacks (after a possible loss of events: a Redis outage, a
   * gap, the moments between loading and subscribing). Only additions: a row may lag behind memory by
   * a write, and an idea deleted on another instance during an outage stays until the room reloads.
   */
  merge(rows: BoardContextRows, inDocument: (id: string) => boolean): void {
    for (const [shapeId, author] of rows.authors) {
      if (this.#authors.has(shapeId)) continue
      this.#setAuthor(shapeId, author)
      this.#listener?.authored(shapeId, author)
    }
    for (const stored of rows.privateIdeas) {
      const id = stored.idea.id
      if (this.#private.has(id) || this.#writer?.pendingPrivateIdea(id) || inDocument(id)) continue
      this.#private.set(id, stored)
      this.#listener?.privateChanged(stored.author.actorId)
    }
  }

  // --- Storage

  /** True when every change made here is stored. */
  get idle(): boolean {
    return this.#writer?.idle ?? true
  }

  /** Changes not yet stored. */
  get unstored(): number {
    return this.#writer?.pending ?? 0
  }

  /** Stores everything pending, retrying until `deadline` (performance.now()). */
  flush(deadline?: number): Promise<void> {
    return this.#writer?.flush(deadline) ?? Promise.resolve()
  }

  /** Holds writes while the board's log fails to store, lets them go when it stores (board-context-writer.ts). */
  holdWrites(held: boolean): void {
    this.#writer?.hold(held)
  }

  stop(): void {
    this.#writer?.stop()
  }
}
