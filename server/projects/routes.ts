import type { FastifyInstance } from 'fastify'

/** Project records (fiches-projets): conversion, editing, exports (owner: projects work) */
export async function projectRoutes(_app: FastifyInstance): Promise<void> {}
