import type { Kysely } from 'kysely'
import type { FollowupFields, Referent, ReferentInput, SupportKind } from '../../shared/followup/record.ts'
import { supportKinds as kindOrder } from '../../shared/followup/record.ts'
import type { Database } from '../db/schema.ts'
import { invalidField } from '../errors.ts'
import type { ProjectRow } from '../projects/tables.ts'
import {
  listReferents,
  lockActiveMembers,
  lockCouncilActors,
  replaceReferents,
  updateFollowupColumns,
} from './repository.ts'

/** The follow-up part of PATCH /api/projects/:id (shared/api/followup.ts FollowupPatch). */
export interface FollowupPatch {
  referents?: ReferentInput[]
  supportKinds?: SupportKind[]
  smallStructure?: boolean
  nextStep?: string
  nextStepDate?: string | null
}

/** A planned follow-up change: what changed (for the history) and how to write it. */
export interface FollowupChange {
  changes: { field: keyof FollowupFields; oldValue: unknown; newValue: unknown }[]
  write(db: Kysely<Database>): Promise<void>
}

/** The follow-up fields of a stored record. */
export function followupOf(row: ProjectRow, referents: Referent[]): FollowupFields {
  return {
    referents,
    supportKinds: row.support_kinds as SupportKind[],
    smallStructure: row.small_structure,
    nextStep: row.next_step,
    nextStepDate: row.next_step_date,
  }
}

/** Follow-up fields of stored records, their referents read in one query. */
export async function followupOfRows(
  db: Kysely<Database>,
  rows: ProjectRow[],
): Promise<Map<string, FollowupFields>> {
  const referents = await listReferents(
    db,
    rows.map((r) => r.id),
  )
  return new Map(rows.map((row) => [row.id, followupOf(row, referents.get(row.id) ?? [])]))
}

function validDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/**
 * Checks the follow-up part of a change to a record of `councilId` (locked by the caller) and says what
 * it changes. Referents are active members of the council (a removed member is refused) and actors of
 * the council; each at most once. Their rows are locked for share until the transaction ends, so a
 * member's removal or an actor's deletion running at the same time waits and then sees them.
 */
export async function planFollowup(
  tx: Kysely<Database>,
  row: ProjectRow,
  patch: FollowupPatch,
): Promise<FollowupChange> {
  const before = followupOf(row, (await listReferents(tx, [row.id])).get(row.id) ?? [])
  const after: FollowupFields = { ...before }
  if (patch.supportKinds !== undefined)
    after.supportKinds = kindOrder.filter((k) => patch.supportKinds!.includes(k))
  if (patch.smallStructure !== undefined) after.smallStructure = patch.smallStructure
  if (patch.nextStep !== undefined) after.nextStep = patch.nextStep.trim()
  if (patch.nextStepDate !== undefined) {
    if (patch.nextStepDate !== null && !validDate(patch.nextStepDate))
      throw invalidField('nextStepDate', 'Date de la prochaine étape : date invalide.', 'invalid_date')
    after.nextStepDate = patch.nextStepDate
  }
  if (patch.referents !== undefined)
    after.referents = await checkReferents(tx, row.council_id, patch.referents)

  const changes: FollowupChange['changes'] = []
  for (const field of ['referents', 'supportKinds', 'smallStructure', 'nextStep', 'nextStepDate'] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      changes.push({ field, oldValue: historyValue(before, field), newValue: historyValue(after, field) })
  }
  const changed = new Set(changes.map((c) => c.field))
  return {
    changes,
    async write(db) {
      await updateFollowupColumns(db, row.id, {
        supportKinds: changed.has('supportKinds') ? after.supportKinds : undefined,
        smallStructure: changed.has('smallStructure') ? after.smallStructure : undefined,
        nextStep: changed.has('nextStep') ? after.nextStep : undefined,
        nextStepDate: changed.has('nextStepDate') ? after.nextStepDate : undefined,
      })
      if (changed.has('referents')) await replaceReferents(db, row.id, after.referents)
    },
  }
}

/**
 * What the history keeps of a field. Referents are kept as their kinds and roles only: the history
 * outlives people (erasure drops their referent rows, and must find no id or name of theirs elsewhere).
 */
function historyValue(fields: FollowupFields, field: keyof FollowupFields): unknown {
  if (field !== 'referents') return fields[field]
  return fields.referents.map((r) => ({ kind: r.userId ? 'member' : 'actor', role: r.role }))
}

async function checkReferents(
  tx: Kysely<Database>,
  councilId: string,
  input: ReferentInput[],
): Promise<Referent[]> {
  for (const [index, r] of input.entries())
    if ((r.userId === undefined) === (r.actorId === undefined))
      throw invalidField(
        `referents.${index}`,
        'Référent·e : nommez un membre (userId) ou un acteur (actorId), pas les deux.',
        'one_of',
      )
  const userIds = input.flatMap((r) => (r.userId !== undefined ? [r.userId] : []))
  const actorIds = input.flatMap((r) => (r.actorId !== undefined ? [r.actorId] : []))
  const members = await lockActiveMembers(tx, councilId, userIds)
  const actors = await lockCouncilActors(tx, councilId, actorIds)
  const seen = new Set<string>()
  const out: Referent[] = []
  for (const [index, r] of input.entries()) {
    const key = r.userId !== undefined ? `u:${r.userId}` : `a:${r.actorId}`
    if (seen.has(key))
      throw invalidField(
        `referents.${index}`,
        'Référent·e : la même personne est nommée deux fois.',
        'duplicate',
      )
    seen.add(key)
    if (r.userId !== undefined && !members.has(r.userId))
      throw invalidField(
        `referents.${index}.userId`,
        'Référent·e : ce membre n’est pas (ou plus) membre du conseil.',
        'unknown_member',
      )
    if (r.actorId !== undefined && !actors.has(r.actorId))
      throw invalidField(
        `referents.${index}.actorId`,
        'Référent·e : cet acteur n’est pas un acteur du conseil.',
        'unknown_actor',
      )
    out.push({ userId: r.userId ?? null, actorId: r.actorId ?? null, name: '', role: r.role.trim() })
  }
  // Names as the answer gives them (the history keeps kinds and roles; names come from the live rows).
  const names = await namesOf(tx, userIds, actorIds)
  return out.map((r) => ({ ...r, name: names.get(r.userId ?? r.actorId ?? '') ?? '' }))
}

async function namesOf(
  tx: Kysely<Database>,
  userIds: string[],
  actorIds: string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  for (const [table, ids] of [
    ['users', userIds],
    ['actors', actorIds],
  ] as const) {
    if (ids.length === 0) continue
    const rows = await tx
      .selectFrom(table)
      .select((eb) => ['id', eb.ref(nameColumn[table]).as('name')])
      .where('id', 'in', ids)
      .execute()
    for (const row of rows) names.set(row.id, row.name)
  }
  return names
}

/** Where a referent's name is: a member's display name, an actor's name. */
const nameColumn = { users: 'display_name', actors: 'name' } as const
