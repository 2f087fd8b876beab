/**
 * Websocket frames built once for every connection of a room (RFC 6455, section 5.2).
 *
 * Why: `ws` frames each message for each socket, and sends header and payload as two buffers (a writev).
 * A broadcast to 1,000 connections builds the same frame 1,000 times. Server frames are never masked,
 * so one frame fits every connection: the room builds it once and each connection writes it as is
 * (`Connection.sendFrames`). This holds only while `ws` itself never holds back data of its own, that is
 * without per-message compression (plugin.ts turns it off).
 */

const FIN_BINARY = 0x82

/** The frame header of a final, unmasked binary message of `length` bytes. */
function header(length: number): Buffer {
  if (length < 126) return Buffer.from([FIN_BINARY, length])
  if (length < 65_536) {
    const h = Buffer.allocUnsafe(4)
    h[0] = FIN_BINARY
    h[1] = 126
    h.writeUInt16BE(length, 2)
    return h
  }
  const h = Buffer.allocUnsafe(10)
  h[0] = FIN_BINARY
  h[1] = 127
  h.writeBigUInt64BE(BigInt(length), 2)
  return h
}

/** Binary messages as consecutive websocket frames, in one buffer. */
export function binaryFrames(messages: readonly Uint8Array[]): Buffer {
  const parts: Uint8Array[] = []
  for (const message of messages) parts.push(header(message.length), message)
  return Buffer.concat(parts)
}
