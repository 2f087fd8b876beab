import type { PriorityProgress } from '../../shared/api/evaluation.ts'
import { countReached, readIndicator } from '../../shared/projects/indicators.ts'
import type { ProjectStatus } from '../../shared/projects/record.ts'
import type { ContractPriority } from '../db/schema.ts'

/** A record as the progress counts it. */
export interface ProgressRecord {
  priorityCode: string | null
  status: ProjectStatus
  indicators: unknown[]
}

const fundedOrLater: ReadonlySet<ProjectStatus> = new Set(['funded', 'in_progress', 'completed', 'evaluated'])
const completedOrLater: ReadonlySet<ProjectStatus> = new Set(['completed', 'evaluated'])

/**
 * The contract's progress, one row per priority in the contract's order, then one row (code null) for
 * ideas and records of no priority of the contract when there are any. See shared/api/evaluation.ts
 * for what each count holds.
 */
export function progressByPriority(
  priorities: ContractPriority[],
  ideasByPriority: Map<string | null, number>,
  records: ProgressRecord[],
): PriorityProgress[] {
  const known = new Set(priorities.map((p) => p.code))
  const rows = new Map<string | null, PriorityProgress>()
  const row = (code: string | null, title: string | null) => {
    const empty = {
      priorityCode: code,
      priorityTitle: title,
      ideas: 0,
      candidates: 0,
      applications: 0,
      funded: 0,
      completed: 0,
      evaluated: 0,
      indicatorsWithTarget: 0,
      indicatorsReached: 0,
    }
    rows.set(code, empty)
    return empty
  }
  for (const p of priorities) row(p.code, p.title)
  const of = (code: string | null) => {
    const key = code !== null && known.has(code) ? code : null
    return rows.get(key) ?? row(null, null)
  }

  for (const [code, count] of ideasByPriority) of(code).ideas += count
  for (const record of records) {
    const counts = of(record.priorityCode)
    if (record.status === 'candidature') counts.applications += 1
    else if (record.status !== 'abandoned') counts.candidates += 1
    if (!fundedOrLater.has(record.status)) continue
    counts.funded += 1
    if (completedOrLater.has(record.status)) counts.completed += 1
    if (record.status === 'evaluated') counts.evaluated += 1
    const { withTarget, reached } = countReached(record.indicators.map(readIndicator))
    counts.indicatorsWithTarget += withTarget
    counts.indicatorsReached += reached
  }
  // The row of no priority goes last.
  const none = rows.get(null)
  rows.delete(null)
  return [...rows.values(), ...(none ? [none] : [])]
}
