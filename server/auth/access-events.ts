import { EventEmitter } from 'node:events'

/**
 * Someone's access ended: a session was logged out, a join code revoked (its guests), or an account
 * removed from a workshop. Live connections (the collaboration server) listen and close what matches.
 */
export interface AccessRevoked {
  /** Sessions that no longer exist. */
  sessionIds?: string[]
  /** Guests whose access ended (a revoked join or observer code). */
  guestIds?: string[]
  /** An account that lost access to `workshopId` (or to everything when no workshop is given). */
  userId?: string
  workshopId?: string
}

/** The process-wide bus of revocations; one per app. */
export class AccessEvents {
  readonly #emitter = new EventEmitter()
  revoke(event: AccessRevoked): void {
    this.#emitter.emit('revoked', event)
  }
  onRevoke(listener: (event: AccessRevoked) => void): () => void {
    this.#emitter.on('revoked', listener)
    return () => this.#emitter.off('revoked', listener)
  }
}
