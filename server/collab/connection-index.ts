import { CloseCode } from '../../shared/collab/close-codes.ts'
import type { AccessRevoked } from '../auth/access-events.ts'
import type { Actor } from '../auth/sessions.ts'
import type { Connection } from './connection.ts'

/** The person behind an actor, for per-person limits. */
export function personKey(actor: Actor): string {
  return actor.kind === 'account' ? `user:${actor.userId}` : `guest:${actor.guestId}`
}

/** Who is asking for a connection, as the caps see it (connection-caps.ts). */
export interface Admission {
  actor: Actor
  boardId: string
  /** The client's address (request.ip, after TRUST_PROXY). */
  address: string
  /** Admitted by the board's observer code. */
  observer: boolean
}

/**
 * Every open connection of this instance, found again when someone's access ends, and the counts per
 * person, per address, per board and per board's observers behind the caps checked before the upgrade.
 * A connection counts from the moment it is admitted, before its upgrade completes, so that many
 * upgrades of one person at once cannot all pass the check before any of them is counted.
 */
export class ConnectionIndex {
  readonly #all = new Set<Connection>()
  readonly #perPerson = new Map<string, number>()
  readonly #perAddress = new Map<string, number>()
  readonly #perBoard = new Map<string, number>()
  readonly #observersPerBoard = new Map<string, number>()

  /** Counts a connection against the caps; returns its release (idempotent). */
  admit(admission: Admission): () => void {
    const counts = this.#countsOf(admission)
    for (const [map, key] of counts) bump(map, key, 1)
    let released = false
    return () => {
      if (released) return
      released = true
      for (const [map, key] of counts) bump(map, key, -1)
    }
  }

  #countsOf(admission: Admission): [Map<string, number>, string][] {
    const counts: [Map<string, number>, string][] = [
      [this.#perPerson, personKey(admission.actor)],
      [this.#perAddress, admission.address],
      [this.#perBoard, admission.boardId],
    ]
    if (admission.observer) counts.push([this.#observersPerBoard, admission.boardId])
    return counts
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

  countForAddress(address: string): number {
    return this.#perAddress.get(address) ?? 0
  }

  countObserversForBoard(boardId: string): number {
    return this.#observersPerBoard.get(boardId) ?? 0
  }

  get size(): number {
    return this.#all.size
  }

  /** Closes the connections an access revocation is about. */
  revoke(event: AccessRevoked): void {
    const sessions = new Set(event.sessionIds ?? [])
    const guests = new Set(event.guestIds ?? [])
    const deletedBoards = new Set(event.boardIds ?? [])
    for (const connection of [...this.#all]) {
      const actor = connection.actor
      // First: a deleted board is the reason its people should read, even when their sessions end too
      // (a deleted workshop ends its guests' sessions; a deleted council, everyone's).
      if (deletedBoards.has(connection.boardId)) {
        connection.close(CloseCode.boardDeleted, 'board deleted')
      } else if (sessions.has(actor.sessionId)) {
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
