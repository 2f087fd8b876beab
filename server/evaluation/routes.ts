import type { FastifyInstance } from 'fastify'
import { IdParams } from '../../shared/api/common.ts'
import { ContractProgress } from '../../shared/api/evaluation.ts'
import { councilContract } from '../http/council-lookups.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { progressByPriority } from './progress.ts'
import { countIdeas, progressRecords } from './repository.ts'

/** Evaluation (DESIGN.md, "Evaluation"): a contract's progress per priority, for its council's members. */
export async function evaluationRoutes(app: FastifyInstance): Promise<void> {
  const route = signedInRoutes(app, 'evaluation')

  route.get(
    '/api/contracts/:id/progress',
    {
      summary:
        'Per priority of the contract: ideas, candidate projects, applications, funded, completed, evaluated, indicators reached',
      description:
        'Council members. Funded counts every record funded or further (in progress, completed, ' +
        'evaluated), completed counts evaluated ones too; indicators are those of funded records and ' +
        'after, reached when their latest measure meets the target (shared/projects/indicators.ts). ' +
        'Ideas are those archived at the conversions of the contract’s workshops (not live boards).',
      params: IdParams,
      response: { 200: ContractProgress },
    },
    async (actor, request) => {
      const contract = await councilContract(app.store.db, actor.councilId, request.params.id)
      const [ideas, records] = await Promise.all([
        countIdeas(app.store.db, actor.councilId, contract.id),
        progressRecords(app.store.db, actor.councilId, contract.id),
      ])
      return { contractId: contract.id, priorities: progressByPriority(contract.priorities, ideas, records) }
    },
  )
}
