import type { Kysely } from 'kysely'
import type { ReviewBody } from '../../shared/api/review.ts'
import { fieldErrorMessages, fieldPathLabel } from '../../shared/projects/labels.ts'
import {
  type ActorType,
  type EditableField,
  type EditableFields,
  editableFields,
  normaliseActorName,
  type ProjectRecord,
} from '../../shared/projects/record.ts'
import { validateProject } from '../../shared/projects/validation.ts'
import { listProjectActors, replaceProjectActors, upsertActor } from '../actors/repository.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { reviewChange } from '../calls/review.ts'
import { listContractsById } from '../contracts/repository.ts'
import type { Database } from '../db/schema.ts'
import { conflict, invalidField, notFound } from '../errors.ts'
import { type FollowupPatch, planFollowup } from '../followup/referents.ts'
import { type PublicationPatch, planPublication } from '../showcase/publication.ts'
import { editableOf, eurosToCents } from './present.ts'
import { presentRows } from './records.ts'
import { insertHistory, lockProject, type ProjectColumns, updateProject } from './repository.ts'

/** A person's change to a record: any editable fields, and the version it was made on. */
export type ProjectPatch = Partial<EditableFields> &
  FollowupPatch &
  PublicationPatch & { version: number; review?: ReviewBody }

const columnOf: Partial<Record<EditableField, keyof ProjectColumns>> = {
  title: 'title',
  summary: 'summary',
  priorityCode: 'priority_code',
  actionCode: 'action_code',
  objectives: 'objectives',
  expectedOutcomes: 'expected_outcomes',
  fundingSources: 'funding_sources',
  scheduleStart: 'schedule_start',
  scheduleEnd: 'schedule_end',
  indicators: 'indicators',
  status: 'status',
  supportNeeded: 'support_needed',
  riskToSecure: 'risk_to_secure',
  evaluation: 'evaluation',
  evaluationWorked: 'evaluation_worked',
  evaluationNotWorked: 'evaluation_not_worked',
  evaluationLessons: 'evaluation_lessons',
}

/** Trims text so that "  " is an empty field for the rules, and names compare as people mean them. */
function tidy(patch: ProjectPatch): Partial<EditableFields> {
  const out: Partial<EditableFields> = {}
  for (const field of editableFields) {
    if (!(field in patch) || patch[field] === undefined) continue
    let value: unknown = patch[field]
    if (typeof value === 'string') value = value.trim()
    if (
      (field === 'priorityCode' ||
        field === 'actionCode' ||
        field === 'scheduleStart' ||
        field === 'scheduleEnd') &&
      value === ''
    )
      value = null
    if (field === 'carrier' && value)
      value = { ...(value as object), name: (value as { name: string }).name.trim() }
    if (field === 'partners')
      value = (value as EditableFields['partners']).map((p) => ({
        ...p,
        name: p.name.trim(),
        role: p.role.trim(),
      }))
    if (field === 'indicators')
      value = (value as EditableFields['indicators']).map((i) => ({
        ...i,
        label: i.label.trim(),
        unit: i.unit.trim(),
      }))
    ;(out as any)[field] = value
  }
  return out
}

/**
 * Applies a person's change to a record of their council. The row is locked for the whole check and
 * write, so the version compared is the version replaced: two people saving the same version at once
 * get one success and one 409, never a silent overwrite. The whole merged record is validated (a
 * status change can make other fields required). Every changed field is recorded as edited (conversion
 * will no longer touch it) and in the history.
 */
export async function editProject(
  db: Kysely<Database>,
  actor: AccountActor,
  projectId: string,
  patch: ProjectPatch,
): Promise<ProjectRecord> {
  return db.transaction().execute(async (tx) => {
    const row = await lockProject(tx, projectId)
    if (!row || row.council_id !== actor.councilId) throw notFound('Fiche-projet')
    if (row.version !== patch.version)
      throw conflict(
        `La fiche a été modifiée entre-temps (version ${row.version}, vous aviez la version ${patch.version}) : rechargez-la.`,
        'stale_version',
      )
    const links = await listProjectActors(tx, [row.id])
    const before = editableOf(row, links)
    const changes = tidy(patch)
    const after: EditableFields = { ...before, ...changes }
    // A person who picks an action keeps its priority; one who clears the priority clears the action.
    if (changes.priorityCode === null && !('actionCode' in changes)) after.actionCode = null

    const [contract] = await listContractsById(tx, [row.contract_id])
    const errors = validateProject(after, contract ? { priorities: contract.priorities } : undefined)
    const first = errors[0]
    if (first)
      throw invalidField(
        first.field,
        `${fieldPathLabel(first.field, 'fr')} : ${fieldErrorMessages.fr[first.code]}`,
        first.code,
      )

    // An application's review (calls/review.ts): checked here, written with the other changes.
    const review = await reviewChange(tx, row, actor, patch.review)
    // Referents, next step and support (followup/referents.ts): checked here, written with the rest.
    const followup = await planFollowup(tx, row, patch)
    // Publication on the public showcase (showcase/publication.ts): a switch and the fields shown.
    const publication = planPublication(row, patch)
    const changed = editableFields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    if (changed.length === 0 && !review && followup.changes.length === 0 && publication.changes.length === 0)
      return (await presentRows(tx, [row]))[0]!

    const columns: ProjectColumns = { ...(review ? { review: review.review } : {}), ...publication.columns }
    for (const field of changed) {
      const column = columnOf[field]
      if (column) (columns as any)[column] = after[field]
    }
    if (changed.includes('budget')) columns.budget_cents = eurosToCents(after.budget)
    columns.edited_fields = [...new Set([...row.edited_fields, ...changed])]
    columns.needs_priority = after.priorityCode === null
    await followup.write(tx)
    const updated = await updateProject(tx, row.id, columns)

    if (changed.includes('carrier') || changed.includes('partners')) {
      // Actors are upserted in one order (by normalised name) in every transaction: two records naming
      // the same actors in different orders at once would otherwise lock their rows crosswise and
      // deadlock. The last type given for a name wins, as in upsertActor.
      const named = [...(after.carrier ? [after.carrier] : []), ...after.partners]
      const byName = new Map<string, { name: string; type: ActorType }>()
      for (const actor of named) byName.set(normaliseActorName(actor.name), actor)
      const ids = new Map<string, string>()
      for (const key of [...byName.keys()].sort()) {
        const actor = byName.get(key)!
        ids.set(key, (await upsertActor(tx, row.council_id, actor.name, actor.type)).id)
      }
      const linksToWrite: Parameters<typeof replaceProjectActors>[2] = []
      if (after.carrier) {
        const actorId = ids.get(normaliseActorName(after.carrier.name))!
        linksToWrite.push({ actorId, role: 'carrier', partnerRole: '', position: 0 })
      }
      const seen = new Set<string>()
      for (const [position, partner] of after.partners.entries()) {
        const actorId = ids.get(normaliseActorName(partner.name))!
        // The same partner named twice is one partnership (the primary key would refuse a second).
        if (seen.has(actorId)) continue
        seen.add(actorId)
        linksToWrite.push({ actorId, role: 'partner', partnerRole: partner.role, position })
      }
      await replaceProjectActors(tx, row.id, linksToWrite)
    }

    await insertHistory(tx, [
      ...changed.map((field) => ({
        projectId: row.id,
        userId: actor.userId,
        userName: actor.displayName,
        source: 'edit' as const,
        field,
        oldValue: before[field],
        newValue: after[field],
      })),
      ...(review ? [review.history] : []),
      ...[...followup.changes, ...publication.changes].map((c) => ({
        projectId: row.id,
        userId: actor.userId,
        userName: actor.displayName,
        source: 'edit' as const,
        ...c,
      })),
    ])
    return (await presentRows(tx, [updated]))[0]!
  })
}
