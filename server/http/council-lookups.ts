import type { Kysely } from 'kysely'
import { findCall } from '../calls/repository.ts'
import type { CallRow } from '../calls/tables.ts'
import { findContract } from '../contracts/repository.ts'
import type { Database } from '../db/schema.ts'
import { notFound } from '../errors.ts'

/**
 * What a route loads by id for a council member: the council's own row, or 404 (another council's row
 * is as unknown as a missing one, so an id tells nothing about other councils).
 */

/** The council's contract, or 404. */
export async function councilContract(db: Kysely<Database>, councilId: string, contractId: string) {
  const contract = await findContract(db, councilId, contractId)
  if (!contract) throw notFound('Contrat')
  return contract
}

/** The council's call for projects or for expressions of interest, or 404. */
export async function councilCall(db: Kysely<Database>, councilId: string, callId: string): Promise<CallRow> {
  const call = await findCall(db, callId)
  if (!call || call.council_id !== councilId) throw notFound('Appel')
  return call
}
