import type { Static } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { ContractInput } from '../../shared/api/contracts.ts'
import type { Contract, ContractPriority, Database } from '../db/schema.ts'
import { badRequest } from '../errors.ts'
import { insertContract } from './repository.ts'

/**
 * Checks and stores a contract for the account's council. The schema has already bounded every size;
 * here come the rules a schema cannot say: priority codes are unique, and so are action codes across the
 * whole contract (project records and zones name an action by its code alone).
 */
export async function createContract(
  db: Kysely<Database>,
  author: { userId: string; councilId: string },
  input: Static<typeof ContractInput>,
): Promise<Contract> {
  const priorities = normalizePriorities(input.priorities)
  return insertContract(db, {
    councilId: author.councilId,
    createdBy: author.userId,
    title: input.title.trim(),
    territory: input.territory.trim(),
    period: input.period.trim(),
    priorities,
  })
}

/**
 * Keeps only the known fields (an imported file may carry others) with trimmed text, and refuses
 * duplicate codes, naming the first one found.
 */
export function normalizePriorities(
  priorities: Static<typeof ContractInput>['priorities'],
): ContractPriority[] {
  const priorityCodes = new Set<string>()
  const actionCodes = new Set<string>()
  return priorities.map((priority) => {
    if (priorityCodes.has(priority.code))
      throw badRequest(`Code de priorité en double : ${priority.code}`, 'duplicate_code', {
        code: priority.code,
      })
    priorityCodes.add(priority.code)
    return {
      code: priority.code,
      title: priority.title.trim(),
      ...describe(priority.description),
      actions: priority.actions.map((action) => {
        if (actionCodes.has(action.code))
          throw badRequest(`Code de fiche-action en double : ${action.code}`, 'duplicate_code', {
            code: action.code,
          })
        actionCodes.add(action.code)
        return { code: action.code, title: action.title.trim(), ...describe(action.description) }
      }),
    }
  })
}

function describe(description: string | undefined): { description?: string } {
  const text = description?.trim()
  return text ? { description: text } : {}
}

/** A contract as the API shows it. */
export function presentContract(contract: Contract) {
  return {
    id: contract.id,
    title: contract.title,
    territory: contract.territory,
    period: contract.period,
    priorities: contract.priorities,
    createdBy: contract.created_by,
    createdAt: new Date(contract.created_at).toISOString(),
  }
}
