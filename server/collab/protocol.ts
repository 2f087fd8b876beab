import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type * as Y from 'yjs'
import { encodeMessage, MessageType } from '../../shared/collab/messages.ts'

/**
 * Encoding and decoding of y-websocket messages on the server. Decoding never trusts the input: a
 * message is read completely into a plain value first (throwing ProtocolError on anything unexpected),
 * and only the connection decides what to do with it.
 */

/** A message that does not follow the protocol; the connection closes with 4400. */
export class ProtocolError extends Error {}

/** A decoded client message. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'auth' }

/** Reads one binary websocket message from a client. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  if (data.length === 0) throw new ProtocolError('empty message')
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.sync: {
        const syncType = decoding.readVarUint(decoder)
        const body = decoding.readVarUint8Array(decoder)
        if (syncType === syncProtocol.messageYjsSyncStep1) return { type: 'syncStep1', stateVector: body }
        if (syncType === syncProtocol.messageYjsSyncStep2) return { type: 'syncStep2', update: body }
        if (syncType === syncProtocol.messageYjsUpdate) return { type: 'update', update: body }
        throw new ProtocolError(`unknown sync message ${syncType}`)
      }
      case MessageType.awareness:
        return { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
      case MessageType.queryAwareness:
        return { type: 'queryAwareness' }
      case MessageType.auth:
        // The y-websocket auth message is server → client only ("permission denied"); clients have
        // nothing to say with it, so it is accepted and ignored.
        return { type: 'auth' }
      default:
        throw new ProtocolError(`unknown message type ${type}`)
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError(error instanceof Error ? error.message : 'undecodable message')
  }
}

/** Sync step 1: the server's state vector, asking the client for what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return encodeMessage(MessageType.sync, (encoder) => syncProtocol.writeSyncStep1(encoder, doc))
}

/** Sync step 2 carrying `update` (what the client lacks). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeMessage(MessageType.sync, (encoder) => {
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
    encoding.writeVarUint8Array(encoder, update)
  })
}

/** An incremental document update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeMessage(MessageType.sync, (encoder) => syncProtocol.writeUpdate(encoder, update))
}

/** An awareness message carrying an encoded awareness update. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  return encodeMessage(MessageType.awareness, (encoder) => encoding.writeVarUint8Array(encoder, update))
}

/** True when `stateVector` is the empty state vector (a client that has nothing yet). */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0
}
