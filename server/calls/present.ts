import type { ApplicationSummary, Call, CarrierApplication, PublicCall } from '../../shared/api/calls.ts'
import type { ProjectActorLink } from '../actors/repository.ts'
import type { ProjectRow } from '../projects/tables.ts'
import { callState } from './checks.ts'
import { type PublicCallRow, readStoredApplication } from './repository.ts'
import { readReview } from './review.ts'
import { weightedScore } from './score.ts'
import type { CallRow } from './tables.ts'

/** Rows as the API answers: the council's view, the public view, the carrier's and the list lines. */

const iso = (d: Date | string) => new Date(d).toISOString()

export function presentCall(row: CallRow, contractTitle: string, applicationCount: number): Call {
  return {
    id: row.id,
    contractId: row.contract_id,
    contractTitle,
    title: row.title,
    description: row.description,
    kind: row.kind,
    priorityCodes: row.priority_codes,
    actionCodes: row.action_codes,
    opensAt: iso(row.opens_at),
    closesAt: iso(row.closes_at),
    questions: row.questions,
    criteria: row.criteria,
    state: callState(row),
    applicationCount,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

/** What anyone may read of a call: never its review grid, author or applications. */
export function presentPublicCall(row: PublicCallRow): PublicCall {
  const priorities = row.contract_priorities.filter((p) => row.priority_codes.includes(p.code))
  const actions = priorities.flatMap((p) => p.actions).filter((a) => row.action_codes.includes(a.code))
  return {
    id: row.id,
    councilName: row.council_name,
    councilSlug: row.council_slug,
    contractTitle: row.contract_title,
    title: row.title,
    description: row.description,
    kind: row.kind,
    priorities: priorities.map((p) => ({ code: p.code, title: p.title })),
    actions: actions.map((a) => ({ code: a.code, title: a.title })),
    opensAt: iso(row.opens_at),
    closesAt: iso(row.closes_at),
    state: callState(row),
    questions: row.questions,
  }
}

const euros = (cents: number | string | null) => (cents === null ? null : Number(cents) / 100)

export function presentCarrierApplication(
  row: ProjectRow,
  call: PublicCallRow,
  carrier: ProjectActorLink | undefined,
): CarrierApplication {
  const application = readStoredApplication(row.application, row.created_at)
  return {
    id: row.id,
    call: presentPublicCall(call),
    carrier: {
      name: carrier?.name ?? '',
      kind: carrier?.type ?? application.carrierKind,
      email: application.contact.email,
    },
    title: row.title,
    summary: row.summary,
    answers: application.answers,
    budget: euros(row.budget_cents),
    priorityCode: row.priority_code,
    submittedAt: application.submittedAt,
    updatedAt: application.updatedAt,
    editable: callState(call) === 'open',
  }
}

/** One line of a call's applications; score and decision from the review (calls/review.ts, score.ts). */
export function presentApplicationSummary(
  row: ProjectRow,
  call: CallRow,
  carrier: ProjectActorLink | undefined,
): ApplicationSummary {
  const application = readStoredApplication(row.application, row.created_at)
  const review = readReview(row.review)
  const score = weightedScore(call.criteria, review?.scores)
  return {
    projectId: row.id,
    title: row.title,
    carrier: {
      name: carrier?.name ?? '',
      kind: carrier?.type ?? application.carrierKind,
      email: application.contact.email,
    },
    priorityCode: row.priority_code,
    budget: euros(row.budget_cents),
    status: row.status,
    submittedAt: application.submittedAt,
    ...(score === null ? {} : { score }),
    ...(review?.decision ? { decision: review.decision } : {}),
  }
}
