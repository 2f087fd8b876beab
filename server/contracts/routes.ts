import type { FastifyInstance } from 'fastify'

/** Contracts of a council: priorities and fiches-actions (owner: contracts work) */
export async function contractRoutes(_app: FastifyInstance): Promise<void> {}
