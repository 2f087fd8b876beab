import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { errorResponses, IdParams } from '../../shared/api/common.ts'
import { Contract, ContractInput } from '../../shared/api/contracts.ts'
import { requireAccount } from '../auth/session-plugin.ts'
import { councilContract } from '../http/council-lookups.ts'
import { createContract, presentContract } from './commands.ts'
import { listContracts } from './repository.ts'

/** Contracts of a council: priorities and fiches-actions. Accounts only; other councils see nothing. */
export async function contractRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()

  api.post(
    '/api/contracts',
    {
      schema: {
        tags: ['contracts'],
        summary: "Create a contract for the account's council (a JSON file shaped like the example works)",
        body: ContractInput,
        response: { 201: Contract, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireAccount(request)
      const contract = await createContract(app.store.db, actor, request.body)
      reply.status(201)
      return presentContract(contract)
    },
  )

  api.get(
    '/api/contracts',
    {
      schema: {
        tags: ['contracts'],
        summary: "The account's council's contracts, newest first",
        response: { 200: Type.Array(Contract), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireAccount(request)
      const contracts = await listContracts(app.store.db, actor.councilId)
      return contracts.map(presentContract)
    },
  )

  api.get(
    '/api/contracts/:id',
    {
      schema: {
        tags: ['contracts'],
        summary: "One of the council's contracts",
        params: IdParams,
        response: { 200: Contract, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireAccount(request)
      return presentContract(await councilContract(app.store.db, actor.councilId, request.params.id))
    },
  )
}
