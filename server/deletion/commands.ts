import type { FastifyInstance } from 'fastify'
import { typedNameMatches } from '../../shared/api/deletion.ts'
import { findUser } from '../accounts/repository.ts'
import type { AccountActor } from '../auth/sessions.ts'
import {
  actorInUse,
  confirmationMismatch,
  contractInUse,
  councilAdminOnly,
  forbidden,
  notFound,
} from '../errors.ts'
import { councilWorkshop } from '../workshops/commands.ts'
import { isFacilitator } from '../workshops/repository.ts'
import {
  deleteActorRow,
  deleteContractRow,
  deleteCouncilRows,
  deleteProjectRow,
  deleteWorkshopRows,
} from './repository.ts'

/**
 * Deleting things (issue 14, DESIGN.md, "Data life"): who may, what goes, what stays, and
 * telling live connections. Every delete is one transaction (deletion/repository.ts); once it has
 * committed, `app.access.revoke` closes what was open on the deleted boards and the ended sessions, on
 * every instance (Redis), and each instance drops its rooms of those boards, unstored, and their
 * spilled files (collab/plugin.ts). Closing only after the commit matters: a client closed earlier
 * could reconnect while the board still existed. Once the rows are gone, nothing brings a board back:
 * the upgrade answers 404 and a room being loaded throws.
 */

/** True when the account administers its council. */
async function isCouncilAdmin(app: FastifyInstance, actor: AccountActor): Promise<boolean> {
  return (await findUser(app.store.db, actor.userId))?.role === 'admin'
}

/**
 * DELETE /api/workshops/:id: the workshop's facilitators and the council's administrators (a member who
 * does not run it may not end someone else's workshop: 403); 404 outside the council. Its project
 * records stay (deletion/repository.ts); returns how many.
 */
export async function deleteWorkshop(
  app: FastifyInstance,
  actor: AccountActor,
  workshopId: string,
): Promise<{ keptRecords: number }> {
  const db = app.store.db
  await councilWorkshop(db, actor, workshopId)
  if (!(await isFacilitator(db, workshopId, actor.userId)) && !(await isCouncilAdmin(app, actor)))
    throw forbidden("Réservé aux animateurs et animatrices de l'atelier et aux administrateurs du conseil.")
  const deleted = await db.transaction().execute((tx) => deleteWorkshopRows(tx, actor.councilId, workshopId))
  // Deleted meanwhile by someone else: the outcome this person asked for.
  if (!deleted) throw notFound('Atelier')
  app.access.revoke({
    boardIds: deleted.boardIds,
    sessionIds: deleted.sessionIds,
    guestIds: deleted.guestIds,
  })
  return { keptRecords: deleted.keptRecords }
}

/** DELETE /api/contracts/:id: any member; 409 contract_in_use while workshops or records use it. */
export async function deleteContract(app: FastifyInstance, actor: AccountActor, contractId: string) {
  const outcome = await app.store.db
    .transaction()
    .execute((tx) => deleteContractRow(tx, actor.councilId, contractId))
  if (outcome === 'not_found') throw notFound('Contrat')
  if (outcome !== 'deleted') throw contractInUse(outcome)
}

/** DELETE /api/projects/:id: any member; the record's history and actor links go with it. */
export async function deleteProject(app: FastifyInstance, actor: AccountActor, projectId: string) {
  const deleted = await app.store.db
    .transaction()
    .execute((tx) => deleteProjectRow(tx, actor.councilId, projectId))
  if (!deleted) throw notFound('Fiche-projet')
}

/** DELETE /api/actors/:id: any member; 409 actor_in_use while a record names it. */
export async function deleteActor(app: FastifyInstance, actor: AccountActor, actorId: string) {
  const outcome = await app.store.db
    .transaction()
    .execute((tx) => deleteActorRow(tx, actor.councilId, actorId))
  if (outcome === 'not_found') throw notFound('Acteur')
  if (outcome.records > 0) throw actorInUse(outcome.records)
}

/**
 * DELETE /api/council: administrators only (403 council_admin_only), with the council's name typed as
 * confirmation (400 confirmation_mismatch otherwise, nothing deleted). Every member's and guest's
 * session ends and every board closes, on every instance.
 */
export async function deleteCouncil(app: FastifyInstance, actor: AccountActor, confirm: string) {
  if (!(await isCouncilAdmin(app, actor))) throw councilAdminOnly()
  const outcome = await app.store.db
    .transaction()
    .execute((tx) => deleteCouncilRows(tx, actor.councilId, (name) => typedNameMatches(confirm, name)))
  if (outcome === 'not_found') throw notFound('Conseil')
  if (outcome === 'not_confirmed') throw confirmationMismatch()
  app.access.revoke({ boardIds: outcome.boardIds, sessionIds: outcome.sessionIds })
}
