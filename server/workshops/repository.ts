import type { Kysely } from 'kysely'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { json } from '../db/connect.ts'
import { deleteRows } from '../db/delete-rows.ts'
import type { ContractPriority, Database, Phase, StartZone, Workshop } from '../db/schema.ts'

/** A workshop row with its board's id and its contract's title and priorities. */
export type WorkshopRecord = Workshop & {
  board_id: string
  contract_title: string
  contract_priorities: ContractPriority[]
}

export interface NewWorkshop {
  councilId: string
  contractId: string
  title: string
  createdBy: string
  startZones: StartZone[]
  state: WorkshopLiveState
  joinCode: string
  observerCode: string
}

/**
 * Stores a workshop, its (empty) board and its first facilitator. Run it in a transaction: the three rows
 * stand or fall together. Returns the new ids.
 */
export async function insertWorkshop(
  db: Kysely<Database>,
  workshop: NewWorkshop,
): Promise<{ workshopId: string; boardId: string }> {
  const workshopId = crypto.randomUUID()
  const boardId = crypto.randomUUID()
  await db
    .insertInto('workshops')
    .values({
      id: workshopId,
      council_id: workshop.councilId,
      contract_id: workshop.contractId,
      title: workshop.title,
      start_zones: json(workshop.startZones),
      phase: workshop.state.phase,
      locked: workshop.state.locked,
      state: json(workshop.state as unknown as Record<string, unknown>),
      join_code: workshop.joinCode,
      observer_code: workshop.observerCode,
      created_by: workshop.createdBy,
    })
    .execute()
  await db.insertInto('boards').values({ id: boardId, workshop_id: workshopId, snapshot: null }).execute()
  await db
    .insertInto('workshop_facilitators')
    .values({ workshop_id: workshopId, user_id: workshop.createdBy })
    .execute()
  return { workshopId, boardId }
}

function selectWorkshops(db: Kysely<Database>) {
  return db
    .selectFrom('workshops')
    .innerJoin('boards', 'boards.workshop_id', 'workshops.id')
    .innerJoin('contracts', 'contracts.id', 'workshops.contract_id')
    .selectAll('workshops')
    .select([
      'boards.id as board_id',
      'contracts.title as contract_title',
      'contracts.priorities as contract_priorities',
    ])
}

/** One workshop by id, whatever its council (callers check who may see it). */
export function findWorkshop(db: Kysely<Database>, workshopId: string): Promise<WorkshopRecord | undefined> {
  return selectWorkshops(db).where('workshops.id', '=', workshopId).executeTakeFirst()
}

/** The council's workshops, newest first. */
export function listWorkshops(db: Kysely<Database>, councilId: string): Promise<WorkshopRecord[]> {
  return selectWorkshops(db)
    .where('workshops.council_id', '=', councilId)
    .orderBy('workshops.created_at', 'desc')
    .orderBy('workshops.id')
    .execute()
}

/** Facilitators of the given workshops, in the order they were added, with their display names. */
export async function listFacilitators(
  db: Kysely<Database>,
  workshopIds: string[],
): Promise<{ workshopId: string; userId: string; displayName: string }[]> {
  if (workshopIds.length === 0) return []
  const rows = await db
    .selectFrom('workshop_facilitators')
    .innerJoin('users', 'users.id', 'workshop_facilitators.user_id')
    .select(['workshop_facilitators.workshop_id', 'users.id', 'users.display_name'])
    .where('workshop_facilitators.workshop_id', 'in', workshopIds)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute()
  return rows.map((r) => ({ workshopId: r.workshop_id, userId: r.id, displayName: r.display_name }))
}

export async function isFacilitator(
  db: Kysely<Database>,
  workshopId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('workshop_facilitators')
    .select('user_id')
    .where('workshop_id', '=', workshopId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

/** A member of the council, or undefined. */
export function findCouncilMember(db: Kysely<Database>, councilId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', '=', userId)
    .where('council_id', '=', councilId)
    .executeTakeFirst()
}

/** Adds a facilitator; adding one twice changes nothing. */
export async function addFacilitator(
  db: Kysely<Database>,
  workshopId: string,
  userId: string,
): Promise<void> {
  await db
    .insertInto('workshop_facilitators')
    .values({ workshop_id: workshopId, user_id: userId })
    .onConflict((oc) => oc.columns(['workshop_id', 'user_id']).doNothing())
    .execute()
}

/** Removes a facilitator; false when they were not one. */
export function removeFacilitator(
  db: Kysely<Database>,
  workshopId: string,
  userId: string,
): Promise<boolean> {
  return deleteRows(db, 'workshop_facilitators', { workshop_id: workshopId, user_id: userId })
}

export async function countFacilitators(db: Kysely<Database>, workshopId: string): Promise<number> {
  const row = await db
    .selectFrom('workshop_facilitators')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('workshop_id', '=', workshopId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The workshop row, locked until the transaction ends: facilitator changes read, compute and write the
 * row under this lock so two facilitators acting at once never lose each other's change, on any instance.
 */
export function lockWorkshop(db: Kysely<Database>, workshopId: string): Promise<Workshop | undefined> {
  return db.selectFrom('workshops').selectAll().where('id', '=', workshopId).forUpdate().executeTakeFirst()
}

/** Writes the live state, with its `phase` and `locked` columns, and the closing time. */
export async function saveLiveState(
  db: Kysely<Database>,
  workshopId: string,
  state: WorkshopLiveState,
  closedAt: Date | null,
): Promise<void> {
  await db
    .updateTable('workshops')
    .set({
      state: json(state as unknown as Record<string, unknown>),
      phase: state.phase satisfies Phase,
      locked: state.locked,
      closed_at: closedAt,
    })
    .where('id', '=', workshopId)
    .execute()
}

/** True when `code` is any workshop's join or observer code. */
export async function codeInUse(db: Kysely<Database>, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('workshops')
    .select('id')
    .where((eb) => eb.or([eb('join_code', '=', code), eb('observer_code', '=', code)]))
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** Replaces one of the workshop's codes. */
export async function setWorkshopCode(
  db: Kysely<Database>,
  workshopId: string,
  kind: 'join' | 'observer',
  code: string,
): Promise<void> {
  await db
    .updateTable('workshops')
    .set(kind === 'join' ? { join_code: code } : { observer_code: code })
    .where('id', '=', workshopId)
    .execute()
}

/** The workshop a code opens, with the role it gives; undefined for an unknown or revoked code. */
export async function findWorkshopByCode(
  db: Kysely<Database>,
  code: string,
): Promise<{ workshop: WorkshopRecord; role: 'participant' | 'observer' } | undefined> {
  const workshop = await selectWorkshops(db)
    .where((eb) => eb.or([eb('workshops.join_code', '=', code), eb('workshops.observer_code', '=', code)]))
    .executeTakeFirst()
  if (!workshop) return undefined
  return { workshop, role: workshop.join_code === code ? 'participant' : 'observer' }
}

/**
 * Ends the sessions of every guest who joined the workshop with `code` (a code being revoked). The guest
 * rows stay: their ideas and votes keep their author. Returns who lost access, for live connections.
 */
export async function endGuestSessionsByCode(
  db: Kysely<Database>,
  workshopId: string,
  code: string,
): Promise<{ guestIds: string[]; sessionIds: string[] }> {
  const guests = await db
    .selectFrom('guests')
    .select('id')
    .where('workshop_id', '=', workshopId)
    .where('code', '=', code)
    .execute()
  const guestIds = guests.map((g) => g.id)
  if (guestIds.length === 0) return { guestIds, sessionIds: [] }
  const sessions = await db.deleteFrom('sessions').where('guest_id', 'in', guestIds).returning('id').execute()
  return { guestIds, sessionIds: sessions.map((s) => s.id) }
}
