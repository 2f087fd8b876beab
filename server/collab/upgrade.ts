import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { isSameOrigin } from '../auth/session-plugin.ts'
import type { Actor } from '../auth/sessions.ts'
import type { Database } from '../db/schema.ts'
import { foreignOrigin, HttpError, unauthorized } from '../errors.ts'
import { Connection } from './connection.ts'
import { type ConnectionCaps, capRefusal } from './connection-caps.ts'
import type { ConnectionIndex } from './connection-index.ts'
import type { CollabMetrics } from './metrics.ts'
import type { Sender } from './room.ts'
import { type LoadFailure, RoomLoadError, type Rooms } from './rooms.ts'

/** Who may open a board, and as what. Throws 404 (unknown board) or 403 (not a member). */
export type BoardAccessResolver = (
  db: Kysely<Database>,
  actor: Actor,
  boardId: string,
) => Promise<{ workshopId: string; role: Sender['role'] }>

interface Admitted {
  actor: Actor
  workshopId: string
  sender: Sender
  /** Frees its place under the caps (also called when its socket closes). */
  release: () => void
}

const admitted = new WeakMap<FastifyRequest, Admitted>()

const closeForFailure: Record<LoadFailure, { code: number; reason: string }> = {
  not_found: { code: CloseCode.boardNotFound, reason: 'board not found' },
  corrupt: { code: CloseCode.boardUnavailable, reason: 'board data is corrupt; the team has been alerted' },
  unavailable: { code: CloseCode.boardUnavailable, reason: 'board unavailable, retrying' },
}

/**
 * GET /collab/:boardId, upgraded to a y-websocket connection. Everything that can refuse is checked
 * before the 101 answer, as plain HTTP errors the browser can see: 401 without a valid session, 403
 * for a foreign Origin (a websocket is not covered by CORS, so a page on another site could otherwise
 * open one with the user's cookie) or a non-member, 404 for an unknown board, 429 over the caps, 426
 * for a plain HTTP request.
 */
export function registerCollabRoute(
  app: FastifyInstance,
  deps: {
    rooms: Rooms
    index: ConnectionIndex
    caps: ConnectionCaps
    metrics: CollabMetrics
    resolveAccess: BoardAccessResolver
  },
): void {
  app.get(
    '/collab/:boardId',
    {
      websocket: true,
      schema: { params: Type.Object({ boardId: Type.String({ minLength: 1, maxLength: 100 }) }) },
      preHandler: async (request) => {
        if (!request.ws)
          throw new HttpError(426, 'upgrade_required', 'Cette adresse attend une connexion websocket.')
        const actor = request.actor
        if (!actor) throw unauthorized()
        if (!isSameOrigin(request, app.config.publicOrigins)) throw foreignOrigin()
        const { boardId } = request.params as { boardId: string }
        const access = await deps.resolveAccess(app.store.db, actor, boardId)
        // From here to `admit`, nothing awaits: the check and the count are one step.
        const admission = {
          actor,
          boardId,
          address: request.ip,
          observer: actor.kind === 'guest' && actor.role === 'observer',
        }
        const refusal = capRefusal(deps.index, deps.caps, {
          ...admission,
          facilitator: access.role === 'facilitator',
        })
        if (refusal) throw new HttpError(429, 'too_many_connections', refusal)
        const release = deps.index.admit(admission)
        // Counted until its socket closes, whether the upgrade completes or not.
        request.raw.socket.once('close', release)
        admitted.set(request, {
          release,
          actor,
          workshopId: access.workshopId,
          sender: {
            role: access.role,
            actorId: actor.kind === 'account' ? actor.userId : actor.guestId,
            displayName: actor.displayName,
          },
        })
      },
    },
    (socket, request) => {
      const entry = admitted.get(request)
      if (!entry) {
        socket.close(CloseCode.sessionEnded, 'not admitted')
        return
      }
      const { boardId } = request.params as { boardId: string }
      const log = request.log.child({ boardId })
      const connection = new Connection(
        socket,
        entry.actor,
        boardId,
        entry.workshopId,
        entry.sender,
        deps.metrics,
        log,
        // The TCP socket the upgrade handed to ws, for frames built once for a whole room.
        request.raw.socket,
      )
      deps.index.add(connection)
      let held: Awaited<ReturnType<Rooms['acquire']>> | null = null
      connection.onClose = () => {
        entry.release()
        deps.index.remove(connection)
        if (held) deps.rooms.release(held)
      }
      deps.rooms.acquire(boardId).then(
        (room) => {
          // The socket may have closed while the board loaded: give the room back at once.
          if (connection.socket.readyState !== connection.socket.OPEN) {
            deps.rooms.release(room)
            return
          }
          // Deleted between the load and now (rooms.discard): nothing to join.
          if (room.destroyed) {
            connection.close(CloseCode.boardDeleted, 'board deleted')
            return
          }
          held = room
          connection.attach(room)
        },
        (error: unknown) => {
          const failure =
            error instanceof RoomLoadError ? closeForFailure[error.reason] : closeForFailure.unavailable
          connection.close(failure.code, failure.reason)
        },
      )
    },
  )
}
