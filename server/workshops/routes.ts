import type { FastifyInstance } from 'fastify'

/** Workshops, their facilitators, join codes and POST /api/join (owner: workshops work) */
export async function workshopRoutes(_app: FastifyInstance): Promise<void> {}
