import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import * as Y from 'yjs'
import { readLiveState } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import {
  encodeRefusedMessage,
  type PersonalMessage,
  type Refusal,
  type VouchedUser,
} from '../../shared/collab/messages.ts'
import { participantsMayEdit, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { withDeadline } from '../db/deadline.ts'
import type { Database } from '../db/schema.ts'
import { type AwarenessBatch, AwarenessBatcher } from './awareness-batcher.ts'
import { encodeAwarenessEntries, ownEntries, readAwarenessUpdate } from './awareness-updates.ts'
import type { BoardContext } from './board-context.ts'
import { readBoardContextRows } from './board-context-rows.ts'
import { ERASED_AUTHOR, erasedIdeaFields } from './board-erasure.ts'
import type { LoadedBoard } from './board-loader.ts'
import { binaryFrames } from './frames.ts'
import { LiveBoardContext } from './live-board-context.ts'
import type { CollabMetrics } from './metrics.ts'
import { isForeignOrigin, REMOTE_ORIGIN, SERVER_ORIGIN } from './origins.ts'
import { awarenessTickMs, docBroadcastGapMs } from './pacing.ts'
import { type PersistenceSettings, RoomPersistence } from './persistence.ts'
import { PersonalChannel, type PersonalRecipients } from './personal-channel.ts'
import {
  encodeFilteredAwareness,
  type PresenceFilter,
  presenceFilterOf,
  seesFilteredPresence,
} from './presence-filter.ts'
import { vouchedState, vouchedUser } from './presence-identity.ts'
import { applyPrivateIdeaMessage, decodePrivateIdeaMessage, writeRevealedIdeas } from './private-ideas.ts'
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isEmptyStateVector,
} from './protocol.ts'
import { RelayedUpdates } from './relayed-updates.ts'
import type { RoomEvent } from './room-events.ts'
import { type BroadcastTiming, broadcastChannel, type ReviewTiming, reviewChannel } from './stage-timings.ts'
import { assertSaneUpdate } from './update-guard.ts'

/** A read-only client is told its edits are ignored at most this often. */
const READ_ONLY_NOTICE_MS = 5_000
/** How long the reveal waits for the board to store the revealed ideas (as liveBoards.change does). */
const STORE_DEADLINE_MS = 10_000
/** A read of the private side that has not answered by then counts as failed (the next resync retries). */
const READ_DEADLINE_MS = 10_000
/** A presence batch of one connection's own states is not sent back to it in rooms up to this size. */
const SKIP_OWN_ECHO_UP_TO = 50

/** What a room knows of the person behind a connection. */
export interface Sender {
  role: 'facilitator' | 'participant' | 'observer'
  /** The account's user id, or the guest's id: the key of their entry in `votes`. */
  actorId: string
  displayName: string
}

/**
 * Applies one client update to the room's document through validation: the update and the server change
 * that undoes its refused parts in one transaction (origin: the sender), so the doc's 'update' event
 * carries only the net result. Returns what was refused.
 */
export type ClientUpdateApplier = (
  doc: Y.Doc,
  update: Uint8Array,
  sender: Sender,
  origin: unknown,
  context: BoardContext,
) => { refusals: Refusal[] }

/** A connection as the room sees it. */
export interface RoomClient {
  readonly sender: Sender
  /** Awareness client ids this connection speaks for. */
  readonly awarenessClients: Set<number>
  send(message: Uint8Array): void
  /** Websocket frames built once for every connection (frames.ts), written as they are. */
  sendFrames(frames: Uint8Array): void
  close(code: number, reason: string): void
}

/** How a room reaches the other instances (Redis); null on a single instance. */
export interface RoomFanout {
  /** Relays an update this instance accepted; returns its sequence number, for `publishStored`. */
  publishUpdate(update: Uint8Array): number
  publishAwareness(update: Uint8Array): void
  /** Tells the others that every update relayed up to sequence number `seq` is stored. */
  publishStored(seq: number): void
  /** Tells the others about the private side or a personal message (room-events.ts). */
  publishEvent(event: RoomEvent): void
}

export interface RoomOptions {
  boardId: string
  loaded: LoadedBoard
  db: Kysely<Database>
  persistence: PersistenceSettings
  /** The presence tick of a small room; it grows with the room (pacing.ts). */
  awarenessTickMs: number
  applyClientUpdate: ClientUpdateApplier
  metrics: CollabMetrics
  log: FastifyBaseLogger
  /** Called when the room has stored everything (it may unload if nobody is connected). */
  onIdle: () => void
  /**
   * The board's private side (authorship, private ideas, rates), loaded with the board and written
   * behind to the database (rooms.ts); in memory only by default (tests, tools).
   */
  context?: LiveBoardContext
}

/**
 * One live board in memory: its document, its awareness, its connections and its write-behind log.
 *
 * Every change to the document, whatever its source, goes out through one place, the doc's 'update'
 * event: it is encoded once and sent to every connection, and, when this instance accepted it (not read
 * from the log, not received from another instance), appended to the log and published to the others.
 */
export class Room {
  readonly boardId: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
  readonly connections = new Set<RoomClient>()
  readonly persistence: RoomPersistence
  readonly log: FastifyBaseLogger
  /** The largest log id known to be folded into `doc` (for catch-up across instances). */
  logId: number
  fanout: RoomFanout | null = null
  /** Updates other instances relayed and have not yet confirmed storing (relayed-updates.ts). */
  readonly relayed = new RelayedUpdates()
  /** Authorship, private ideas and rates of this board, for validation and the HTTP routes. */
  readonly context: LiveBoardContext
  /** Personal messages to one person's or the facilitators' connections on this instance. */
  readonly personal: PersonalChannel
  /** The last sequence number confirmed to the others as stored. */
  #confirmedSeq = 0
  readonly #onIdle: () => void
  readonly #applyClientUpdate: ClientUpdateApplier
  readonly #metrics: CollabMetrics
  readonly #batcher: AwarenessBatcher
  /** The full state as a sync step 2 message, kept between changes for joining clients. */
  #fullState: Uint8Array | null = null
  #destroyed = false
  readonly #readOnlyNoticeAt = new WeakMap<RoomClient, number>()
  #participantsMayEdit = true
  readonly #db: Kysely<Database>
  /** The live state as of the last document change (read once per change, not per message). */
  #live: WorkshopLiveState
  /** What non-facilitators may not see of others' presence now; null: everyone sees everything. */
  #presenceFilter: PresenceFilter | null
  /** The identity the server vouches for, per connection (presence-identity.ts). */
  readonly #users = new WeakMap<RoomClient, VouchedUser>()
  #contextPublishQueued = false

  constructor(options: RoomOptions) {
    this.boardId = options.boardId
    this.doc = options.loaded.doc
    this.logId = options.loaded.logId
    this.context = options.context ?? new LiveBoardContext(options.boardId)
    this.#db = options.db
    this.log = options.log
    this.#applyClientUpdate = options.applyClientUpdate
    this.#metrics = options.metrics
    this.#onIdle = options.onIdle
    this.persistence = new RoomPersistence(
      options.db,
      options.boardId,
      options.loaded.rowsAboveSnapshot,
      options.persistence,
      {
        stored: (count, lagMs, _logId, mark) => {
          // `logId` does not move here: rows of other instances may sit below our own row's id, and
          // catch-up must still read them.
          this.#metrics.persistLag.observe(lagMs / 1000)
          this.#metrics.updatesStored.inc(count)
          this.context.holdWrites(false)
          if (mark > this.#confirmedSeq) {
            this.#confirmedSeq = mark
            this.fanout?.publishStored(mark)
          }
        },
        failed: (error, attempt) => {
          this.#metrics.persistFailures.inc()
          // The board's edits go first when the database answers again (board-context-writer.ts).
          this.context.holdWrites(true)
          // Loud at first, then every tenth attempt: an outage must not flood the log.
          if (attempt === 1 || attempt % 10 === 0)
            this.log.error({ err: error, attempt }, 'storing board updates failed; retrying')
        },
        idle: () => {
          if (this.settled) options.onIdle()
        },
        compacted: (rows) => this.log.debug({ rows }, 'board log compacted'),
        compactionFailed: (error) => this.log.warn({ err: error }, 'board log compaction failed'),
      },
    )
    this.#live = readLiveState(this.doc)
    this.#presenceFilter = presenceFilterOf(this.#live)
    this.#participantsMayEdit = participantsMayEdit(this.#live)
    this.personal = new PersonalChannel(
      this.connections,
      this.context,
      () => this.#live,
      (count) => this.#metrics.messagesOut.inc({ type: 'personal' }, count),
    )
    this.context.listen({
      authored: (shapeId, author) => this.personal.authored(shapeId, author),
      privateChanged: (authorId) => this.personal.privateChanged(authorId),
      localChange: () => {
        // Told to the others once the current synchronous work is done (a pasted batch is one event),
        // or earlier, just before the document update that goes with it (#onDocUpdate).
        if (this.#contextPublishQueued) return
        this.#contextPublishQueued = true
        queueMicrotask(() => this.#publishContext())
      },
      writeFailed: (error, attempt) => {
        this.#metrics.persistFailures.inc()
        if (attempt === 1 || attempt % 10 === 0)
          this.log.error({ err: error, attempt }, 'storing the private side failed; retrying')
      },
      writeIdle: () => {
        if (this.settled) options.onIdle()
      },
    })
    // A reveal whose board change was stored but not the deletion of the private rows (a crash in
    // between): those ideas are in the document, they are private no more.
    const index = boardRecords(this.doc)
    this.context.dropPrivateIdeas(
      this.context
        .allPrivateIdeas()
        .map((s) => s.idea.id)
        .filter((id) => index.has(id)),
      true,
    )
    this.doc.on('update', this.#onDocUpdate)
    this.awareness = new Awareness(this.doc)
    // The server is not a participant: it holds other people's presence, never its own.
    this.awareness.setLocalState(null)
    const tickMs = () => awarenessTickMs(this.connections.size, options.awarenessTickMs)
    this.#batcher = new AwarenessBatcher(this.awareness, tickMs, (batch) =>
      // A document change waiting for its turn goes out in the same write.
      this.#broadcast(this.#takePendingUpdate(), batch),
    )
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        this.#batcher.mark([...added, ...updated, ...removed], origin !== REMOTE_ORIGIN)
      },
    )
  }

  /** Updates applied since the last broadcast; sent as one merged update (see #flushUpdates). */
  #pendingUpdates: Uint8Array[] = []
  #flushScheduled = false
  #lastUpdateSentAt = Number.NEGATIVE_INFINITY
  /** When the oldest pending update arrived, and that of the update being broadcast (stage-timings.ts). */
  #pendingSince = 0
  #takenSince = 0

  /**
   * Sends what changed since the last flush as one merged update, encoded once. Why: every send is a
   * write syscall per connection; in a room of 1,000 with 120 edits per second, sending each update on
   * its own costs 120,000 syscalls per second (most of the server's CPU, see bench/README.md). Flushing
   * once per event-loop turn adds no delay when idle and merges whatever arrived together under load;
   * a big room also keeps a minimum gap between flushes (pacing.ts), and presence due before the next
   * flush rides along in the same write.
   */
  readonly #flushUpdates = (): void => {
    this.#flushScheduled = false
    const update = this.#takePendingUpdate()
    if (!update) return
    const gapMs = docBroadcastGapMs(this.connections.size)
    this.#broadcast(update, this.#batcher.dueWithin(gapMs) ? this.#batcher.take() : null)
  }

  /** The updates waiting for a broadcast, merged into one; null if none. */
  #takePendingUpdate(): Uint8Array | null {
    const updates = this.#pendingUpdates
    this.#pendingUpdates = []
    if (updates.length === 0 || this.#destroyed) return null
    this.#lastUpdateSentAt = performance.now()
    this.#takenSince = this.#pendingSince
    return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
  }

  /**
   * Sends a document update and/or a presence batch to every connection: framed once, one write each.
   * While a presence filter is on (presence-filter.ts), non-facilitators get a second variant, also
   * framed once; without one, nothing here looks at a state or a connection's role.
   */
  #broadcast(update: Uint8Array | null, presence: AwarenessBatch | null): void {
    const messages: Uint8Array[] = []
    const updateMessage = update ? encodeUpdate(update) : null
    if (updateMessage) {
      messages.push(updateMessage)
      this.#metrics.messagesOut.inc({ type: 'update' }, this.connections.size)
    }
    let filtered: Uint8Array | null = null
    if (presence) {
      messages.push(encodeAwareness(presence.update))
      this.#metrics.messagesOut.inc({ type: 'awareness' }, this.connections.size)
      // Other instances get the full states: each filters for its own recipients.
      if (presence.local && this.fanout) this.fanout.publishAwareness(presence.local)
      if (this.#presenceFilter)
        filtered = encodeFilteredAwareness(this.awareness, presence.clientIds, this.#presenceFilter)
    }
    if (messages.length === 0) return
    const frames = binaryFrames(messages)
    const limited = filtered
      ? binaryFrames(updateMessage ? [updateMessage, encodeAwareness(filtered)] : [encodeAwareness(filtered)])
      : null
    const started = performance.now()
    this.#writeToAll(frames, limited, update ? null : this.#soleOwner(presence?.clientIds ?? []))
    const ended = performance.now()
    if (broadcastChannel.hasSubscribers)
      broadcastChannel.publish({
        connections: this.connections.size,
        bytes: frames.length,
        docWaitMs: update ? started - this.#takenSince : null,
        presenceWaitMs: presence ? started - presence.since : null,
        writeMs: ended - started,
      } satisfies BroadcastTiming)
  }

  /**
   * Writes a broadcast to every connection but `skip` (`limited` to those who see filtered presence,
   * when given), starting at a random place in the room. Why: the first connection written to sees the
   * frame about a write loop sooner than the last one; always starting from the oldest connection would
   * make the same people see every edit last.
   */
  #writeToAll(frames: Uint8Array, limited: Uint8Array | null, skip: RoomClient | null): void {
    const all = [...this.connections]
    const start = Math.floor(Math.random() * all.length)
    for (let i = 0; i < all.length; i++) {
      const connection = all[(start + i) % all.length]
      if (connection === skip) continue
      connection.sendFrames(limited && seesFilteredPresence(connection.sender.role) ? limited : frames)
    }
  }

  /**
   * The connection that speaks for every one of `clientIds`, in a small room: a presence batch of only
   * its own states would come back to it unchanged (same clock), which its client ignores, so it is not
   * sent. In a room of five where one person moves, that is a fifth of the writes (bench/README.md, W2);
   * in a big room, the search would cost more than the one write it saves.
   */
  #soleOwner(clientIds: readonly number[]): RoomClient | null {
    if (clientIds.length === 0 || this.connections.size > SKIP_OWN_ECHO_UP_TO) return null
    for (const connection of this.connections)
      if (clientIds.every((id) => connection.awarenessClients.has(id))) return connection
    return null
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.#fullState = null
    const live = readLiveState(this.doc)
    this.#live = live
    this.#presenceFilter = presenceFilterOf(live)
    this.#noticeUnlock(live)
    if (this.#pendingUpdates.length === 0) this.#pendingSince = performance.now()
    this.#pendingUpdates.push(update)
    if (!this.#flushScheduled) {
      this.#flushScheduled = true
      const wait = this.#lastUpdateSentAt + docBroadcastGapMs(this.connections.size) - performance.now()
      if (wait > 0) setTimeout(this.#flushUpdates, wait)
      else setImmediate(this.#flushUpdates)
    }
    if (isForeignOrigin(origin)) return
    // Authorship recorded while reviewing this update goes out first: another instance that receives
    // the new shape already knows whose it is.
    this.#publishContext()
    // Accepted here: this instance stores it and tells the others, then confirms it stored it.
    const seq = this.fanout?.publishUpdate(update) ?? 0
    this.persistence.append(update, seq)
  }

  /**
   * When participants regain the right to edit (board unlocked, phase reopened), ask each of them for
   * what the server lacks: edits they made while read-only were dropped, and their later edits build on
   * them, so without this sync step 1 those later edits would depend on content the server never got.
   */
  #noticeUnlock(live: WorkshopLiveState): void {
    const mayEdit = participantsMayEdit(live)
    const regained = mayEdit && !this.#participantsMayEdit
    this.#participantsMayEdit = mayEdit
    if (!regained) return
    const message = encodeSyncStep1(this.doc)
    for (const connection of this.connections)
      if (connection.sender.role === 'participant') connection.send(message)
  }

  /** May this sender change the document right now? Observers never; participants unless locked/closed. */
  mayWrite(sender: Sender): boolean {
    if (sender.role === 'facilitator') return true
    if (sender.role === 'observer') return false
    return participantsMayEdit(readLiveState(this.doc))
  }

  /**
   * A new connection: ask it for what it has that we lack (writers only), show who is here (as this
   * person may see them), and tell it who the server says it is and what is its own (personal-channel.ts).
   */
  join(connection: RoomClient): void {
    this.connections.add(connection)
    this.#metrics.connections.inc()
    if (this.mayWrite(connection.sender)) connection.send(encodeSyncStep1(this.doc))
    this.#sendPresence(connection)
    this.personal.welcome(connection, this.#userOf(connection))
  }

  /** Every known presence, as `connection`'s person may see it (join, query-awareness). */
  #sendPresence(connection: RoomClient): void {
    const states = this.awareness.getStates()
    if (states.size === 0) return
    const ids = [...states.keys()]
    const filtered =
      this.#presenceFilter && seesFilteredPresence(connection.sender.role)
        ? encodeFilteredAwareness(this.awareness, ids, this.#presenceFilter)
        : null
    connection.send(encodeAwareness(filtered ?? encodeAwarenessUpdate(this.awareness, ids)))
  }

  #userOf(connection: RoomClient): VouchedUser {
    let user = this.#users.get(connection)
    if (!user) {
      user = vouchedUser(connection.sender)
      this.#users.set(connection, user)
    }
    return user
  }

  /** A connection left: its presence disappears for everyone. */
  leave(connection: RoomClient): void {
    if (!this.connections.delete(connection)) return
    this.#metrics.connections.dec()
    if (connection.awarenessClients.size > 0)
      removeAwarenessStates(this.awareness, [...connection.awarenessClients], connection)
  }

  /** Answers a client's sync step 1 with what it lacks (the cached full state for a new client). */
  answerSyncStep1(connection: RoomClient, stateVector: Uint8Array): void {
    if (isEmptyStateVector(stateVector)) {
      this.#fullState ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc))
      connection.send(this.#fullState)
    } else {
      connection.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector)))
    }
    this.#metrics.messagesOut.inc({ type: 'sync' })
  }

  /**
   * A client's update (sync step 2 or update). Read-only senders' updates are dropped: never applied,
   * stored or broadcast. Others go through validation; the sender hears what was refused.
   * Throws MalformedUpdateError for an update that is not structurally sound (the caller closes).
   */
  receiveUpdate(connection: RoomClient, update: Uint8Array): void {
    if (!this.mayWrite(connection.sender)) {
      this.#metrics.droppedUpdates.inc({ reason: 'read_only' })
      // Tell the client why its edits do not stick, but not for every keystroke.
      const now = performance.now()
      if (now - (this.#readOnlyNoticeAt.get(connection) ?? Number.NEGATIVE_INFINITY) > READ_ONLY_NOTICE_MS) {
        this.#readOnlyNoticeAt.set(connection, now)
        connection.send(
          encodeRefusedMessage([
            { code: 'read_only', message: 'Tableau en lecture seule : modification ignorée.' },
          ]),
        )
      }
      return
    }
    assertSaneUpdate(update)
    const reviewStarted = reviewChannel.hasSubscribers ? performance.now() : 0
    const { refusals } = this.#applyClientUpdate(
      this.doc,
      update,
      connection.sender,
      connection,
      this.context,
    )
    if (reviewStarted) reviewChannel.publish({ ms: performance.now() - reviewStarted } satisfies ReviewTiming)
    if (refusals.some((r) => r.code === 'missing_dependencies')) {
      // The client has content the server lacks (e.g. edits dropped while it was read-only): ask for
      // it, so its edits arrive with their dependencies instead of being refused one after the other.
      connection.send(encodeSyncStep1(this.doc))
    }
    if (refusals.length > 0) {
      this.#metrics.refusedUpdates.inc(refusals.length)
      this.log.info(
        { refusals: refusals.map((r) => r.code), actorId: connection.sender.actorId },
        'update refused',
      )
      connection.send(encodeRefusedMessage(refusals))
    }
  }

  /**
   * A client's awareness update: checked, reduced to what it may speak for, rewritten with the identity
   * the server vouches for (presence-identity.ts), and batched out.
   */
  receiveAwareness(connection: RoomClient, update: Uint8Array): void {
    const own = ownEntries(readAwarenessUpdate(update), connection.awarenessClients, (clientId) => {
      for (const other of this.connections)
        if (other !== connection && other.awarenessClients.has(clientId)) return true
      // Present in the room but owned by no connection here: a client of another instance.
      return this.awareness.getStates().has(clientId)
    })
    if (!own) return
    const user = this.#userOf(connection)
    const vouched = own.map((entry) => ({
      clientId: entry.clientId,
      clock: entry.clock,
      state: entry.value === null ? 'null' : JSON.stringify(vouchedState(entry.value, user)),
    }))
    applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(vouched), connection)
  }

  /** Every known presence, for a client that asks (query-awareness), as this person may see it. */
  answerQueryAwareness(connection: RoomClient): void {
    this.#sendPresence(connection)
  }

  /**
   * A client's `privateIdea` message (type 102, silent writing): applied to the private store or
   * refused (private-ideas.ts). Throws ProtocolError for a body outside the protocol (the caller closes).
   */
  receivePrivateIdea(connection: RoomClient, message: Uint8Array): void {
    const refusals = applyPrivateIdeaMessage(
      { doc: this.doc, context: this.context },
      connection.sender,
      decodePrivateIdeaMessage(message),
    )
    if (refusals.length === 0) return
    this.#metrics.refusedUpdates.inc(refusals.length)
    connection.send(encodeRefusedMessage(refusals))
  }

  /** Presence of this instance's own clients (for another instance that asks). */
  localAwarenessUpdate(): Uint8Array | null {
    const ids = [...this.connections].flatMap((c) => [...c.awarenessClients])
    const present = ids.filter((id) => this.awareness.getStates().has(id))
    return present.length > 0 ? encodeAwarenessUpdate(this.awareness, present) : null
  }

  /** Applies an update received from another instance or read from the log. */
  applyForeign(update: Uint8Array, origin: symbol): void {
    assertSaneUpdate(update)
    Y.applyUpdate(this.doc, update, origin)
  }

  /** Applies an update another instance accepted and relayed; held until that instance stored it. */
  applyRelayed(update: Uint8Array, from: string, seq: number): void {
    this.applyForeign(update, REMOTE_ORIGIN)
    this.relayed.add(from, seq, update)
  }

  /** Another instance stored every update it relayed up to `seq`. */
  confirmRelayed(from: string, seq: number): void {
    this.relayed.confirm(from, seq)
    if (this.settled) this.#onIdle()
  }

  /**
   * Stores relayed updates whose instance never confirmed storing them (relay-adoption.ts). Not relayed
   * again: the other instances received them from their sender, or read them from the log.
   */
  storeOnBehalf(updates: Uint8Array[]): void {
    this.#metrics.relaysAdopted.inc(updates.length)
    for (const update of updates) this.persistence.append(update)
  }

  /** True when everything this room holds is stored, or confirmed stored by the instance that accepted it. */
  get settled(): boolean {
    return this.persistence.idle && this.relayed.size === 0 && this.context.idle
  }

  /** Actor ids present on the board (any instance), from the presence the server vouched for. */
  onlineActors(): Set<string> {
    const actors = new Set<string>()
    for (const state of this.awareness.getStates().values()) {
      const id = (state as { board?: { user?: { id?: unknown } } }).board?.user?.id
      if (typeof id === 'string') actors.add(id)
    }
    return actors
  }

  /**
   * Sends a personal message to `to` on every instance: here through the personal channel, elsewhere
   * through the fan-out (each instance delivers to its own connections).
   */
  sendPersonal(message: PersonalMessage, to: PersonalRecipients): void {
    this.personal.send(message, to)
    this.fanout?.publishEvent({ type: 'personal', ...to, message })
  }

  /** Tells `actorId`'s connections and the facilitators' (every instance) to read the votes again. */
  notifyVotes(actorId: string): void {
    this.sendPersonal({ kind: 'votes' }, { actorId, facilitators: true })
  }

  /**
   * Silent writing ends: moves every private idea into the document at once, as one server change
   * (stored and broadcast like liveBoards.change), and empties the private store; the count revealed.
   *
   * The order keeps every idea somewhere through a crash: the store in memory is emptied at once (nobody
   * sees an idea twice), the board change is stored, and only then are the private rows deleted. A
   * crash in between leaves rows of ideas the stored board already holds; the next load drops them (the
   * constructor). The other instances drop the revealed ideas from their copies on the `revealed`
   * event, without storing anything: the reveal runs once, here.
   */
  async revealPrivateIdeas(): Promise<number> {
    const taken = this.context.takeAllPrivateIdeas()
    let written: string[] = []
    if (taken.length > 0) {
      this.doc.transact(() => {
        written = writeRevealedIdeas(this.doc, taken)
      }, SERVER_ORIGIN)
      // Authorship was recorded when each idea was written; kept for any recorded before this server.
      for (const { idea, author } of taken) this.context.recordAuthor(idea.id, author)
    }
    const ids = taken.map((s) => s.idea.id)
    // After the document update on Redis: the others have the ideas in their boards when they drop them.
    this.fanout?.publishEvent({ type: 'revealed', ids })
    await this.persistence.flush(performance.now() + STORE_DEADLINE_MS)
    this.context.privateIdeasRevealed(ids)
    return written.length
  }

  /**
   * Erasure (board-erasure.ts): these people's authorship and private ideas no longer name them, here
   * and, through the fan-out, on the other instances; how many changed here. The rows are the caller's.
   */
  eraseActors(actorIds: string[], removeIdeas: boolean): number {
    const changes = this.#eraseFromContext(new Set(actorIds), removeIdeas)
    this.fanout?.publishEvent({ type: 'erased', actorIds, removeIdeas })
    return changes
  }

  #eraseFromContext(actorIds: ReadonlySet<string>, removeIdeas: boolean): number {
    return this.context.eraseActors(actorIds, {
      author: ERASED_AUTHOR,
      ideaFields: erasedIdeaFields(this.#live),
      removeIdeas,
    })
  }

  /** Something another instance said about this board (room-events.ts). */
  applyRemoteEvent(event: RoomEvent): void {
    const inDocument = (id: string) => boardRecords(this.doc).has(id)
    switch (event.type) {
      case 'personal':
        this.personal.send(event.message, { actorId: event.actorId, facilitators: event.facilitators })
        return
      case 'context':
        this.context.applyRemote(event, inDocument)
        return
      case 'revealed':
        this.context.dropPrivateIdeas(event.ids, false)
        return
      case 'erased':
        this.#eraseFromContext(new Set(event.actorIds), event.removeIdeas)
        return
    }
  }

  /**
   * Re-reads the private side from the database and adds what this instance missed (events lost on
   * Redis, or sent between this room's load and its subscription). Failures are logged; the next
   * resync tries again.
   */
  async resyncContext(): Promise<void> {
    try {
      const rows = await withDeadline(
        readBoardContextRows(this.#db, this.boardId),
        READ_DEADLINE_MS,
        'reading the private side timed out',
      )
      if (this.#destroyed) return
      const index = boardRecords(this.doc)
      this.context.merge(rows, (id) => index.has(id))
    } catch (error) {
      this.log.warn({ err: error }, 'private side resync failed')
    }
  }

  /** Tells the other instances what changed on the private side here (drains the queue either way). */
  #publishContext(): void {
    this.#contextPublishQueued = false
    const event = this.context.takeOutgoing()
    if (event && this.fanout && !this.#destroyed) this.fanout.publishEvent(event)
  }

  /** Applies presence received from another instance. */
  applyRemoteAwareness(update: Uint8Array): void {
    readAwarenessUpdate(update)
    applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN)
  }

  get destroyed(): boolean {
    return this.#destroyed
  }

  /**
   * The board was deleted: what is not stored yet is dropped (the board's rows are gone, so it has
   * nowhere to go), then the room is freed. Rooms.discard closes its connections first.
   */
  discard(): void {
    this.#pendingUpdates = []
    this.persistence.stop()
    this.persistence.takeUnstored()
    this.relayed.takeAll()
    this.destroy()
  }

  /** Frees the room. Call only once everything is stored and nobody is connected. */
  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.persistence.stop()
    this.context.stop()
    this.context.listen(null)
    this.personal.destroy()
    this.#batcher.destroy()
    this.awareness.destroy()
    this.doc.off('update', this.#onDocUpdate)
    this.doc.destroy()
  }
}
