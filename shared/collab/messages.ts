import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * Message types on /collab/:boardId. Every message is a varUint type followed by its body, as in
 * y-websocket: 0 sync (y-protocols sync step 1, step 2, update), 1 awareness, 2 auth, 3 query-awareness.
 *
 * Kenlabour adds one type, `refused` (100), sent by the server to the client whose update was partly or
 * wholly refused by validation. The unmodified y-websocket v3 provider logs "Unable to compute message"
 * with console.error for a type it has no handler for and otherwise ignores it (it answers nothing), so
 * plain providers keep working; Kenlabour's client registers `provider.messageHandlers[100]` to show the
 * reasons.
 *
 * Body of `refused`: a varString holding JSON `{ "refusals": Refusal[] }`.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  refused: 100,
} as const

/** One refused part of an update: which record (if any), a stable code and a human message. */
export interface Refusal {
  code: string
  message: string
  recordId?: string
}

/** Encodes a `refused` message. */
export function encodeRefusedMessage(refusals: Refusal[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.refused)
  encoding.writeVarString(encoder, JSON.stringify({ refusals }))
  return encoding.toUint8Array(encoder)
}

/**
 * Reads the body of a `refused` message (after its type). Tolerant: a malformed body gives an empty list,
 * because a client must never break on a message from a newer server.
 */
export function decodeRefusedBody(decoder: decoding.Decoder): Refusal[] {
  try {
    const parsed = JSON.parse(decoding.readVarString(decoder)) as { refusals?: unknown }
    if (!Array.isArray(parsed.refusals)) return []
    return parsed.refusals.filter(
      (r): r is Refusal => typeof r === 'object' && r !== null && typeof (r as Refusal).code === 'string',
    )
  } catch {
    return []
  }
}
