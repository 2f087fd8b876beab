import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import {
  MAX_AWARENESS_CLIENTS_PER_CONNECTION,
  MAX_AWARENESS_STATE_BYTES,
} from '../../shared/collab/limits.ts'

/**
 * Checks of an awareness update sent by a client, before it reaches the room's Awareness.
 *
 * Why: an awareness update is a list of (client id, clock, JSON state). Unchecked, one client could
 * publish megabytes of "presence" to every screen, or overwrite and remove other people's cursors by
 * speaking for their client ids. Each connection may therefore speak only for the client ids it has
 * introduced itself with (at most a few), each state is bounded in size and must be JSON.
 */

export class BadAwarenessError extends Error {}

export interface AwarenessEntry {
  clientId: number
  clock: number
  /** The JSON text of the state; 'null' when the client removes itself. */
  state: string
  /** The state parsed (an object, or null for a removal). */
  value: Record<string, unknown> | null
}

/** Decodes an awareness update completely, bounding its size, or throws BadAwarenessError. */
export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    // Each entry takes at least 3 bytes: a count that the message cannot hold is a lie.
    if (count * 3 > update.length) throw new BadAwarenessError('awareness count larger than the message')
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const state = decoding.readVarString(decoder)
      if (state.length > MAX_AWARENESS_STATE_BYTES) throw new BadAwarenessError('awareness state too large')
      const parsed: unknown = JSON.parse(state)
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed)))
        throw new BadAwarenessError('awareness state must be an object or null')
      entries.push({ clientId, clock, state, value: parsed as Record<string, unknown> | null })
    }
    return entries
  } catch (error) {
    if (error instanceof BadAwarenessError) throw error
    throw new BadAwarenessError(`undecodable awareness update: ${(error as Error).message}`)
  }
}

/**
 * Keeps the entries a connection may speak for (null when nothing is left). A connection owns the client ids it introduced first (at most a few); entries for
 * ids that someone else owns (another connection, or a client of another instance already known to the
 * room) are dropped silently, because the unmodified y-websocket provider echoes every awareness change
 * it receives back to the server: that echo is normal, not an attack, and must neither close the
 * connection nor overwrite the owner's state.
 */
export function ownEntries(
  entries: AwarenessEntry[],
  owned: Set<number>,
  ownedElsewhere: (clientId: number) => boolean,
): AwarenessEntry[] | null {
  const kept: AwarenessEntry[] = []
  for (const entry of entries) {
    if (!owned.has(entry.clientId)) {
      // A removal of an id we do not own is an echo of someone else leaving: nothing to claim.
      if (entry.state === 'null' || ownedElsewhere(entry.clientId)) continue
      if (owned.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION)
        throw new BadAwarenessError('too many awareness clients on one connection')
      owned.add(entry.clientId)
    }
    kept.push(entry)
  }
  return kept.length === 0 ? null : kept
}

/** Encodes entries as an awareness update (y-protocols' format), each state as its JSON text. */
export function encodeAwarenessEntries(
  entries: readonly { clientId: number; clock: number; state: string }[],
) {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}
