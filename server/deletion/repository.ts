import type { Kysely } from 'kysely'
import type { Provenance } from '../../shared/projects/record.ts'
import { json } from '../db/connect.ts'
import type { Database } from '../db/schema.ts'
import { listActorReferentProjects } from '../followup/repository.ts'

/**
 * The deletes of issue 14, and the one place that knows in which order a council's tables depend on
 * each other. Each function runs inside the caller's transaction and starts by locking the row it
 * deletes, so that what it counts or detaches cannot change under it (a conversion locks the workshop
 * row too; linking an actor or starting a workshop on a contract takes a key-share lock on that row).
 *
 * What the schema deletes by itself (ON DELETE CASCADE) is relied on and named in each comment; what
 * must survive is protected by RESTRICT (migration 2026-12-05-1900-deletion): a record's workshop,
 * contract and actors.
 */

type Db = Kysely<Database>

/** Locks the row `id` of `table` (the start of each delete) if it belongs to `councilId`; else undefined. */
function lockCouncilRow(tx: Db, table: 'workshops' | 'contracts' | 'actors', councilId: string, id: string) {
  return tx
    .selectFrom(table)
    .select('id')
    .where('id', '=', id)
    .where('council_id', '=', councilId)
    .forUpdate()
    .executeTakeFirst()
}

/** What a deleted workshop leaves for live connections to act on. */
export interface DeletedWorkshop {
  boardIds: string[]
  /** The guests' sessions, ended. */
  sessionIds: string[]
  guestIds: string[]
  /** Records kept, now without a workshop. */
  keptRecords: number
}

/**
 * Deletes a workshop of `councilId`: its board with the board's log, ballot, authorship, private ideas
 * and images; its snapshots; its guests and their sessions; its facilitators (all by cascade from the
 * workshop and board rows). Its project records stay, the council's: detached (no workshop, no
 * snapshot), their provenance keeping the workshop's title and losing its id and the ids of its guests
 * (ids of nothing any more; names and texts stay). Undefined when the council has no such workshop.
 */
export async function deleteWorkshopRows(
  tx: Db,
  councilId: string,
  workshopId: string,
): Promise<DeletedWorkshop | undefined> {
  const workshop = await lockCouncilRow(tx, 'workshops', councilId, workshopId)
  if (!workshop) return undefined
  const boards = await tx.selectFrom('boards').select('id').where('workshop_id', '=', workshopId).execute()
  const guests = await tx.selectFrom('guests').select('id').where('workshop_id', '=', workshopId).execute()
  const guestIds = guests.map((g) => g.id)
  const sessions =
    guestIds.length === 0
      ? []
      : await tx.deleteFrom('sessions').where('guest_id', 'in', guestIds).returning('id').execute()
  const keptRecords = await detachRecords(tx, workshopId, new Set(guestIds))
  await tx.deleteFrom('workshops').where('id', '=', workshopId).execute()
  return {
    boardIds: boards.map((b) => b.id),
    sessionIds: sessions.map((s) => s.id),
    guestIds,
    keptRecords,
  }
}

/** Detaches the workshop's records from it (see deleteWorkshopRows); returns how many. */
async function detachRecords(tx: Db, workshopId: string, guestIds: Set<string>): Promise<number> {
  const records = await tx
    .selectFrom('projects')
    .select(['id', 'provenance'])
    .where('workshop_id', '=', workshopId)
    .forUpdate()
    .execute()
  for (const record of records) {
    const provenance: Provenance = {
      ...record.provenance,
      workshopId: null,
      ideas: record.provenance.ideas.map((idea) =>
        guestIds.has(idea.authorId) ? { ...idea, authorId: '' } : idea,
      ),
    }
    // The version stays: nothing a person edits changed, so nobody's open form turns stale.
    await tx
      .updateTable('projects')
      .set({ workshop_id: null, snapshot_id: null, provenance: json(provenance) })
      .where('id', '=', record.id)
      .execute()
  }
  return records.length
}

/** How many workshops and records use a contract. */
export interface ContractUses {
  workshops: number
  records: number
}

/**
 * Deletes a contract of `councilId` that no workshop and no record uses. 'not_found' for no such
 * contract of the council; its uses when something still depends on it (nothing is deleted then).
 */
export async function deleteContractRow(
  tx: Db,
  councilId: string,
  contractId: string,
): Promise<'deleted' | 'not_found' | ContractUses> {
  const contract = await lockCouncilRow(tx, 'contracts', councilId, contractId)
  if (!contract) return 'not_found'
  const uses = {
    workshops: await countWhere(tx, 'workshops', 'contract_id', contractId),
    records: await countWhere(tx, 'projects', 'contract_id', contractId),
  }
  if (uses.workshops + uses.records > 0) return uses
  // Its calls for projects have no application (each would be a record): they go with it.
  await tx.deleteFrom('calls').where('contract_id', '=', contractId).execute()
  await tx.deleteFrom('contracts').where('id', '=', contractId).execute()
  return 'deleted'
}

/** Deletes a record of `councilId` with its history and its links to actors (cascade); false if none. */
export async function deleteProjectRow(tx: Db, councilId: string, projectId: string): Promise<boolean> {
  const deleted = await tx
    .deleteFrom('projects')
    .where('id', '=', projectId)
    .where('council_id', '=', councilId)
    .returning('id')
    .executeTakeFirst()
  return deleted !== undefined
}

/**
 * Deletes an actor of `councilId` that no record names (as carrier, partner or referent). 'not_found' for no such
 * actor of the council; otherwise the number of records that still name it (0 once deleted).
 */
export async function deleteActorRow(
  tx: Db,
  councilId: string,
  actorId: string,
): Promise<'not_found' | { records: number }> {
  const actor = await lockCouncilRow(tx, 'actors', councilId, actorId)
  if (!actor) return 'not_found'
  const named = await tx
    .selectFrom('project_actors')
    .select('project_id')
    .where('actor_id', '=', actorId)
    .execute()
  // An actor following a record as referent is in use too (the table's foreign key restricts).
  const following = await listActorReferentProjects(tx, actorId)
  const records = new Set([...named.map((r) => r.project_id), ...following]).size
  if (records === 0) await tx.deleteFrom('actors').where('id', '=', actorId).execute()
  return { records }
}

/** What a deleted council leaves for live connections to act on. */
export interface DeletedCouncil {
  boardIds: string[]
  /** Every session of its members and of its workshops' guests, ended. */
  sessionIds: string[]
}

/**
 * Deletes a council and everything in it, dependents first: sessions, records (their history and actor
 * links by cascade), workshops (boards, logs, ballots, authorship, private ideas, images, snapshots,
 * guests, facilitators by cascade), actors, contracts, invitations, reset links, members, and the
 * council. Deletes nothing when the council does not exist ('not_found') or `confirm(name)` says no
 * ('not_confirmed'), which is checked on the row locked here, so a rename cannot slip in between.
 */
export async function deleteCouncilRows(
  tx: Db,
  councilId: string,
  confirm: (councilName: string) => boolean,
): Promise<DeletedCouncil | 'not_found' | 'not_confirmed'> {
  const council = await tx
    .selectFrom('councils')
    .select(['id', 'name'])
    .where('id', '=', councilId)
    .forUpdate()
    .executeTakeFirst()
  if (!council) return 'not_found'
  if (!confirm(council.name)) return 'not_confirmed'
  const boards = await tx
    .selectFrom('boards')
    .innerJoin('workshops', 'workshops.id', 'boards.workshop_id')
    .select('boards.id')
    .where('workshops.council_id', '=', councilId)
    .execute()
  const sessions = await tx
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('user_id', 'in', eb.selectFrom('users').select('id').where('council_id', '=', councilId)),
        eb(
          'guest_id',
          'in',
          eb
            .selectFrom('guests')
            .innerJoin('workshops', 'workshops.id', 'guests.workshop_id')
            .select('guests.id')
            .where('workshops.council_id', '=', councilId),
        ),
      ]),
    )
    .returning('id')
    .execute()
  await tx.deleteFrom('projects').where('council_id', '=', councilId).execute()
  // After the applications that answer them, before the contracts they are on.
  await tx.deleteFrom('calls').where('council_id', '=', councilId).execute()
  await tx.deleteFrom('workshops').where('council_id', '=', councilId).execute()
  await tx.deleteFrom('actors').where('council_id', '=', councilId).execute()
  await tx.deleteFrom('contracts').where('council_id', '=', councilId).execute()
  await tx.deleteFrom('council_invites').where('council_id', '=', councilId).execute()
  await tx
    .deleteFrom('password_resets')
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('council_id', '=', councilId))
    .execute()
  await tx.deleteFrom('users').where('council_id', '=', councilId).execute()
  await tx.deleteFrom('councils').where('id', '=', councilId).execute()
  return { boardIds: boards.map((b) => b.id), sessionIds: sessions.map((s) => s.id) }
}

async function countWhere(
  tx: Db,
  table: 'workshops' | 'projects',
  column: 'contract_id',
  value: string,
): Promise<number> {
  const row = await tx
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where(column, '=', value)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
