import type { FastifyInstance } from 'fastify'

/** Board REST routes: ideas posted over HTTP and snapshots (owner: board schema work) */
export async function boardRoutes(_app: FastifyInstance): Promise<void> {}
