import { CloseCode } from '../../shared/collab/close-codes.ts'
import type { AccessRevoked } from '../auth/access-events.ts'
import type { Actor } from '../auth/sessions.ts'
import type { Connection } from './connection.ts'

/** The person behind an actor, for per-person limits. */
export function personKey(actor: Actor): string {
  return actor.kind === 'account' ? `user:${actor.userId}` : `guest:${actor.guestId}`
}

/**
 * Every open connection of this instance, found again when someone's access ends, and the counts per
 * person and per board behind the caps checked before the upgrade. A connection counts from the moment
 * it is admitted, before its upgrade completes, so that many upgrades of one person at once cannot all
 * pass the check before any of them is counted.
 */
export class ConnectionIndex {
  readonly #all = new Set<Connection>()
  readonly #perPerson = new Map<string, number>()
  readonly #perBoard = new Map<string, number>()

  /** Counts a connection of `actor` on `boardId` against the caps; returns its release (idempotent). */
  admit(actor: Actor, boardId: string): () => void {
    const person = personKey(actor)
    bump(this.#perPerson, person, 1)
    bump(this.#perBoard, boardId, 1)
    let released = false
    return () => {
      if (released) return
      released = true
      bump(this.#perPerson, person, -1)
      bump(this.#perBoard, boardId, -1)
    }
  }

  add(connection: Connection): void {
    this.#all.add(connection)
  }

  remove(connection: Connection): void {
    this.#all.delete(connection)
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
