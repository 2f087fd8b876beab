import type { Kysely } from 'kysely'
import type * as Y from 'yjs'
import { boardRecords } from '../../shared/board/record-index.ts'
import { type BoardRole, may } from '../../shared/board/rights.ts'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { liveStateOfRow } from '../../shared/workshop/live-state.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, conflict, forbidden, notFound } from '../errors.ts'
import {
  listBallot,
  listOwnDots,
  lockBallot,
  lockVoteSettings,
  readVoteSettings,
  totalsByTarget,
  type VoteSettingsRow,
  voterNames,
  writeDots,
} from './repository.ts'

/**
 * The secret ballot (DESIGN.md, "Secret ballot"): each person's dots, kept by the server in
 * board_votes; nobody but facilitators reads another person's dots, and totals reach participants only
 * once the facilitator reveals them.
 *
 * Rules decided here:
 * - The ballot is open during the voting phase only, for participants while the board is not locked
 *   (shared/board/rights.ts, `voteOwn`) and for facilitators whatever the lock (the lock binds
 *   participants); observers never vote.
 * - Giving dots needs a target on the board of the vote's kind (`vote.target`: ideas or clusters).
 *   Taking dots back is always allowed during voting, even on a target that left the board or that is of
 *   the other kind since the facilitator switched: otherwise those dots would be stuck.
 * - Every dot a person holds counts against their allowance, including dots on targets that left the
 *   board (as in format v1). Totals, meta.voteTotals and conversion count only targets still on the board.
 * - An allowance lowered below what someone already gave leaves their dots in place: remaining is 0
 *   until they take some back.
 */

/** What kind of shape `targetId` is on the board now: null when absent. */
export type TargetKind = 'idea' | 'cluster' | 'other' | null

/** The kind of shape `targetId` is on the board (read from the live document). */
export function targetKindOf(doc: Y.Doc, targetId: string): TargetKind {
  const record = boardRecords(doc).get(targetId) as { typeName?: string; type?: string } | undefined
  if (record?.typeName !== 'shape') return null
  return record.type === 'idea' || record.type === 'cluster' ? record.type : 'other'
}

/** Ids of the board's ideas and clusters: the targets that totals may name. */
export function voteTargetsOnBoard(doc: Y.Doc): Set<string> {
  const ids = new Set<string>()
  for (const record of boardRecords(doc).values()) {
    const shape = record as { typeName?: string; type?: string; id: string }
    if (shape.typeName === 'shape' && (shape.type === 'idea' || shape.type === 'cluster')) ids.add(shape.id)
  }
  return ids
}

/** `totals` limited to targets still on the board. */
export function totalsOnBoard(totals: Record<string, number>, onBoard: Set<string>): Record<string, number> {
  return Object.fromEntries(Object.entries(totals).filter(([target]) => onBoard.has(target)))
}

const sum = (dots: Record<string, number>) => Object.values(dots).reduce((total, n) => total + n, 0)

/** The live state of a board's workshop row. */
function stateOf(row: VoteSettingsRow): WorkshopLiveState {
  return liveStateOfRow(row as Parameters<typeof liveStateOfRow>[0])
}

/** Why `role` may not vote now, as the 4xx to answer, or null when the ballot is open to them. */
function ballotClosed(role: BoardRole, state: WorkshopLiveState) {
  if (role === 'observer') return forbidden('Les observateurs ne votent pas.')
  if (state.phase !== 'voting') return conflict('Le vote n’est pas ouvert.', 'vote_closed')
  if (!may(role, 'voteOwn', state))
    return conflict('Le tableau est verrouillé : le vote est suspendu.', 'vote_closed')
  return null
}

/** The board's live state from its workshop row; 404 when the board is unknown. */
export async function boardVoteState(db: Kysely<Database>, boardId: string): Promise<WorkshopLiveState> {
  const row = await readVoteSettings(db, boardId)
  if (!row) throw notFound('Tableau')
  return stateOf(row)
}

/** Refuses early (before reading the live board) a vote the current state already rules out. */
export function assertBallotOpen(role: BoardRole, state: WorkshopLiveState): void {
  const refusal = ballotClosed(role, state)
  if (refusal) throw refusal
}

export interface SetDots {
  boardId: string
  actorId: string
  role: BoardRole
  targetId: string
  dots: number
  /** What the target is on the live board, read just before (see route). */
  targetKind: TargetKind
}

/**
 * Sets one person's dots on one target, within their allowance: `{dots, remaining}`.
 *
 * Concurrency: one transaction holding a per-(board, person) advisory lock (repository.ts says why not a
 * single statement) and the workshop row FOR SHARE (a facilitator's PATCH takes it FOR UPDATE), so two
 * PUTs of one person run one after the other and each sees the other's dots, and no dot lands after the
 * phase left voting or above an allowance just lowered.
 */
export async function setOwnDots(
  db: Kysely<Database>,
  input: SetDots,
): Promise<{ dots: number; remaining: number }> {
  return db.transaction().execute(async (tx) => {
    await lockBallot(tx, input.boardId, input.actorId)
    const row = await lockVoteSettings(tx, input.boardId)
    if (!row) throw notFound('Tableau')
    const state = stateOf(row)
    assertBallotOpen(input.role, state)
    const mine = await listOwnDots(tx, input.boardId, input.actorId)
    const current = mine[input.targetId] ?? 0
    if (input.dots > current || current === 0) {
      if (input.targetKind === null) throw notFound('Cible du vote')
      const wanted = state.vote.target === 'clusters' ? 'cluster' : 'idea'
      if (input.targetKind !== wanted)
        throw badRequest(
          state.vote.target === 'clusters'
            ? 'Le vote porte sur les regroupements, pas sur cette forme.'
            : 'Le vote porte sur les idées, pas sur cette forme.',
          'wrong_target',
        )
    }
    const allowance = state.vote.dotsPerParticipant
    const used = sum(mine) - current + input.dots
    if (input.dots > current && used > allowance)
      throw conflict(
        `Plus assez de gommettes : ${Math.max(0, allowance - (sum(mine) - current))} disponible(s).`,
        'too_many_dots',
      )
    if (input.dots !== current) await writeDots(tx, input.boardId, input.actorId, input.targetId, input.dots)
    return { dots: input.dots, remaining: Math.max(0, allowance - used) }
  })
}

/** What GET /api/boards/:boardId/votes answers, before totals are limited to the board. */
export interface BallotView {
  mine: Record<string, number>
  remaining: number
  revealed: boolean
  /** Every target's total, present when the caller may see totals (the route limits it to the board). */
  totals?: Record<string, number>
  byVoter?: { voterId: string; displayName: string; dots: Record<string, number> }[]
}

/**
 * One person's view of the ballot: their own dots always; totals for facilitators, and for others once
 * revealed; who gave what only to facilitators who ask for it (403 for anyone else who asks).
 */
export async function readBallot(
  db: Kysely<Database>,
  who: { boardId: string; actorId: string; role: BoardRole },
  options: { byVoter: boolean },
): Promise<BallotView> {
  if (options.byVoter && who.role !== 'facilitator')
    throw forbidden('Le détail des votes est réservé aux animateurs et animatrices.')
  const state = await boardVoteState(db, who.boardId)
  const mine = who.role === 'observer' ? {} : await listOwnDots(db, who.boardId, who.actorId)
  const view: BallotView = {
    mine,
    remaining: who.role === 'observer' ? 0 : Math.max(0, state.vote.dotsPerParticipant - sum(mine)),
    revealed: state.vote.revealed,
  }
  if (who.role === 'facilitator' || state.vote.revealed) view.totals = await totalsByTarget(db, who.boardId)
  if (options.byVoter) {
    const rows = await listBallot(db, who.boardId)
    const voters = new Map<string, Record<string, number>>()
    for (const row of rows) {
      const dots = voters.get(row.actorId) ?? {}
      dots[row.targetId] = row.dots
      voters.set(row.actorId, dots)
    }
    const names = await voterNames(db, [...voters.keys()])
    view.byVoter = [...voters.entries()].map(([voterId, dots]) => ({
      voterId,
      displayName: names.get(voterId) ?? '',
      dots,
    }))
  }
  return view
}
