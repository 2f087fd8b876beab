import type { Kysely } from 'kysely'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { listProjectActors } from '../actors/repository.ts'
import { listContractsById } from '../contracts/repository.ts'
import type { ContractPriority, Database } from '../db/schema.ts'
import { followupOfRows } from '../followup/referents.ts'
import { presentProject } from './present.ts'
import type { ProjectRow } from './tables.ts'

/** Stored rows as API records, with their actors, referents and their contract's titles (four queries in all). */
export async function presentRows(db: Kysely<Database>, rows: ProjectRow[]): Promise<ProjectRecord[]> {
  if (rows.length === 0) return []
  const links = await listProjectActors(
    db,
    rows.map((r) => r.id),
  )
  const contracts = await listContractsById(db, [...new Set(rows.map((r) => r.contract_id))])
  const priorities = new Map<string, ContractPriority[]>(contracts.map((c) => [c.id, c.priorities]))
  const followup = await followupOfRows(db, rows)
  return rows.map((row) =>
    presentProject(row, links, priorities.get(row.contract_id) ?? [], followup.get(row.id)!),
  )
}
