import { EventEmitter } from 'node:events'

/**
 * Someone's access ended: a session was logged out, a join code revoked (its guests), an account
 * removed from a workshop, or a board deleted for everyone. Live connections (the collaboration server)
 * listen and close what matches.
 */
export interface AccessRevoked {
  /** Sessions that no longer exist. */
  sessionIds?: string[]
  /** Guests whose access ended (a revoked join or observer code, a participant removed). */
  guestIds?: string[]
  /** An account that lost access to `workshopId` (or to everything when no workshop is given). */
  userId?: string
  workshopId?: string
  /**
   * Boards deleted (their workshop or their council was): every connection to them closes (4410) and
   * each instance drops its room of them, unstored, and whatever of them its spill folder holds.
   */
  boardIds?: string[]
}

/**
 * The bus of revocations; one per app. Listeners hear revocations decided here and, once a relay is
 * attached (`relayTo`, Redis when configured: redis-access-relay.ts), those decided on other instances,
 * since a person's sockets may be open on any of them.
 */
export class AccessEvents {
  readonly #emitter = new EventEmitter()
  #relay: ((event: AccessRevoked) => void) | null = null

  /** A revocation decided on this instance: acted on here and sent to the other instances. */
  revoke(event: AccessRevoked): void {
    this.#emitter.emit('revoked', event)
    this.#relay?.(event)
  }

  /** A revocation decided on another instance: acted on here only (relaying it again would loop). */
  receive(event: AccessRevoked): void {
    this.#emitter.emit('revoked', event)
  }

  /** Sends every later local revocation to `publish` as well (the other instances). */
  relayTo(publish: ((event: AccessRevoked) => void) | null): void {
    this.#relay = publish
  }

  onRevoke(listener: (event: AccessRevoked) => void): () => void {
    this.#emitter.on('revoked', listener)
    return () => this.#emitter.off('revoked', listener)
  }
}
