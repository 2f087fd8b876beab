import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { ProgressRecord } from './progress.ts'

/**
 * Ideas of a contract's converted workshops, per priority code. An idea brought onto a later board
 * (`carried_to`) is counted once, where it went: the later conversion archives it again.
 */
export async function countIdeas(
  db: Kysely<Database>,
  councilId: string,
  contractId: string,
): Promise<Map<string | null, number>> {
  const rows = await db
    .selectFrom('archived_ideas')
    .select(['priority_code', sql<string | number>`count(*)`.as('count')])
    .where('council_id', '=', councilId)
    .where('contract_id', '=', contractId)
    .where('carried_to', 'is', null)
    .groupBy('priority_code')
    .execute()
  return new Map(rows.map((r) => [r.priority_code, Number(r.count)]))
}

/** The records of a contract, as the progress counts them. */
export async function progressRecords(
  db: Kysely<Database>,
  councilId: string,
  contractId: string,
): Promise<ProgressRecord[]> {
  const rows = await db
    .selectFrom('projects')
    .select(['priority_code', 'status', 'indicators'])
    .where('council_id', '=', councilId)
    .where('contract_id', '=', contractId)
    .execute()
  return rows.map((r) => ({ priorityCode: r.priority_code, status: r.status, indicators: r.indicators }))
}
