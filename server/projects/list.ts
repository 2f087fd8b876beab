import type { Kysely } from 'kysely'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { listContractsById } from '../contracts/repository.ts'
import type { Database } from '../db/schema.ts'
import { presentRows } from './records.ts'
import { listCouncilContractIds, listCoveredCodes, listProjects, type ProjectFilters } from './repository.ts'

/** Records per priority of the filtered list (null: records still without a priority). */
export interface PriorityCount {
  contractId: string
  priorityCode: string | null
  priorityTitle: string | null
  count: number
}

/** What a contract still lacks: its priorities and actions that no record (not abandoned) covers. */
export interface Uncovered {
  contractId: string
  contractTitle: string
  priorities: { code: string; title: string }[]
  actions: { priorityCode: string; code: string; title: string }[]
}

export interface ProjectList {
  projects: ProjectRecord[]
  countsByPriority: PriorityCount[]
  uncovered: Uncovered[]
}

/**
 * The council's records matching the filters, with counts per priority and, for the contracts in view
 * (the filtered contract, or every contract of the listed records, or all the council's), what no
 * record covers yet. Coverage counts every record of the contract whatever the other filters: it says
 * what the contract lacks, not what this page shows. An action counts as covered by a record on that
 * action; a priority by any record on it.
 */
export async function listProjectsWithCoverage(
  db: Kysely<Database>,
  councilId: string,
  filters: ProjectFilters,
): Promise<ProjectList> {
  const rows = await listProjects(db, councilId, filters)
  const projects = await presentRows(db, rows)

  const counts = new Map<string, PriorityCount>()
  for (const p of projects) {
    const key = `${p.contractId}|${p.priorityCode ?? ''}`
    const entry = counts.get(key) ?? {
      contractId: p.contractId,
      priorityCode: p.priorityCode,
      priorityTitle: p.priorityTitle,
      count: 0,
    }
    entry.count += 1
    counts.set(key, entry)
  }

  const contractIds = filters.contractId
    ? [filters.contractId]
    : rows.length > 0
      ? [...new Set(rows.map((r) => r.contract_id))]
      : await listCouncilContractIds(db, councilId)
  const contracts = (await listContractsById(db, contractIds)).filter((c) => c.council_id === councilId)
  const covered = await listCoveredCodes(
    db,
    councilId,
    contracts.map((c) => c.id),
  )
  const uncovered: Uncovered[] = contracts.map((contract) => {
    const mine = covered.filter((c) => c.contract_id === contract.id)
    const priorities = new Set(mine.map((c) => c.priority_code))
    const actions = new Set(mine.map((c) => `${c.priority_code}|${c.action_code}`))
    return {
      contractId: contract.id,
      contractTitle: contract.title,
      priorities: contract.priorities
        .filter((p) => !priorities.has(p.code))
        .map((p) => ({ code: p.code, title: p.title })),
      actions: contract.priorities.flatMap((p) =>
        p.actions
          .filter((a) => !actions.has(`${p.code}|${a.code}`))
          .map((a) => ({ priorityCode: p.code, code: a.code, title: a.title })),
      ),
    }
  })

  const countsByPriority = [...counts.values()].sort(
    (a, b) =>
      a.contractId.localeCompare(b.contractId) ||
      (a.priorityCode === null
        ? 1
        : b.priorityCode === null
          ? -1
          : a.priorityCode.localeCompare(b.priorityCode)),
  )
  return { projects, countsByPriority, uncovered }
}
