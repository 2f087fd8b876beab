import type { FastifyInstance } from 'fastify'
import { ActorList } from '../../shared/api/actors.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { listActors } from './list.ts'

/** Actors of a council (registered by projectRoutes: actors exist through project records). */
export async function actorRoutes(app: FastifyInstance): Promise<void> {
  const route = signedInRoutes(app, 'actors')
  route.get(
    '/api/actors',
    {
      summary: 'Actors of the council with the projects each carries or partners, and the mix per priority',
      response: { 200: ActorList },
    },
    async (actor) => listActors(app.store.db, actor.councilId),
  )
}
