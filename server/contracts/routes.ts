import { Type } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { IdParams } from '../../shared/api/common.ts'
import { Contract, ContractInput } from '../../shared/api/contracts.ts'
import { councilContract } from '../http/council-lookups.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { createContract, presentContract } from './commands.ts'
import { listContracts } from './repository.ts'

/** Contracts of a council: priorities and fiches-actions. Accounts only; other councils see nothing. */
export async function contractRoutes(app: FastifyInstance): Promise<void> {
  const route = signedInRoutes(app, 'contracts')

  route.post(
    '/api/contracts',
    {
      summary: "Create a contract for the account's council (a JSON file shaped like the example works)",
      body: ContractInput,
      response: { 201: Contract },
    },
    async (actor, request, reply) => {
      const contract = await createContract(app.store.db, actor, request.body)
      reply.status(201)
      return presentContract(contract)
    },
  )

  route.get(
    '/api/contracts',
    { summary: "The account's council's contracts, newest first", response: { 200: Type.Array(Contract) } },
    async (actor) => {
      const contracts = await listContracts(app.store.db, actor.councilId)
      return contracts.map(presentContract)
    },
  )

  route.get(
    '/api/contracts/:id',
    { summary: "One of the council's contracts", params: IdParams, response: { 200: Contract } },
    async (actor, request) =>
      presentContract(await councilContract(app.store.db, actor.councilId, request.params.id)),
  )
}
