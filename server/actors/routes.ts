import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ActorList } from '../../shared/api/actors.ts'
import { errorResponses } from '../../shared/api/common.ts'
import { requireAccount } from '../auth/session-plugin.ts'
import { listActors } from './list.ts'

/** Actors of a council (registered by projectRoutes: actors exist through project records). */
export async function actorRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  api.get(
    '/api/actors',
    {
      schema: {
        tags: ['actors'],
        summary: 'Actors of the council with the projects each carries or partners, and the mix per priority',
        response: { 200: ActorList, ...errorResponses },
      },
    },
    async (request) => listActors(app.store.db, requireAccount(request).councilId),
  )
}
