import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type * as Y from 'yjs'
import { META_VOTE_TOTALS, meta, readLiveState } from '../../shared/board/document.ts'
import { liveStateOfRow } from '../../shared/workshop/live-state.ts'
import type { Database } from '../db/schema.ts'
import { totalsOnBoard, voteTargetsOnBoard } from './commands.ts'
import { readVoteSettings, totalsByTarget } from './repository.ts'

/**
 * What the totals need of the live boards (collab/live-boards-api.ts `LiveBoards.change`): written here
 * rather than imported, so votes does not depend on collab, which depends on votes for format v1 dots.
 */
interface BoardChanger {
  change<T>(boardId: string, change: (doc: Y.Doc) => T): Promise<T>
}

/**
 * Published totals (meta.voteTotals): once the facilitator reveals the vote, the board carries the total
 * dots per target still on it, with no voter, and keeps them current as people change their dots;
 * hiding the results again removes them.
 */

/**
 * Writes `totals` into meta.voteTotals, limited to targets on the board, if the document's own live
 * state says the vote is revealed; otherwise removes them. Writes nothing when the document already says
 * the same. Call it inside a server change (after meta.workshop is set, in the same transaction, when
 * both change). Returns whether it wrote.
 */
export function writeVoteTotals(doc: Y.Doc, totals: Record<string, number> | null): boolean {
  const board = meta(doc)
  // The document's live state decides, not only the caller's: a publication computed while the vote
  // was revealed must not put totals back on a board the facilitator has hidden them from since.
  const shown =
    totals && readLiveState(doc).vote.revealed ? totalsOnBoard(totals, voteTargetsOnBoard(doc)) : null
  if (!shown) {
    if (!board.has(META_VOTE_TOTALS)) return false
    board.delete(META_VOTE_TOTALS)
    return true
  }
  if (sameTotals(board.get(META_VOTE_TOTALS), shown)) return false
  board.set(META_VOTE_TOTALS, shown)
  return true
}

function sameTotals(stored: unknown, totals: Record<string, number>): boolean {
  if (typeof stored !== 'object' || stored === null) return false
  const before = stored as Record<string, unknown>
  const keys = Object.keys(totals)
  return Object.keys(before).length === keys.length && keys.every((key) => before[key] === totals[key])
}

/** The totals to publish for a board now: null unless its workshop row says the vote is revealed. */
export async function totalsToPublish(
  db: Kysely<Database>,
  boardId: string,
): Promise<Record<string, number> | null> {
  const row = await readVoteSettings(db, boardId)
  if (!row || !liveStateOfRow(row as Parameters<typeof liveStateOfRow>[0]).vote.revealed) return null
  return totalsByTarget(db, boardId)
}

/**
 * How long after a publication that wrote something the board is checked again. With several instances,
 * two of them may publish at the same moment from ballots read a few milliseconds apart; Yjs keeps one
 * of the two concurrent writes, not necessarily the newer. The check reads the ballot again once both
 * writes have met and corrects the board if needed (it writes nothing when all is well, so it ends).
 */
const RECHECK_MS = 1_000

interface BoardRun {
  /** Resolves when no publication is running or queued for the board. */
  done: Promise<void>
  /** Another publication was asked for while one ran: run once more, reading the ballot afresh. */
  again: boolean
}

/**
 * Keeps meta.voteTotals current, coalescing bursts: per board, at most one publication runs and at most
 * one more is queued, however many votes arrive meanwhile; each run reads the ballot when it starts, so
 * the last one reflects every vote committed before it. One per app (`app.voteTotals`).
 */
export class VoteTotalsPublisher {
  readonly #runs = new Map<string, BoardRun>()
  readonly #timers = new Set<NodeJS.Timeout>()
  #closed = false

  readonly #db: () => Kysely<Database>
  readonly #liveBoards: () => BoardChanger
  readonly #log: FastifyBaseLogger

  constructor(db: () => Kysely<Database>, liveBoards: () => BoardChanger, log: FastifyBaseLogger) {
    this.#db = db
    this.#liveBoards = liveBoards
    this.#log = log
  }

  /**
   * Publishes the board's totals soon (or removes them if the vote is hidden). Resolves once a
   * publication that started after this call has finished; never rejects (failures are logged, and the
   * next vote or the recheck publishes again).
   */
  schedule(boardId: string): Promise<void> {
    if (this.#closed) return Promise.resolve()
    const running = this.#runs.get(boardId)
    if (running) {
      running.again = true
      return running.done
    }
    const run: BoardRun = { done: Promise.resolve(), again: false }
    run.done = (async () => {
      let wrote = false
      try {
        do {
          run.again = false
          try {
            wrote = (await this.#publish(boardId)) || wrote
          } catch (error) {
            if (!this.#closed) this.#log.error({ err: error, boardId }, 'vote totals not published')
          }
        } while (run.again && !this.#closed)
      } finally {
        this.#runs.delete(boardId)
      }
      if (wrote) this.#recheck(boardId)
    })()
    this.#runs.set(boardId, run)
    return run.done
  }

  /** Stops scheduling and waits for publications in flight (app shutdown). */
  async close(): Promise<void> {
    this.#closed = true
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    await Promise.all([...this.#runs.values()].map((run) => run.done))
  }

  async #publish(boardId: string): Promise<boolean> {
    const totals = await totalsToPublish(this.#db(), boardId)
    return this.#liveBoards().change(boardId, (doc) => writeVoteTotals(doc, totals))
  }

  #recheck(boardId: string): void {
    if (this.#closed) return
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      void this.schedule(boardId)
    }, RECHECK_MS)
    timer.unref()
    this.#timers.add(timer)
  }
}
