import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type * as Y from 'yjs'
import { upgradeBoardDocument } from '../../shared/board/create-board.ts'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { withDeadline } from '../db/deadline.ts'
import type { Database } from '../db/schema.ts'
import { readBoardContextRows } from './board-context-rows.ts'
import { BoardNotFoundError, CorruptBoardError, loadBoard } from './board-loader.ts'
import type { BoardSeed } from './board-store.ts'
import { LiveBoardContext } from './live-board-context.ts'
import type { CollabMetrics } from './metrics.ts'
import { SERVER_ORIGIN } from './origins.ts'
import type { PersistenceSettings } from './persistence.ts'
import { relaysBeingChecked } from './relay-adoption.ts'
import { type ClientUpdateApplier, Room } from './room.ts'

export interface RoomsOptions {
  db: Kysely<Database>
  log: FastifyBaseLogger
  metrics: CollabMetrics
  persistence: PersistenceSettings
  awarenessTickMs: number
  /** How long an empty, fully stored room stays in memory before it unloads. */
  unloadDelayMs: number
  /** A load that takes longer fails (clients are told to retry) rather than hang forever. */
  loadTimeoutMs: number
  applyClientUpdate: ClientUpdateApplier
  buildInitialDocument: (seed: BoardSeed) => Y.Doc
  /** Called with each room right after it loads (scale-out subscribes here) and before it unloads. */
  onLoad?: (room: Room) => Promise<void> | void
  onUnload?: (room: Room) => void
  /** Shutdown: keeps what a room could not store before the deadline (unstored-spill.ts). */
  spill?: (boardId: string, updates: Uint8Array[]) => void
}

/** Why a board could not be opened, for close codes. */
export type LoadFailure = 'not_found' | 'corrupt' | 'unavailable'

/** A board that could not be opened. */
export class RoomLoadError extends Error {
  readonly reason: LoadFailure
  constructor(reason: LoadFailure, message: string, options?: ErrorOptions) {
    super(message, options)
    this.reason = reason
  }
}

interface Entry {
  /** Resolves once the room is loaded; rejects with RoomLoadError. */
  ready: Promise<Room>
  room: Room | null
  /** Connections and server-side operations holding the room. */
  holders: number
  unloadTimer: NodeJS.Timeout | null
  /** The board was deleted (`discard`): a load still running throws instead of serving it. */
  discarded: boolean
}

/**
 * The rooms of this instance, one per board, created on first use and unloaded when nobody holds them
 * and everything they accepted is stored (a room whose writes keep failing stays in memory, with its
 * buffer, until they succeed).
 *
 * Loading is single-flight: every connection that arrives while a board loads waits on the same load,
 * so a board is never loaded twice in one process, and nobody is answered before the load succeeded.
 */
export class Rooms {
  readonly #options: RoomsOptions
  readonly #entries = new Map<string, Entry>()
  #closing = false
  /** Compactions of rooms on their way out, awaited at shutdown. */
  readonly #unloading = new Set<Promise<void>>()

  constructor(options: RoomsOptions) {
    this.#options = options
  }

  /** Holds the board's room, loading it if needed. Release it with `release`. */
  async acquire(boardId: string): Promise<Room> {
    if (this.#closing) throw new RoomLoadError('unavailable', 'server shutting down')
    let entry = this.#entries.get(boardId)
    if (!entry) {
      const created: Entry = {
        ready: undefined as unknown as Promise<Room>,
        room: null,
        holders: 0,
        unloadTimer: null,
        discarded: false,
      }
      created.ready = this.#load(boardId, created)
      // A failed load leaves nothing behind: the next connection tries again from storage.
      created.ready.catch(() => {
        if (this.#entries.get(boardId) === created) this.#entries.delete(boardId)
      })
      this.#entries.set(boardId, created)
      entry = created
    }
    entry.holders += 1
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer)
      entry.unloadTimer = null
    }
    try {
      return await entry.ready
    } catch (error) {
      entry.holders -= 1
      throw error
    }
  }

  /** Lets go of a room acquired with `acquire`. */
  release(room: Room): void {
    const entry = this.#entries.get(room.boardId)
    if (!entry || entry.room !== room) return
    entry.holders -= 1
    this.#maybeUnload(entry)
  }

  /** The loaded room of a board, if any (no loading). */
  peek(boardId: string): Room | undefined {
    return this.#entries.get(boardId)?.room ?? undefined
  }

  /** Every loaded room. */
  loaded(): Room[] {
    return [...this.#entries.values()].flatMap((entry) => (entry.room ? [entry.room] : []))
  }

  async #load(boardId: string, entry: Entry): Promise<Room> {
    const { log, metrics } = this.#options
    const roomLog = log.child({ boardId })
    try {
      // The private side loads with the document: nobody is answered before both are in memory (rights
      // and silent writing need it from the first message).
      const [loaded, contextRows] = await withDeadline(
        Promise.all([
          loadBoard(this.#options.db, boardId, this.#options.buildInitialDocument),
          readBoardContextRows(this.#options.db, boardId),
        ]),
        this.#options.loadTimeoutMs,
        'board load timed out',
      )
      const room = new Room({
        boardId,
        loaded,
        db: this.#options.db,
        persistence: this.#options.persistence,
        awarenessTickMs: this.#options.awarenessTickMs,
        applyClientUpdate: this.#options.applyClientUpdate,
        metrics,
        log: roomLog,
        onIdle: () => this.#maybeUnload(entry),
        context: new LiveBoardContext(boardId, { rows: contextRows, store: { db: this.#options.db } }),
      })
      entry.room = room
      metrics.rooms.inc()
      // Deleted while it loaded (it read the rows just before they went): serve nothing of it.
      if (entry.discarded) throw new BoardNotFoundError('board deleted while loading')
      // A board stored by an older schema is migrated once, as a server change (stored and broadcast);
      // one written by a newer schema throws here and is not served (nor written) by this server.
      room.doc.transact(() => upgradeBoardDocument(room.doc), SERVER_ORIGIN)
      await this.#options.onLoad?.(room)
      roomLog.info({ logId: loaded.logId, rowsAboveSnapshot: loaded.rowsAboveSnapshot }, 'board loaded')
      return room
    } catch (error) {
      const failure: LoadFailure =
        error instanceof BoardNotFoundError
          ? 'not_found'
          : error instanceof CorruptBoardError
            ? 'corrupt'
            : 'unavailable'
      metrics.roomLoadFailures.inc({ reason: failure })
      roomLog.error({ err: error, failure }, 'board load failed')
      if (entry.room) {
        entry.room.destroy()
        entry.room = null
        metrics.rooms.dec()
      }
      throw new RoomLoadError(failure, (error as Error).message, { cause: error })
    }
  }

  #maybeUnload(entry: Entry): void {
    const room = entry.room
    if (!room || entry.holders > 0 || !room.settled || entry.unloadTimer || this.#closing) return
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = null
      // Check again: someone may have joined, or new updates may be waiting to be stored.
      if (entry.holders > 0 || !room.settled || this.#entries.get(room.boardId) !== entry) return
      this.#entries.delete(room.boardId)
      this.#options.onUnload?.(room)
      this.#options.metrics.rooms.dec()
      // Fold the log into the snapshot on the way out so the next load reads one row; the room is
      // already gone from the map, and a new load reads a consistent state before or after it.
      const leaving = room.persistence.compact().finally(() => room.destroy())
      this.#unloading.add(leaving)
      void leaving.finally(() => this.#unloading.delete(leaving))
      room.log.info('board unloaded')
    }, this.#options.unloadDelayMs)
  }

  /**
   * The board was deleted (its rows are gone): its room leaves at once, without storing or compacting
   * anything (there is nowhere to store it, and a write would fail on the missing board forever), and
   * without spilling at shutdown. Its connections close with 4410; holders that still run (an HTTP
   * change) find a destroyed room, and the next `acquire` loads from storage, which no longer has the
   * board (404 / 4404). A load in flight throws when it completes.
   */
  discard(boardId: string): void {
    const entry = this.#entries.get(boardId)
    if (!entry) return
    this.#entries.delete(boardId)
    entry.discarded = true
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
    entry.unloadTimer = null
    const room = entry.room
    if (!room) return
    for (const connection of [...room.connections]) connection.close(CloseCode.boardDeleted, 'board deleted')
    this.#options.onUnload?.(room)
    this.#options.metrics.rooms.dec()
    room.discard()
    room.log.info('board deleted: room discarded')
  }

  /** Shutdown: stop loading, store everything buffered (retrying until `deadline`), free the rooms. */
  async close(deadline: number): Promise<void> {
    this.#closing = true
    // Loads under way finish first: their rooms may already hold accepted updates.
    await Promise.allSettled([...this.#entries.values()].map((entry) => entry.ready))
    const rooms = this.loaded()
    // Relayed updates still waiting for their instance's confirmation are stored here too: that
    // instance may be gone, and this one is leaving (a copy stored twice is harmless).
    for (const room of rooms) {
      const unconfirmed = room.relayed.takeAll()
      if (unconfirmed.length > 0) room.storeOnBehalf(unconfirmed)
    }
    // The private side (authorship, private ideas) is written beside the log, with the same deadline.
    const contexts = Promise.allSettled(
      rooms.map((room) =>
        room.context.flush(deadline).catch((error: unknown) => {
          room.log.error(
            { err: error, changes: room.context.unstored },
            'shutdown: private side (authorship, private ideas) could not be stored',
          )
        }),
      ),
    )
    const results = await Promise.allSettled(rooms.map((room) => room.persistence.flush(deadline)))
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return
      const room = rooms[i]!
      room.log.error({ err: result.reason }, 'shutdown: board updates could not be stored')
      const unstored = room.persistence.takeUnstored()
      if (unstored.length === 0 || !this.#options.spill) return
      try {
        this.#options.spill(room.boardId, unstored)
        room.log.warn(
          { updates: unstored.length },
          'shutdown: unstored updates kept on disk for the next start',
        )
      } catch (error) {
        room.log.error({ err: error, updates: unstored.length }, 'shutdown: unstored updates lost')
      }
    })
    await contexts
    await Promise.allSettled([...rooms.map((room) => room.persistence.settle()), ...this.#unloading])
    for (const entry of this.#entries.values()) if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
    for (const room of rooms) {
      this.#options.onUnload?.(room)
      room.destroy()
    }
    this.#entries.clear()
  }

  /** Age of the oldest unstored update over all rooms, in ms. */
  /**
   * Relayed updates held in every loaded room, waiting for their instance's confirmation or being
   * checked against the log (relay-adoption.ts).
   */
  relaysHeld(): number {
    let held = 0
    for (const room of this.loaded()) held += room.relayed.size + relaysBeingChecked(room)
    return held
  }

  oldestUnstoredMs(): number {
    let oldest = 0
    for (const room of this.loaded()) oldest = Math.max(oldest, room.persistence.lagMs)
    return oldest
  }
}
