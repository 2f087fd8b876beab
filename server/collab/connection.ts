import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { MAX_CLOSE_REASON_BYTES, MAX_MESSAGE_BYTES, MESSAGE_RATE } from '../../shared/collab/limits.ts'
import { MessageType } from '../../shared/collab/messages.ts'
import type { Actor } from '../auth/sessions.ts'
import { BadAwarenessError } from './awareness-updates.ts'
import type { CollabMetrics } from './metrics.ts'
import { type ClientMessage, decodeClientMessage, ProtocolError } from './protocol.ts'
import type { Room, RoomClient, Sender } from './room.ts'
import { MalformedUpdateError } from './update-guard.ts'

/** Bytes queued for a slow client beyond which it is dropped (it reconnects and resyncs). */
const MAX_BUFFERED_BYTES = 4 * MAX_MESSAGE_BYTES
/** Bytes of messages a connection may queue while its board loads. */
const MAX_QUEUED_BYTES = 2 * MAX_MESSAGE_BYTES

/** The TCP socket under a websocket, for frames built once for a whole room (frames.ts). */
export interface FrameTransport {
  write(frames: Uint8Array): boolean
}

/**
 * One websocket of /collab/:boardId: reads and checks messages, throttles them, and hands them to its
 * room. Messages that arrive before the room is loaded are queued (never answered from an empty
 * document) and handled in order once it is.
 */
export class Connection implements RoomClient {
  readonly socket: WebSocket
  readonly actor: Actor
  readonly boardId: string
  readonly workshopId: string
  readonly sender: Sender
  readonly awarenessClients = new Set<number>()
  readonly #metrics: CollabMetrics
  readonly #log: FastifyBaseLogger
  readonly #transport: FrameTransport
  #room: Room | null = null
  #queue: Uint8Array[] = []
  #queuedBytes = 0
  #closed = false
  /** Heard from since the last heartbeat (a message or a pong). */
  #alive = true
  /** Token bucket of the message rate limit. */
  #tokens: number = MESSAGE_RATE.burst
  #refilledAt = performance.now()
  #resumeTimer: NodeJS.Timeout | null = null
  /** Called once when the socket is gone. */
  onClose: () => void = () => {}

  constructor(
    socket: WebSocket,
    actor: Actor,
    boardId: string,
    workshopId: string,
    sender: Sender,
    metrics: CollabMetrics,
    log: FastifyBaseLogger,
    transport: FrameTransport,
  ) {
    this.socket = socket
    this.#transport = transport
    this.actor = actor
    this.boardId = boardId
    this.workshopId = workshopId
    this.sender = sender
    this.#metrics = metrics
    this.#log = log
    socket.on('message', (data, isBinary) => {
      this.#alive = true
      this.#onMessage(data, isBinary)
    })
    socket.on('pong', () => {
      this.#alive = true
    })
    socket.on('close', () => this.#onSocketClosed())
    // Errors (bad frames, invalid UTF-8 in a close, payload too big) are followed by a close from ws.
    socket.on('error', (error) => this.#log.debug({ err: error }, 'websocket error'))
  }

  /** The room is loaded: join it and handle what arrived meanwhile. */
  attach(room: Room): void {
    if (this.#closed) return
    this.#room = room
    room.join(this)
    const queued = this.#queue
    this.#queue = []
    this.#queuedBytes = 0
    for (const message of queued) {
      if (this.#closed) return
      this.#handle(message)
    }
  }

  send(message: Uint8Array): void {
    if (this.#writable()) this.socket.send(message)
  }

  /** Websocket frames built once for the whole room (frames.ts), written as they are, in one write. */
  sendFrames(frames: Uint8Array): void {
    if (this.#writable()) this.#transport.write(frames)
  }

  #writable(): boolean {
    if (this.#closed || this.socket.readyState !== this.socket.OPEN) return false
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A client that does not read would make us hold every update for it: drop it instead; its
      // provider reconnects and gets the current state in one sync step.
      this.close(1013, 'client too slow')
      return false
    }
    return true
  }

  /**
   * Heartbeat: a peer that vanished without closing (network gone, laptop lid shut) would otherwise
   * hold its slot, its presence and its room for as long as TCP takes to notice. Each beat, a socket
   * that has said nothing since the previous one is terminated; the others are pinged.
   */
  heartbeat(): void {
    if (this.#closed) return
    if (!this.#alive) {
      this.#metrics.closes.inc({ code: 'heartbeat' })
      this.socket.terminate()
      this.#onSocketClosed()
      return
    }
    this.#alive = false
    this.socket.ping()
  }

  close(code: number, reason: string): void {
    if (this.#closed) return
    this.#metrics.closes.inc({ code: String(code) })
    this.socket.close(code, truncateReason(reason))
    this.#onSocketClosed()
  }

  #onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.#closed) return
    if (!isBinary) {
      this.close(CloseCode.badMessage, 'text frames are not part of the protocol')
      return
    }
    const bytes = toBytes(data)
    this.#throttle()
    if (!this.#room) {
      this.#queuedBytes += bytes.length
      if (this.#queuedBytes > MAX_QUEUED_BYTES) {
        this.close(CloseCode.badMessage, 'too much sent before the board loaded')
        return
      }
      this.#queue.push(bytes)
      return
    }
    this.#handle(bytes)
  }

  /**
   * Rate limit: one token per message. When the bucket runs dry the socket is paused until it refills:
   * nothing is dropped (dropping a Yjs update would strand every later update of that client), the
   * flooder just waits, and other connections and rooms are unaffected.
   */
  #throttle(): void {
    const now = performance.now()
    this.#tokens = Math.min(
      MESSAGE_RATE.burst,
      this.#tokens + ((now - this.#refilledAt) / 1000) * MESSAGE_RATE.perSecond,
    )
    this.#refilledAt = now
    this.#tokens -= 1
    if (this.#tokens >= 1 || this.#resumeTimer) return
    this.socket.pause()
    const waitMs = Math.ceil(((1 - this.#tokens) / MESSAGE_RATE.perSecond) * 1000)
    this.#resumeTimer = setTimeout(() => {
      this.#resumeTimer = null
      if (!this.#closed) this.socket.resume()
    }, waitMs)
  }

  #handle(bytes: Uint8Array): void {
    const room = this.#room!
    let message: ClientMessage
    try {
      // Kenlabour's own client message (silent writing). A varUint below 128 is its single first byte.
      if (bytes[0] === MessageType.privateIdea) {
        this.#metrics.messagesIn.inc({ type: 'privateIdea' })
        room.receivePrivateIdea(this, bytes)
        return
      }
      message = decodeClientMessage(bytes)
      this.#metrics.messagesIn.inc({ type: message.type })
      switch (message.type) {
        case 'syncStep1':
          room.answerSyncStep1(this, message.stateVector)
          return
        case 'syncStep2':
        case 'update':
          room.receiveUpdate(this, message.update)
          return
        case 'awareness':
          room.receiveAwareness(this, message.update)
          return
        case 'queryAwareness':
          room.answerQueryAwareness(this)
          return
        case 'auth':
          return
      }
    } catch (error) {
      if (error instanceof ProtocolError || error instanceof MalformedUpdateError) {
        this.close(CloseCode.badMessage, error.message)
      } else if (error instanceof BadAwarenessError) {
        this.close(CloseCode.badAwareness, error.message)
      } else {
        // Something threw past the checks: a state vector Yjs cannot read, a presence that breaks
        // y-protocols, or a bug of ours. Validation itself reports bad updates as refusals and
        // never throws, so the document is not left half changed. Logged, and only this connection
        // pays: the room and every other connection carry on.
        room.log.warn({ err: error, actorId: this.sender.actorId }, 'message failed; closing connection')
        this.close(CloseCode.badMessage, 'message could not be applied')
      }
    }
  }

  #onSocketClosed(): void {
    if (this.#closed) {
      return
    }
    this.#closed = true
    if (this.#resumeTimer) {
      clearTimeout(this.#resumeTimer)
      this.#resumeTimer = null
      // A paused socket would never read the peer's close frame, and ws would wait 30 s for it.
      this.socket.resume()
    }
    this.#queue = []
    this.#room?.leave(this)
    this.onClose()
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** Close reasons are limited to 123 bytes of UTF-8. */
function truncateReason(reason: string): string {
  let out = reason
  while (Buffer.byteLength(out) > MAX_CLOSE_REASON_BYTES) out = out.slice(0, -1)
  return out
}
