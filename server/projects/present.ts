import type { FollowupFields } from '../../shared/followup/record.ts'
import { readIndicator } from '../../shared/projects/indicators.ts'
import type { EditableFields, ProjectRecord } from '../../shared/projects/record.ts'
import type { ProjectActorLink } from '../actors/repository.ts'
import { readReview } from '../calls/review.ts'
import type { ContractPriority } from '../db/schema.ts'
import { publicationOf } from '../showcase/publication.ts'
import type { ProjectRow } from './tables.ts'

/** Titles of a contract's priority and action, or null when the code is not in the contract. */
export function codeTitles(
  priorities: ContractPriority[],
  priorityCode: string | null,
  actionCode: string | null,
): { priorityTitle: string | null; actionTitle: string | null } {
  const priority = priorityCode ? priorities.find((p) => p.code === priorityCode) : undefined
  const action = priority && actionCode ? priority.actions.find((a) => a.code === actionCode) : undefined
  return { priorityTitle: priority?.title ?? null, actionTitle: action?.title ?? null }
}

function iso(value: Date | string): string {
  return new Date(value).toISOString()
}

/** Euros from stored cents (int8 arrives as a string from postgres.js). */
export function centsToEuros(cents: string | number | null): number | null {
  return cents === null ? null : Number(cents) / 100
}

export function eurosToCents(euros: number | null): number | null {
  return euros === null ? null : Math.round(euros * 100)
}

/** The editable fields of a stored record. */
export function editableOf(row: ProjectRow, links: ProjectActorLink[]): EditableFields {
  const mine = links.filter((l) => l.projectId === row.id)
  const carrier = mine.find((l) => l.role === 'carrier')
  return {
    title: row.title,
    summary: row.summary,
    priorityCode: row.priority_code,
    actionCode: row.action_code,
    objectives: row.objectives,
    expectedOutcomes: row.expected_outcomes,
    budget: centsToEuros(row.budget_cents),
    fundingSources: row.funding_sources,
    scheduleStart: row.schedule_start,
    scheduleEnd: row.schedule_end,
    indicators: row.indicators.map(readIndicator),
    status: row.status,
    carrier: carrier ? { name: carrier.name, type: carrier.type } : null,
    partners: mine
      .filter((l) => l.role === 'partner')
      .sort((a, b) => a.position - b.position)
      .map((l) => ({ name: l.name, type: l.type, role: l.partnerRole })),
    supportNeeded: row.support_needed,
    riskToSecure: row.risk_to_secure,
    evaluation: row.evaluation,
    evaluationWorked: row.evaluation_worked,
    evaluationNotWorked: row.evaluation_not_worked,
    evaluationLessons: row.evaluation_lessons,
  }
}

/** A stored record as the API sends it. */
export function presentProject(
  row: ProjectRow,
  links: ProjectActorLink[],
  priorities: ContractPriority[],
  followup: FollowupFields,
): ProjectRecord {
  return {
    id: row.id,
    councilId: row.council_id,
    workshopId: row.workshop_id,
    contractId: row.contract_id,
    clusterId: row.cluster_id,
    ...editableOf(row, links),
    ...followup,
    ...codeTitles(priorities, row.priority_code, row.action_code),
    provenance: row.provenance,
    editedFields: row.edited_fields,
    clusterMissing: row.cluster_missing,
    needsPriority: row.needs_priority,
    snapshotId: row.snapshot_id,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    review: readReview(row.review),
    ...publicationOf(row),
  }
}
