import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type BoardAccess, resolveBoardAccess } from '../auth/board-access.ts'
import { requireActor } from '../auth/session-plugin.ts'
import type { UpdateSender } from '../collab/validation.ts'
import { forbidden, HttpError, notFound, unavailable } from '../errors.ts'

/** The requester's access to the board, or the matching 401/403/404. */
export async function boardAccess(
  app: FastifyInstance,
  request: FastifyRequest,
  boardId: string,
): Promise<BoardAccess> {
  const actor = requireActor(request)
  const result = await resolveBoardAccess(app.store.db, actor, boardId)
  if (result === 'not_found') throw notFound('Tableau')
  if (result === 'forbidden') throw forbidden('Vous ne participez pas à cet atelier.')
  return result
}

/** The person a request speaks for on the board, as the live review knows senders. */
export function senderOf(request: FastifyRequest, who: BoardAccess): UpdateSender {
  return { actorId: who.actorId, role: who.role, displayName: requireActor(request).displayName }
}

/** Live boards fail to load only when the store is down or the board is corrupt: 503, not 500. */
export async function liveOr503<T>(app: FastifyInstance, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof HttpError) throw error
    app.log.error({ err: error }, 'live board unavailable')
    throw unavailable('Tableau momentanément indisponible : réessayez dans un instant.')
  }
}
