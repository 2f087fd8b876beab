import {
  FACILITATOR_RESERVE,
  MAX_CONNECTIONS_PER_ADDRESS,
  MAX_CONNECTIONS_PER_BOARD,
  MAX_CONNECTIONS_PER_GUEST,
  MAX_CONNECTIONS_PER_USER,
  MAX_OBSERVER_CONNECTIONS_PER_BOARD,
} from '../../shared/collab/limits.ts'
import type { Admission, ConnectionIndex } from './connection-index.ts'

/** The live-connection caps of one instance (defaults and reasons: shared/collab/limits.ts). */
export interface ConnectionCaps {
  perBoard: number
  /** Places of a board only facilitators may take. */
  facilitatorReserve: number
  perAccount: number
  perGuest: number
  perAddress: number
  observersPerBoard: number
}

export const defaultConnectionCaps: ConnectionCaps = {
  perBoard: MAX_CONNECTIONS_PER_BOARD,
  facilitatorReserve: FACILITATOR_RESERVE,
  perAccount: MAX_CONNECTIONS_PER_USER,
  perGuest: MAX_CONNECTIONS_PER_GUEST,
  perAddress: MAX_CONNECTIONS_PER_ADDRESS,
  observersPerBoard: MAX_OBSERVER_CONNECTIONS_PER_BOARD,
}

/**
 * Why a new connection is refused, or null when it fits. One participant holding the public join code
 * must not be able to fill a board by joining as many guests: a guest has few places, an address has
 * fewer than a board, observers (whose code may be shown to the public) have their own share, and the
 * last places of a board are kept for its facilitators, who pass the address and observer caps too:
 * whoever runs the workshop can always get in.
 */
export function capRefusal(
  index: ConnectionIndex,
  caps: ConnectionCaps,
  admission: Admission & { facilitator: boolean },
): string | null {
  const { actor, boardId } = admission
  const perPerson = actor.kind === 'account' ? caps.perAccount : caps.perGuest
  if (index.countForPerson(actor) >= perPerson) return 'Trop de connexions ouvertes pour cette personne.'
  if (admission.facilitator) {
    if (index.countForBoard(boardId) >= caps.perBoard) return 'Trop de connexions ouvertes sur ce tableau.'
    return null
  }
  if (index.countForBoard(boardId) >= caps.perBoard - caps.facilitatorReserve)
    return 'Trop de connexions ouvertes sur ce tableau.'
  if (index.countForAddress(admission.address) >= caps.perAddress)
    return 'Trop de connexions ouvertes depuis cette adresse.'
  if (admission.observer && index.countObserversForBoard(boardId) >= caps.observersPerBoard)
    return 'Trop d’observateurs et observatrices sur ce tableau.'
  return null
}
