import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import { deleteSessionsOfUser, removeMember } from '../accounts/repository.ts'
import type { AccessRevoked } from '../auth/access-events.ts'
import { type BoardErasure, type RoomErasure, rewriteStoredHistory } from '../collab/board-erasure.ts'
import { rewriteBoardHistory } from '../collab/board-store.ts'
import { replayUnstored } from '../collab/unstored-spill.ts'
import type { Database } from '../db/schema.ts'
import {
  type ErasedPerson,
  endGuestAccess,
  eraseRows,
  erasureNeedles,
  findGuests,
  findMember,
  insertErasureAudit,
  keptNames,
  listScopeBoards,
  readAuthoredShapes,
  type ScopeBoard,
} from './repository.ts'

/**
 * Erasing people (GDPR article 17, and the retention period): their name and every id that links to them
 * leave every board of the scope (the live document on every instance and the stored history), the
 * board snapshots, project records' provenance and history, authorship, private ideas, the ballot,
 * attendance and sessions. Their ideas stay, credited to "Participant·e anonyme", unless the person
 * asked for them to go too. An audit line says that it happened, not whom.
 *
 * The order, and why:
 * 1. Access ends first (sessions, sockets on every instance): nobody writes in their name meanwhile.
 * 2. Updates a shutdown left in this instance's spill folder are stored, so the rewrite below takes them
 *    in (a spilled update may hold the name; it would otherwise come back at the next start).
 * 3. Each board: the live change (server change on the room, its private side here and on the other
 *    instances through the fan-out), stored before the next step.
 * 4. The rows, in one transaction (repository.ts eraseRows).
 * 5. Each board's stored history is rebuilt without them (board-store.ts rewriteBoardHistory), the
 *    erasure applied again to the rebuilt document, so updates stored behind the live room's back
 *    (spilled, adopted from a dead instance) are covered too.
 * With other instances (Redis), updates they accepted just before hearing of the erasure, and their
 * private side's writes in flight, can land after steps 3–5: the whole of 3–5 runs a second time after a
 * short wait. Every step is idempotent, so the second pass changes only what arrived late.
 *
 * A client that held the old state cannot bring the name back: it sends only what the server lacks
 * (Yjs skips structs it already has, even deleted ones), and any new write of an idea's record keeps
 * the author fields the server has (collab/review), which now name nobody.
 */

/** Who to erase, and how. */
export interface ErasureRequest {
  councilId: string
  kind: 'guest' | 'member'
  /** Guest ids (several: retention erases a workshop's guests together) or one member's user id. */
  actorIds: string[]
  /** Take their ideas off the boards and out of the records instead of crediting them to nobody. */
  removeIdeas: boolean
  /** The administrator who asked (null: the retention job, the operator's command). */
  requestedBy: string | null
  source: 'request' | 'retention'
  /** A member: who takes over the workshops they facilitated alone (the administrator asking). */
  successorId?: string
}

/** What an erasure touched (POST /api/council/erasure answers the first two). */
export interface ErasureOutcome {
  boards: number
  records: number
  people: number
}

/** What an erasure runs with: the app's live boards and access events, or nothing live (command line). */
export interface ErasureDeps {
  db: Kysely<Database>
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  /**
   * Erases from a live board, loading it if needed (collab/board-erasure.ts eraseFromRoom through
   * app.liveBoards); absent when no server runs here (the stored history is rewritten all the same).
   */
  live?: (boardId: string, erasure: BoardErasure) => Promise<RoomErasure>
  /** Closes the ended sessions' sockets on every instance (app.access.revoke). */
  revoke?: (event: AccessRevoked) => void
  /** This instance's spill folder (collab/unstored-spill.ts), replayed first. */
  spillDir?: string
  /** Wait before the second pass; 0: one pass (a single instance, nobody else stores). */
  settleMs: number
}

/**
 * Erases the people of `request`; undefined when none of them is a guest or a member of the council.
 * Throws when a step fails (nothing is half-done in a way a new attempt would not finish: every step is
 * idempotent, and the audit line is written last).
 */
export async function erasePeople(
  deps: ErasureDeps,
  request: ErasureRequest,
): Promise<ErasureOutcome | undefined> {
  const { db } = deps
  let people: ErasedPerson[]
  let boards: ScopeBoard[]
  if (request.kind === 'guest') {
    const guests = await findGuests(db, request.councilId, request.actorIds)
    if (guests.length === 0) return undefined
    people = guests
    const sessionIds = await endGuestAccess(
      db,
      guests.map((g) => g.id),
    )
    deps.revoke?.({ sessionIds, guestIds: guests.map((g) => g.id) })
    boards = await listScopeBoards(db, request.councilId, [...new Set(guests.map((g) => g.workshopId))])
  } else {
    const member = await findMember(db, request.councilId, request.actorIds[0] ?? '')
    if (!member) return undefined
    people = [member]
    const sessionIds =
      (member.active && request.successorId
        ? await removeMember(db, request.councilId, member.id, request.successorId)
        : null) ?? (await deleteSessionsOfUser(db, member.id))
    deps.revoke?.({ sessionIds, userId: member.id })
    // A member may have written on any board of the council.
    boards = await listScopeBoards(db, request.councilId)
  }

  if (deps.spillDir) await replayUnstored(db, deps.spillDir, deps.log as FastifyBaseLogger)

  const actorIds = new Set(people.map((p) => p.id))
  const authored = await readAuthoredShapes(
    db,
    boards.map((b) => b.boardId),
    [...actorIds],
  )
  const names = new Map<string, Set<string>>()
  for (const board of boards) {
    const kept = await keptNames(db, request.councilId, board, [...actorIds])
    names.set(
      board.boardId,
      new Set(people.map((p) => p.displayName.trim()).filter((name) => name !== '' && !kept.has(name))),
    )
  }
  const needles = erasureNeedles(people)
  const removedIdeas = new Map<string, Set<string>>()
  const touchedBoards = new Set<string>()
  const touchedRecords = new Set<string>()
  const erasureOf = (boardId: string): BoardErasure => ({
    actorIds,
    authoredShapes: authored.get(boardId) ?? new Set(),
    removeIdeas: request.removeIdeas,
  })

  const passes = deps.settleMs > 0 ? 2 : 1
  for (let pass = 1; pass <= passes; pass++) {
    if (pass > 1) await new Promise((resolve) => setTimeout(resolve, deps.settleMs))
    for (const board of boards) {
      if (!deps.live) continue
      const erased = await deps.live(board.boardId, erasureOf(board.boardId))
      if (erased.changes + erased.contextChanges > 0) touchedBoards.add(board.boardId)
      if (erased.removedIdeas.length > 0) {
        const set = removedIdeas.get(board.boardId) ?? new Set()
        for (const id of erased.removedIdeas) set.add(id)
        removedIdeas.set(board.boardId, set)
      }
    }
    if (request.removeIdeas)
      // Ideas of theirs the document no longer shows (private ones, or removed from a stored board here).
      for (const [boardId, shapes] of authored) {
        const set = removedIdeas.get(boardId) ?? new Set()
        for (const id of shapes) set.add(id)
        removedIdeas.set(boardId, set)
      }
    const rows = await eraseRows(db, {
      councilId: request.councilId,
      kind: request.kind,
      people,
      boards,
      authored,
      removedIdeas,
      names,
      removeIdeas: request.removeIdeas,
      label: ERASED_AUTHOR_NAME,
      needles,
    })
    for (const id of rows.boards) touchedBoards.add(id)
    for (const id of rows.records) touchedRecords.add(id)
    for (const board of boards) {
      const rewritten = await rewriteBoardHistory(db, board.boardId, (snapshot, updates) =>
        rewriteStoredHistory(snapshot, updates, erasureOf(board.boardId), needles),
      )
      if (rewritten) touchedBoards.add(board.boardId)
    }
  }

  const outcome: ErasureOutcome = {
    boards: touchedBoards.size,
    records: touchedRecords.size,
    people: people.length,
  }
  await insertErasureAudit(db, {
    councilId: request.councilId,
    requestedBy: request.requestedBy,
    kind: request.kind,
    source: request.source,
    people: people.length,
    removeIdeas: request.removeIdeas,
    boards: outcome.boards,
    records: outcome.records,
  })
  deps.log.info(
    { councilId: request.councilId, kind: request.kind, source: request.source, ...outcome },
    'erasure done',
  )
  return outcome
}
