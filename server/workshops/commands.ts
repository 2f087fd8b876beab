import type { Static } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { CreateWorkshopInput, PatchWorkshopInput } from '../../shared/api/workshops.ts'
import { formatCode } from '../../shared/workshop/join-code.ts'
import { defaultLiveState, liveStateOfRow, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { storeInitialSnapshot } from '../collab/board-store.ts'
import type { Database, GuestRole } from '../db/schema.ts'
import { conflict, forbidden, notFound } from '../errors.ts'
import { councilContract } from '../http/council-lookups.ts'
import { generateCode } from './codes.ts'
import { applyWorkshopPatch } from './live-state.ts'
import {
  addFacilitator,
  codeInUse,
  countFacilitators,
  endGuestSessionsByCode,
  findCouncilMember,
  findWorkshop,
  insertWorkshop,
  isFacilitator,
  listFacilitators,
  lockWorkshop,
  type NewWorkshop,
  removeFacilitator,
  saveLiveState,
  setWorkshopCode,
  type WorkshopRecord,
} from './repository.ts'
import { resolveStartZones } from './start-zones.ts'

/**
 * A code no workshop uses yet, in either column. The unique indexes catch a clash within one column at
 * insert time; this check also keeps a join code from equalling another workshop's observer code. With
 * 8.5 × 10^11 codes a second round is already a one-in-a-billion event.
 */
export async function newUnusedCode(db: Kysely<Database>): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const code = generateCode()
    if (!(await codeInUse(db, code))) return code
  }
  throw new Error('could not draw an unused workshop code in 5 attempts')
}

const isCodeClash = (error: unknown) =>
  /workshops_(join|observer)_code_key/.test(String((error as Error)?.message))

/**
 * Creates a workshop from one of the council's contracts: the workshop row with its start zones and
 * default live state, its board row (no snapshot yet: the collaboration server lays the board out from
 * the start zones when it first loads it), and the creator as its first facilitator.
 */
export async function createWorkshop(
  db: Kysely<Database>,
  actor: AccountActor,
  input: Static<typeof CreateWorkshopInput>,
): Promise<string> {
  const contract = await councilContract(db, actor.councilId, input.contractId)
  return insertNewWorkshop(db, {
    councilId: actor.councilId,
    contractId: contract.id,
    title: input.title,
    createdBy: actor.userId,
    startZones: resolveStartZones(contract.priorities, input),
    // Anonymity is chosen here once: no PATCH field changes it afterwards.
    state: { ...defaultLiveState, anonymous: input.anonymous === true },
  })
}

/** A workshop to store, with fresh codes: its rows, and its board's first document when given. */
export interface NewWorkshopStart extends Omit<NewWorkshop, 'joinCode' | 'observerCode'> {
  /** The board's first document (a template's board); without it the board is laid out at first load. */
  initialBoard?: () => Uint8Array
}

/** Stores a new workshop under two unused codes (drawn again on a clash); returns its id. */
export async function insertNewWorkshop(db: Kysely<Database>, start: NewWorkshopStart): Promise<string> {
  const { initialBoard, ...workshop } = start
  for (let attempt = 0; ; attempt += 1) {
    const joinCode = await newUnusedCode(db)
    let observerCode = await newUnusedCode(db)
    while (observerCode === joinCode) observerCode = await newUnusedCode(db)
    try {
      const { workshopId } = await db.transaction().execute(async (tx) => {
        const ids = await insertWorkshop(tx, {
          ...workshop,
          title: workshop.title.trim(),
          joinCode,
          observerCode,
        })
        if (initialBoard) await storeInitialSnapshot(tx, ids.boardId, initialBoard)
        return ids
      })
      return workshopId
    } catch (error) {
      // Another workshop took the same code between the check and the insert: draw again.
      if (attempt < 2 && isCodeClash(error)) continue
      throw error
    }
  }
}

/** The council's workshop, or a 404 (another council's workshop is as unknown as a missing one). */
export async function councilWorkshop(
  db: Kysely<Database>,
  actor: AccountActor,
  workshopId: string,
): Promise<WorkshopRecord> {
  const workshop = await findWorkshop(db, workshopId)
  if (!workshop || workshop.council_id !== actor.councilId) throw notFound('Atelier')
  return workshop
}

/** The council's workshop that `actor` facilitates: 404 outside the council, 403 for other members. */
export async function facilitatedWorkshop(
  db: Kysely<Database>,
  actor: AccountActor,
  workshopId: string,
): Promise<WorkshopRecord> {
  const workshop = await councilWorkshop(db, actor, workshopId)
  if (!(await isFacilitator(db, workshopId, actor.userId)))
    throw forbidden("Réservé aux animateurs et animatrices de l'atelier.")
  return workshop
}

type Facilitators = Awaited<ReturnType<typeof listFacilitators>>

/** A workshop as council members see it. */
export function presentWorkshop(
  workshop: WorkshopRecord,
  facilitators: Facilitators,
  viewerId: string,
  options: { withPriorities: boolean },
) {
  const own = facilitators
    .filter((f) => f.workshopId === workshop.id)
    .map((f) => ({ userId: f.userId, displayName: f.displayName }))
  const facilitates = own.some((f) => f.userId === viewerId)
  return {
    id: workshop.id,
    boardId: workshop.board_id,
    title: workshop.title,
    contractId: workshop.contract_id,
    contractTitle: workshop.contract_title,
    phase: workshop.phase,
    locked: workshop.locked,
    joinCode: workshop.join_code ? formatCode(workshop.join_code) : '',
    observerCode: workshop.observer_code ? formatCode(workshop.observer_code) : '',
    startZones: workshop.start_zones,
    facilitators: own,
    isFacilitator: facilitates,
    role: facilitates ? ('facilitator' as const) : ('member' as const),
    state: liveStateOfRow(workshop),
    ...(options.withPriorities ? { priorities: workshop.contract_priorities } : {}),
    createdAt: new Date(workshop.created_at).toISOString(),
    closedAt: workshop.closed_at ? new Date(workshop.closed_at).toISOString() : null,
  }
}

/** One workshop, as the account `viewerId` sees it, with its contract's priorities. */
export async function workshopView(db: Kysely<Database>, workshopId: string, viewerId: string) {
  const workshop = await findWorkshop(db, workshopId)
  if (!workshop) throw notFound('Atelier')
  return presentWorkshop(workshop, await listFacilitators(db, [workshopId]), viewerId, {
    withPriorities: true,
  })
}

/** A workshop as one of its guests sees it: what the board page needs, and no codes. */
export function presentGuestWorkshop(workshop: WorkshopRecord, role: GuestRole) {
  return {
    id: workshop.id,
    boardId: workshop.board_id,
    title: workshop.title,
    phase: workshop.phase,
    locked: workshop.locked,
    role,
    priorities: workshop.contract_priorities.map((p) => ({
      code: p.code,
      title: p.title,
      actions: p.actions.map((a) => ({ code: a.code, title: a.title })),
    })),
  }
}

/**
 * Applies a facilitator's request to the stored live state under the row lock and returns the new state.
 * `closed_at` is set when the phase becomes closed and cleared if the workshop reopens.
 */
export async function updateLiveState(
  db: Kysely<Database>,
  actor: AccountActor,
  workshopId: string,
  patch: Static<typeof PatchWorkshopInput>,
  now = Date.now(),
): Promise<WorkshopLiveState> {
  return db.transaction().execute(async (tx) => {
    const row = await lockWorkshop(tx, workshopId)
    if (!row) throw notFound('Atelier')
    const next = applyWorkshopPatch(liveStateOfRow(row), patch, actor, now)
    const closedAt =
      next.phase === 'closed'
        ? row.phase === 'closed' && row.closed_at
          ? row.closed_at
          : new Date(now)
        : null
    await saveLiveState(tx, workshopId, next, closedAt)
    return next
  })
}

/** Makes a member of the workshop's council a co-facilitator (the councils run workshops in pairs). */
export async function addCoFacilitator(db: Kysely<Database>, workshop: WorkshopRecord, userId: string) {
  const member = await findCouncilMember(db, workshop.council_id, userId)
  if (!member) throw notFound('Membre du conseil')
  await addFacilitator(db, workshop.id, userId)
}

/**
 * Removes a facilitator, never the last one. The count and the delete run under the workshop's row lock,
 * so two facilitators removing each other at once cannot leave the workshop with none.
 */
export async function removeCoFacilitator(db: Kysely<Database>, workshopId: string, userId: string) {
  await db.transaction().execute(async (tx) => {
    await lockWorkshop(tx, workshopId)
    if (!(await isFacilitator(tx, workshopId, userId))) throw notFound('Animateur ou animatrice')
    if ((await countFacilitators(tx, workshopId)) <= 1)
      throw conflict('Un atelier garde au moins un animateur ou une animatrice.', 'last_facilitator')
    await removeFacilitator(tx, workshopId, userId)
  })
}

/**
 * Replaces a join or observer code and ends the sessions of the guests who came in with the old one.
 * Returns the new codes (stored form) and who lost access, for the caller to tell live connections.
 */
export async function revokeCode(db: Kysely<Database>, workshopId: string, kind: 'join' | 'observer') {
  const fresh = await newUnusedCode(db)
  return db.transaction().execute(async (tx) => {
    const row = await lockWorkshop(tx, workshopId)
    if (!row) throw notFound('Atelier')
    const old = kind === 'join' ? row.join_code : row.observer_code
    await setWorkshopCode(tx, workshopId, kind, fresh)
    const ended = old ? await endGuestSessionsByCode(tx, workshopId, old) : { guestIds: [], sessionIds: [] }
    return {
      joinCode: kind === 'join' ? fresh : (row.join_code ?? ''),
      observerCode: kind === 'observer' ? fresh : (row.observer_code ?? ''),
      ...ended,
    }
  })
}
