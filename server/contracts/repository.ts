import type { Kysely } from 'kysely'
import { json } from '../db/connect.ts'
import type { Contract, ContractPriority, Database } from '../db/schema.ts'

export interface NewContractInput {
  councilId: string
  createdBy: string
  title: string
  territory: string
  period: string
  priorities: ContractPriority[]
}

/** Stores a contract and returns it as read back. */
export async function insertContract(db: Kysely<Database>, contract: NewContractInput): Promise<Contract> {
  return db
    .insertInto('contracts')
    .values({
      id: crypto.randomUUID(),
      council_id: contract.councilId,
      created_by: contract.createdBy,
      title: contract.title,
      territory: contract.territory,
      period: contract.period,
      priorities: json(contract.priorities),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The council's contracts: a query the callers narrow or order. */
function councilContracts(db: Kysely<Database>, councilId: string) {
  return db.selectFrom('contracts').selectAll().where('council_id', '=', councilId)
}

/** The council's contracts, newest first. */
export function listContracts(db: Kysely<Database>, councilId: string): Promise<Contract[]> {
  return councilContracts(db, councilId).orderBy('created_at', 'desc').orderBy('id').execute()
}

/** One contract of the council; undefined for an unknown id or another council's contract. */
export function findContract(
  db: Kysely<Database>,
  councilId: string,
  contractId: string,
): Promise<Contract | undefined> {
  return councilContracts(db, councilId).where('id', '=', contractId).executeTakeFirst()
}

/** Contracts by id (for priority and action titles). */
export function listContractsById(db: Kysely<Database>, contractIds: string[]) {
  if (contractIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('contracts')
    .select(['id', 'title', 'priorities', 'council_id'])
    .where('id', 'in', contractIds)
    .execute()
}
