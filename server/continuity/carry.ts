import type { FastifyInstance } from 'fastify'
import type { CarryResult } from '../../shared/api/continuity.ts'
import { findZone, placeIdea } from '../../shared/board/place-idea.ts'
import { AUTHOR_NAME_MAX } from '../../shared/board/shapes.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { refusalError } from '../boards/refusal-answer.ts'
import { notices } from '../collab/review/refusals.ts'
import { notFound } from '../errors.ts'
import { findCarriable, markCarried, saveLink } from './repository.ts'

/**
 * Brings waiting ideas of the contract onto a workshop's board, in the facilitator's name through the
 * live review (the rights of the board apply: nothing lands on a closed board): each one a card in the
 * zone of its priority and action (the priority's zone when the board has none for the action; outside
 * zones when it has none for the priority), linked to the idea it came from, which then leaves the list.
 */
export async function carryOntoBoard(
  app: FastifyInstance,
  actor: AccountActor,
  workshop: { id: string; council_id: string; contract_id: string; board_id: string },
  ids: string[],
): Promise<CarryResult['placed']> {
  const scope = { councilId: workshop.council_id, contractId: workshop.contract_id, workshopId: workshop.id }
  const rows = await findCarriable(app.store.db, scope, ids)
  if (rows.length !== ids.length) throw notFound('Idée en attente')
  const sender = { actorId: actor.userId, role: 'facilitator' as const, displayName: actor.displayName }
  const outcome = await app.liveBoards.changeAs(workshop.board_id, sender, (doc) =>
    rows.map((row) => {
      const zone = row.priority_code
        ? (findZone(doc, row.priority_code, row.action_code ?? '') ?? findZone(doc, row.priority_code))
        : undefined
      const card = placeIdea(doc, {
        text: row.text,
        ...(zone ? { priorityCode: zone.props.priorityCode, actionCode: zone.props.actionCode } : {}),
        authorId: sender.actorId,
        authorName: sender.displayName.slice(0, AUTHOR_NAME_MAX),
      })
      return { earlierIdeaId: row.id, ideaId: card.id, priorityCode: zone?.props.priorityCode ?? null }
    }),
  )
  const refused = outcome.refusals.find((r) => !notices.has(r.code))
  if (refused) throw refusalError(refused)
  const placed = outcome.result
  await app.store.db.transaction().execute(async (tx) => {
    for (const card of placed)
      await saveLink(tx, {
        boardId: workshop.board_id,
        ideaId: card.ideaId,
        earlierIdeaId: card.earlierIdeaId,
        linkedBy: actor.userId,
      })
    await markCarried(
      tx,
      placed.map((card) => card.earlierIdeaId),
      workshop.id,
    )
  })
  return placed
}
