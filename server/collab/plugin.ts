import type { FastifyInstance } from 'fastify'

/** Live collaboration: /collab websocket, rooms, persistence, scale-out, metrics (owner: collab work) */
export async function collabPlugin(_app: FastifyInstance): Promise<void> {}
