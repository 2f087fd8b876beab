import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import packageJson from '../../package.json' with { type: 'json' }
import { HealthOk, HealthUnavailable } from '../../shared/api/health.ts'

/** `GET /api/health`: is the store reachable, which engine, is Redis connected, which version. */
export async function healthRoutes(app: FastifyInstance) {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and readiness',
        response: {
          200: HealthOk,
          503: HealthUnavailable,
        },
      },
    },
    async (_request, reply) => {
      const database = app.store.kind
      const redis = app.redisReady()
      try {
        await sql`select 1`.execute(app.store.db)
        return { status: 'ok' as const, database, redis, version: packageJson.version }
      } catch {
        return reply
          .status(503)
          .send({ status: 'unavailable' as const, database, redis, version: packageJson.version })
      }
    },
  )
}
