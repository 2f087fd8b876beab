import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import packageJson from '../../package.json' with { type: 'json' }

/** `GET /api/health`: is the store reachable, which engine, is Redis connected, which version. */
export async function healthRoutes(app: FastifyInstance) {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and readiness',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
            redis: Type.Boolean(),
            version: Type.String(),
          }),
          503: Type.Object({
            status: Type.Literal('unavailable'),
            database: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
            redis: Type.Boolean(),
            version: Type.String(),
          }),
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
