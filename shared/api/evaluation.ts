import { type Static, Type } from 'typebox'
import { Nullable } from './common.ts'

/**
 * Evaluation: a contract's progress per priority, from the workshops' ideas to evaluated projects
 * (GET /api/contracts/:id/progress). The stages after funding count every record that got there or
 * further: a completed record is also counted funded, an evaluated one completed and funded.
 */
export const PriorityProgress = Type.Object({
  priorityCode: Nullable(
    Type.String({ description: 'null: ideas and records of no priority of the contract' }),
  ),
  priorityTitle: Nullable(Type.String()),
  ideas: Type.Integer({
    description: 'ideas of the contract’s converted workshops (archived at conversion)',
  }),
  candidates: Type.Integer({ description: 'records that are neither applications nor abandoned' }),
  applications: Type.Integer({ description: 'records in status `candidature` (answers to a call)' }),
  funded: Type.Integer({ description: 'funded, in progress, completed or evaluated' }),
  completed: Type.Integer({ description: 'completed or evaluated' }),
  evaluated: Type.Integer(),
  indicatorsWithTarget: Type.Integer({
    description: 'indicators with a target, of funded records and after',
  }),
  indicatorsReached: Type.Integer({ description: 'of those, reached by their latest measure' }),
})

export const ContractProgress = Type.Object({
  contractId: Type.String(),
  priorities: Type.Array(PriorityProgress),
})

export type PriorityProgress = Static<typeof PriorityProgress>
export type ContractProgress = Static<typeof ContractProgress>
