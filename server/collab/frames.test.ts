import type { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import * as ws from 'ws'
import { binaryFrames } from './frames.ts'

/** ws's frame parser: exported at run time, absent from @types/ws. */
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean }) => EventEmitter & { write(chunk: Uint8Array): void }
}

/** What a websocket client's frame parser (ws's own) reads from `bytes`. */
function parse(bytes: Uint8Array): Buffer[] {
  const messages: Buffer[] = []
  const receiver = new Receiver({ isServer: false })
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(true)
    messages.push(data)
  })
  receiver.on('error', (error: Error) => {
    throw error
  })
  receiver.write(bytes)
  return messages
}

describe('websocket frames built once per broadcast', () => {
  it('frames messages of every length class so that a client reads them back, in order', () => {
    const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000]
    const messages = lengths.map((n, i) => new Uint8Array(n).fill(i + 1))
    const read = parse(binaryFrames(messages))
    expect(read.map((m) => m.length)).toEqual(lengths)
    expect(read.map((m, i) => m.every((b) => b === i + 1))).toEqual(lengths.map(() => true))
  })
})
