import { randomBytes } from 'node:crypto'
import { type NetConnectOpts, connect as netConnect, type Socket } from 'node:net'

/**
 * A minimal websocket client over a plain TCP socket, made for a load generator that must hold a
 * thousand connections on one core.
 *
 * Why not `ws`: its receiver allocates a Buffer and emits an event for every frame. A watcher in a room
 * of 1,000 may receive thousands of frames per second, and most watchers only need to count them. This
 * client walks frame headers and skips payloads without copying them (`mode: 'count'`), and assembles
 * payloads only for the sockets that decode (`mode: 'decode'`). It answers pings (servers close silent
 * sockets) and sends binary frames with a zero mask key, which RFC 6455 allows and which makes masking
 * a no-op instead of a byte-by-byte XOR.
 */
export interface RawWsOptions {
  /** ws://host:port/path */
  url: string
  headers?: Record<string, string>
  mode: 'count' | 'decode'
  /** Called with each complete binary message (decode mode only). */
  onMessage?: (data: Uint8Array) => void
  onClose?: (code: number, reason: string) => void
  /** Called with every chunk of bytes received once open, before parsing (stamps.ts reads them). */
  onChunk?: (chunk: Buffer) => void
}

/** An open connection; counts what it received. */
export interface RawWs {
  send(data: Uint8Array): void
  close(): void
  /** Destroys the TCP socket without a closing handshake. */
  destroy(): void
  readonly frames: number
  readonly bytes: number
  readonly open: boolean
}

const zeroMask = Buffer.alloc(4)
/**
 * Count-mode sockets read into this one buffer (per thread), through net's `onread`: no Buffer is
 * allocated and no stream event is emitted per read. Nothing keeps a view of it past the callback
 * (payload parts and partial headers are copied).
 */
const readBuffer = Buffer.allocUnsafe(256 * 1024)

/** Encodes one client frame (FIN set, zero mask key). */
function frame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.byteLength
  const headerLength = length < 126 ? 6 : length < 65536 ? 8 : 14
  const out = Buffer.allocUnsafe(headerLength + length)
  out[0] = 0x80 | opcode
  if (length < 126) {
    out[1] = 0x80 | length
  } else if (length < 65536) {
    out[1] = 0x80 | 126
    out.writeUInt16BE(length, 2)
  } else {
    out[1] = 0x80 | 127
    out.writeUInt32BE(0, 2)
    out.writeUInt32BE(length, 6)
  }
  zeroMask.copy(out, headerLength - 4)
  out.set(payload, headerLength)
  return out
}

/**
 * Opens a websocket: resolves once the server answered 101, rejects with the HTTP status line (and
 * body start) otherwise, or after `timeoutMs`.
 */
export function openRawWs(options: RawWsOptions, timeoutMs = 15_000): Promise<RawWs> {
  const url = new URL(options.url)
  return new Promise((resolve, reject) => {
    const counting = options.mode === 'count'
    const socket: Socket = netConnect({
      host: url.hostname,
      port: Number(url.port),
      noDelay: true,
      // Why: a watcher in a room of 1,000 reads a hundred broadcasts a second; on one core for a
      // thousand sockets, a Buffer and a 'data' event per read was most of the load generator's time.
      ...(counting
        ? {
            onread: {
              buffer: readBuffer,
              callback: (n: number) => {
                onData(readBuffer.subarray(0, n))
                return true
              },
            },
          }
        : {}),
    } as NetConnectOpts)
    const key = randomBytes(16).toString('base64')
    let handshake: Buffer | null = Buffer.alloc(0)
    let isOpen = false
    let settled = false
    const timer = setTimeout(() => fail(new Error(`websocket open timed out: ${options.url}`)), timeoutMs)

    // Frame parser state, kept across TCP chunks.
    let header = Buffer.alloc(0)
    let skip = 0 // payload bytes still to pass over (count mode, data frames)
    let collect: Buffer[] | null = null // payload being assembled
    let collectLeft = 0
    let opcode = 0
    let fin = true
    let fragments: Buffer[] = []
    let frames = 0
    let bytes = 0

    function fail(error: Error) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      reject(error)
    }

    const ws: RawWs = {
      send(data) {
        if (isOpen) socket.write(frame(2, data))
      },
      close() {
        if (!isOpen) return
        isOpen = false
        const body = Buffer.alloc(2)
        body.writeUInt16BE(1000, 0)
        socket.end(frame(8, body))
      },
      destroy() {
        isOpen = false
        socket.destroy()
      },
      get frames() {
        return frames
      },
      get bytes() {
        return bytes
      },
      get open() {
        return isOpen
      },
    }

    function onFramePayload(op: number, isFin: boolean, payload: Buffer) {
      if (op === 9) {
        socket.write(frame(10, payload))
        return
      }
      if (op === 8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005
        const reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : ''
        if (isOpen) {
          isOpen = false
          socket.end(frame(8, payload.subarray(0, 2)))
        }
        options.onClose?.(code, reason)
        options.onClose = undefined
        return
      }
      if (op === 10) return
      // Data (binary 2, text 1) or continuation (0).
      fragments.push(payload)
      if (isFin) {
        const message = fragments.length === 1 ? fragments[0] : Buffer.concat(fragments)
        fragments = []
        options.onMessage?.(message)
      }
    }

    function parse(chunk: Buffer) {
      let offset = 0
      while (offset < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - offset)
          skip -= n
          offset += n
          continue
        }
        if (collect) {
          const n = Math.min(collectLeft, chunk.length - offset)
          // A view of the shared read buffer would be overwritten by the next read: copy it.
          collect.push(
            counting ? Buffer.from(chunk.subarray(offset, offset + n)) : chunk.subarray(offset, offset + n),
          )
          collectLeft -= n
          offset += n
          if (collectLeft === 0) {
            const payload = collect.length === 1 ? collect[0] : Buffer.concat(collect)
            collect = null
            onFramePayload(opcode, fin, payload)
          }
          continue
        }
        // Read a frame header (2 to 10 bytes: server frames are unmasked).
        const available = header.length > 0 ? Buffer.concat([header, chunk.subarray(offset)]) : chunk
        const base = header.length > 0 ? 0 : offset
        if (available.length - base < 2) {
          header = Buffer.from(available.subarray(base))
          return
        }
        const b0 = available[base]
        const b1 = available[base + 1]
        let length = b1 & 0x7f
        let headerLength = 2
        if (length === 126) headerLength = 4
        else if (length === 127) headerLength = 10
        if (available.length - base < headerLength) {
          header = Buffer.from(available.subarray(base))
          return
        }
        if (length === 126) length = available.readUInt16BE(base + 2)
        else if (length === 127)
          length = available.readUInt32BE(base + 2) * 2 ** 32 + available.readUInt32BE(base + 6)
        // Advance `offset` in the current chunk past the header bytes it held.
        offset += headerLength - header.length
        header = Buffer.alloc(0)
        opcode = b0 & 0x0f
        fin = (b0 & 0x80) !== 0
        const isControl = opcode >= 8
        if (!isControl) {
          frames++
          bytes += length
        }
        if (options.mode === 'count' && !isControl) {
          skip = length
        } else if (length === 0) {
          onFramePayload(opcode, fin, Buffer.alloc(0))
        } else {
          collect = []
          collectLeft = length
        }
      }
    }

    socket.on('connect', () => {
      const headers = Object.entries(options.headers ?? {})
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')
      socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`,
      )
    })
    socket.on('data', (chunk: Buffer) => onData(chunk))
    function onData(chunk: Buffer) {
      if (handshake === null) {
        options.onChunk?.(chunk)
        parse(chunk)
        return
      }
      handshake = Buffer.concat([handshake, chunk])
      const end = handshake.indexOf('\r\n\r\n')
      if (end === -1) return
      const head = handshake.subarray(0, end).toString('latin1')
      const rest = handshake.subarray(end + 4)
      handshake = null
      if (!head.startsWith('HTTP/1.1 101')) {
        fail(new Error(`websocket refused: ${head.split('\r\n')[0]} ${rest.toString('utf8').slice(0, 200)}`))
        return
      }
      isOpen = true
      settled = true
      clearTimeout(timer)
      resolve(ws)
      if (rest.length > 0) {
        options.onChunk?.(rest)
        parse(rest)
      }
    }
    socket.on('error', (error) => {
      if (!settled) fail(error)
    })
    socket.on('close', () => {
      const wasOpen = isOpen
      isOpen = false
      if (!settled) fail(new Error(`socket closed during handshake: ${options.url}`))
      else if (wasOpen || options.onClose) options.onClose?.(1006, 'connection lost')
      options.onClose = undefined
    })
  })
}
