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
 *
 * Two more carry what the shared document must not (see PROTOCOL.md):
 * - `personal` (101), server → one client: what only this person may know (the identity the server
 *   vouches for, their private ideas during silent writing, which shapes they wrote in an anonymous
 *   workshop, a nudge to re-read their votes). Body: a varString of JSON `PersonalMessage`.
 * - `privateIdea` (102), client → server: writes to one's private ideas during silent writing.
 *   Body: a varString of JSON `PrivateIdeaMessage`.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  refused: 100,
  personal: 101,
  privateIdea: 102,
} as const

/** One refused part of an update: which record (if any), a stable code and a human message. */
export interface Refusal {
  code: string
  message: string
  recordId?: string
}

/** A message of `type` whose body `write` puts after the type: how every message is framed. */
export function encodeMessage(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** Encodes a `refused` message. */
export function encodeRefusedMessage(refusals: Refusal[]): Uint8Array {
  return encodeJsonMessage(MessageType.refused, { refusals })
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

/** The identity the server vouches for (from the session): the same in presence and on cards. */
export interface VouchedUser {
  id: string
  name: string
  role: 'facilitator' | 'participant' | 'observer'
  color: string
}

/** A private idea as the server keeps it: an `idea` shape record (board schema), outside the document. */
export type PrivateIdeaRecord = Record<string, unknown> & { id: string; typeName: 'shape'; type: 'idea' }

/** Server → one client (type 101). */
export type PersonalMessage =
  /** Who the server says you are; sent on joining. */
  | { kind: 'identity'; user: VouchedUser }
  /** Your votes (or, for facilitators, the totals) changed: read them again (GET /api/boards/:id/votes). */
  | { kind: 'votes' }
  /** Every private idea you may see now: your own; every participant's for facilitators. */
  | { kind: 'privateIdeas'; ideas: PrivateIdeaRecord[] }
  /**
   * Shapes you created (ideas, clusters), for an anonymous workshop where cards carry no author; for
   * facilitators, also who wrote each idea (shape id → display name). Sent whole on joining; then, as
   * shapes are created, with `partial: true`: the ids and names of the new shapes only, to add to what
   * was received before (ids of shapes deleted since may remain: read them against the document).
   */
  | { kind: 'authorship'; own: string[]; authors?: Record<string, string>; partial?: true }

/** Client → server (type 102): create or change one of your private ideas, or delete it. */
export type PrivateIdeaMessage = { kind: 'put'; idea: PrivateIdeaRecord } | { kind: 'delete'; id: string }

/** Encodes a message of `type` whose body is one JSON varString. */
export function encodeJsonMessage(type: number, body: unknown): Uint8Array {
  return encodeMessage(type, (encoder) => encoding.writeVarString(encoder, JSON.stringify(body)))
}

/** Reads a JSON varString body (after the type); undefined when it is not JSON. */
export function decodeJsonBody(decoder: decoding.Decoder): unknown {
  try {
    return JSON.parse(decoding.readVarString(decoder))
  } catch {
    return undefined
  }
}
