import { CloseCode } from '../../shared/collab/close-codes.ts'
import type { AccessRevoked } from '../auth/access-events.ts'
import type { Actor } from '../auth/sessions.ts'
import type { Connection } from './connection.ts'

/** The person behind an actor, for per-person limits. */
export function personKey(actor: Actor): string {
  return actor.kind === 'account' ? `user:${actor.userId}` : `guest:${actor.guestId}`
}

/**
 * Every open connection of this instance, counted per person and per board (for the caps checked before
 * the upgrade), and found again when someone's access ends.
 */
export class ConnectionIndex {
  readonly #all = new Set<Connection>()
  readonly #perPerson = new Map<string, number>()
  readonly #perBoard = new Map<string, number>()

  add(connection: Connection, boardId: string): void {
    this.#all.add(connection)
    bump(this.#perPerson, personKey(connection.actor), 1)
    bump(this.#perBoard, boardId, 1)
  }

  remove(connection: Connection, boardId: string): void {
    if (!this.#all.delete(connection)) return
    bump(this.#perPerson, personKey(connection.actor), -1)
    bump(this.#perBoard, boardId, -1)
  }

  countForPerson(actor: Actor): number {
    return this.#perPerson.get(personKey(actor)) ?? 0
  }

  countForBoard(boardId: string): number {
    return this.#perBoard.get(boardId) ?? 0
  }

  get size(): number {
    return this.#all.size
  }

  /** Closes the connections an access revocation is about. */
  revoke(event: AccessRevoked): void {
    const sessions = new Set(event.sessionIds ?? [])
    const guests = new Set(event.guestIds ?? [])
    for (const connection of [...this.#all]) {
      const actor = connection.actor
      if (sessions.has(actor.sessionId)) {
        connection.close(CloseCode.sessionEnded, 'session ended')
      } else if (actor.kind === 'guest' && guests.has(actor.guestId)) {
        connection.close(CloseCode.accessRevoked, 'access revoked')
      } else if (
        actor.kind === 'account' &&
        event.userId === actor.userId &&
        (event.workshopId === undefined || event.workshopId === connection.workshopId)
      ) {
        connection.close(CloseCode.accessRevoked, 'access revoked')
      }
    }
  }

  /** One heartbeat for every connection (see Connection.heartbeat). */
  heartbeat(): void {
    for (const connection of [...this.#all]) connection.heartbeat()
  }

  /** Closes every connection (shutdown). */
  closeAll(code: number, reason: string): void {
    for (const connection of [...this.#all]) connection.close(code, reason)
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by
  if (next <= 0) map.delete(key)
  else map.set(key, next)
}
