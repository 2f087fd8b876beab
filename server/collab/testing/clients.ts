import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import {
  decodeJsonBody,
  encodeJsonMessage,
  MessageType,
  type PersonalMessage,
  type PrivateIdeaMessage,
} from '../../../shared/collab/messages.ts'
import type { LiveBoards } from '../live-boards-api.ts'

/**
 * Real y-websocket clients for tests: the unmodified WebsocketProvider over real sockets, authenticated
 * with a session cookie like a browser would be.
 */
export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Close events the provider saw (code, reason). */
  closes: { code: number; reason: string }[]
  /** Bodies of `refused` messages received. */
  refused: unknown[]
  /** `personal` messages received (type 101), in order. */
  personal: PersonalMessage[]
  destroy(): void
}

/** A WebSocket class for the provider that sends `headers` (cookie, origin) with its handshake. */
export function websocketWithHeaders(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers })
    }
  } as typeof WebSocket
}

/** Connects a provider to `origin`/collab/`boardId` with `cookie`. */
export function connectClient(
  origin: string,
  boardId: string,
  cookie: string,
  options: { doc?: Y.Doc; headers?: Record<string, string>; connect?: boolean } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc()
  const closes: { code: number; reason: string }[] = []
  const refused: unknown[] = []
  const personal: PersonalMessage[] = []
  const provider = new WebsocketProvider(`${origin.replace(/^http/, 'ws')}/collab`, boardId, doc, {
    WebSocketPolyfill: websocketWithHeaders({ cookie, ...options.headers }) as never,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 300,
  })
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  // Kenlabour's `refused` message (type 100): record it instead of the provider's console.error.
  provider.messageHandlers[100] = (_encoder, decoder) => {
    const body = new TextDecoder().decode(decoder.arr.subarray(decoder.pos))
    refused.push(body)
  }
  // Kenlabour's `personal` message (type 101).
  provider.messageHandlers[MessageType.personal] = (_encoder, decoder) => {
    personal.push(decodeJsonBody(decoder) as PersonalMessage)
  }
  return {
    doc,
    provider,
    closes,
    refused,
    personal,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Resolves when the client has synced with the server. */
export function synced(client: TestClient, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve()
  return waitFor(() => client.provider.synced, timeoutMs, 'client sync')
}

/** Polls `condition` every 10 ms until true, or rejects after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/**
 * Resolves once `client`'s provider has tried to connect twice and been turned away both times (its
 * upgrade refused, or the socket closed): what a client the server will not have sees.
 */
export function refusedTwice(client: TestClient, timeoutMs = 10_000): Promise<void> {
  const before = client.closes.length
  return waitFor(() => client.closes.length >= before + 2, timeoutMs, 'two refused connections')
}

/**
 * Resolves once the board's room on `app` holds nothing unstored: its accepted updates in the log, its
 * private side written, and (with several instances) every relayed update confirmed stored.
 */
export function boardStored(
  app: { liveBoards: LiveBoards },
  boardId: string,
  timeoutMs = 10_000,
): Promise<void> {
  return app.liveBoards.withRoom(boardId, (room) =>
    waitFor(() => room.settled, timeoutMs, 'the board stored'),
  )
}

/**
 * Polls the async `check` every `everyMs` until it returns a value other than `undefined`, and resolves
 * with that value; rejects after `timeoutMs`. For results the test must fetch (a stored row, a metric).
 */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  what = 'condition',
  everyMs = 20,
): Promise<T> {
  const start = Date.now()
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** A raw websocket and every message it received so far (listening from the very first frame). */
export interface RawSocket {
  socket: WebSocket
  messages: Uint8Array[]
}

/** Opens a raw websocket (no provider) and resolves with it once open, or with the HTTP refusal. */
export function openRaw(
  url: string,
  headers: Record<string, string>,
): Promise<RawSocket | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers })
    socket.binaryType = 'arraybuffer'
    const messages: Uint8Array[] = []
    socket.on('message', (data: ArrayBuffer) => messages.push(new Uint8Array(data)))
    socket.once('open', () => resolve({ socket, messages }))
    socket.once('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    socket.once('error', (error) => reject(error))
  })
}

/** Resolves with the close code and reason of a raw socket. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
}

/** Sends a `privateIdea` message (type 102) on the provider's socket, as Kenlabour's client does. */
export function sendPrivateIdea(client: TestClient, message: PrivateIdeaMessage): void {
  const ws = client.provider.ws
  if (!ws || ws.readyState !== ws.OPEN) throw new Error('provider not connected')
  ws.send(encodeJsonMessage(MessageType.privateIdea, message) as Uint8Array<ArrayBuffer>)
}

/** The `personal` messages (type 101) among raw messages, decoded. */
export function personalMessages(messages: readonly Uint8Array[]): PersonalMessage[] {
  return messages
    .filter((m) => m[0] === MessageType.personal)
    .map((m) => {
      const decoder = decoding.createDecoder(m)
      decoding.readVarUint(decoder)
      return decodeJsonBody(decoder) as PersonalMessage
    })
}
