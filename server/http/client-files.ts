import type { FastifyInstance } from 'fastify'

/** Serves the built client and tldraw assets (owner: client work) */
export async function clientFiles(_app: FastifyInstance): Promise<void> {}
