/**
 * Transaction origins in a room's Y.Doc. The doc's 'update' handler reads them to decide what to do
 * with a change: changes accepted on this instance (from a client or the server itself) are stored and
 * published; changes that came from storage or from another instance were stored by someone else already
 * and are only forwarded to this instance's clients.
 */

/** A change made by the server itself (liveBoards.change, repairs). */
export const SERVER_ORIGIN = Symbol('kenlabour:server')
/** A change read back from the log (load, catch-up). */
export const LOG_ORIGIN = Symbol('kenlabour:log')
/** A change received from another instance through Redis. */
export const REMOTE_ORIGIN = Symbol('kenlabour:remote')

/** True for changes this instance did not accept itself (so it must neither store nor publish them). */
export function isForeignOrigin(origin: unknown): boolean {
  return origin === LOG_ORIGIN || origin === REMOTE_ORIGIN
}
