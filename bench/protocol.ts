import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * The two wire protocols the bench speaks, reduced to what its clients send and read.
 *
 * - `y-websocket` (Kenlabour and the reference server): `varUint type` then the body; type 0 sync
 *   (y-protocols sync: 0 step 1 + state vector, 1 step 2 + update, 2 update), 1 awareness.
 * - `hocuspocus`: every message starts with `varString documentName`, then the same types, plus
 *   2 auth (0 token + varString) which must come first on each document.
 *
 * Written by hand (not with y-protocols' Awareness class) so that a watcher costs a few bytes of
 * encoding per message and no per-client state.
 */
export type Dialect = 'y-websocket' | 'hocuspocus'

const syncType = 0
/** The sync message's sub-types (y-protocols). */
const syncStep = { one: 0, two: 1, update: 2 } as const
const awarenessType = 1
const authType = 2

function start(dialect: Dialect, room: string): encoding.Encoder {
  const encoder = encoding.createEncoder()
  if (dialect === 'hocuspocus') encoding.writeVarString(encoder, room)
  return encoder
}

/** The empty Yjs update (no structs, empty delete set). */
const emptyUpdate = new Uint8Array([0, 0])

/** What a client sends right after the socket opens: auth if needed, sync step 1, its empty step 2. */
export function helloMessages(
  dialect: Dialect,
  room: string,
  stateVector = new Uint8Array([0]),
): Uint8Array[] {
  const messages: Uint8Array[] = []
  if (dialect === 'hocuspocus') {
    const auth = start(dialect, room)
    encoding.writeVarUint(auth, authType)
    encoding.writeVarUint(auth, 0)
    encoding.writeVarString(auth, 'bench')
    messages.push(encoding.toUint8Array(auth))
  }
  messages.push(syncMessage(dialect, room, syncStep.one, stateVector))
  // A real provider answers the server's step 1 with its own state; a fresh client's is empty.
  messages.push(syncStep2Message(dialect, room, emptyUpdate))
  return messages
}

/** A sync message of kind `step` (step 1, step 2 or update) carrying `payload`. */
function syncMessage(dialect: Dialect, room: string, step: number, payload: Uint8Array): Uint8Array {
  const encoder = start(dialect, room)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** A sync step 2 carrying `update`. */
export function syncStep2Message(dialect: Dialect, room: string, update: Uint8Array): Uint8Array {
  return syncMessage(dialect, room, syncStep.two, update)
}

/** A document update message. */
export function updateMessage(dialect: Dialect, room: string, update: Uint8Array): Uint8Array {
  return syncMessage(dialect, room, syncStep.update, update)
}

/** An awareness message announcing one client's state (`null` = the client left). */
export function awarenessMessage(
  dialect: Dialect,
  room: string,
  clientId: number,
  clock: number,
  state: unknown,
): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientId)
  encoding.writeVarUint(inner, clock)
  encoding.writeVarString(inner, JSON.stringify(state))
  const encoder = start(dialect, room)
  encoding.writeVarUint(encoder, awarenessType)
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
  return encoding.toUint8Array(encoder)
}

/** A decoded incoming message, as far as probes care. */
export type Incoming =
  | { kind: 'sync-step1' }
  | { kind: 'update'; update: Uint8Array; step2: boolean }
  | { kind: 'awareness'; entries: { clientId: number; clock: number; state: string }[] }
  | { kind: 'other'; type: number }

/** Decodes one incoming message. Throws on a malformed one. */
export function decodeIncoming(dialect: Dialect, data: Uint8Array): Incoming {
  const decoder = decoding.createDecoder(data)
  if (dialect === 'hocuspocus') decoding.readVarString(decoder)
  const type = decoding.readVarUint(decoder)
  // Hocuspocus' SyncReply (4) carries the same body as Sync.
  if (type === syncType || (dialect === 'hocuspocus' && type === 4)) {
    const sub = decoding.readVarUint(decoder)
    if (sub === syncStep.one) return { kind: 'sync-step1' }
    return { kind: 'update', update: decoding.readVarUint8Array(decoder), step2: sub === syncStep.two }
  }
  if (type === awarenessType) {
    const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder))
    const count = decoding.readVarUint(inner)
    const entries: { clientId: number; clock: number; state: string }[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(inner)
      const clock = decoding.readVarUint(inner)
      entries.push({ clientId, clock, state: decoding.readVarString(inner) })
    }
    return { kind: 'awareness', entries }
  }
  return { kind: 'other', type }
}
