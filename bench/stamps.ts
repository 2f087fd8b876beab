import * as hdr from 'hdr-histogram-js'

/**
 * Latency at every receiver, read from the raw bytes each socket receives.
 *
 * Why: probes decode every update into a Y.Doc, which one core can afford for ten sockets per room, not
 * for a thousand. What matters in a room is the last screen to see an edit, so every socket of the load
 * generator (writers, probes and watchers) looks for time stamps in the bytes it receives, without
 * decoding anything: `Buffer.indexOf` on each chunk, as the kernel hands it over.
 *
 * - An edit's key (`meta.bench`, board-edits.ts) ends with `~d<ms>~`: its scheduled send time, wall
 *   clock in ms with 0.01 ms. Yjs writes the key as a string inside the update (ContentAny), so it
 *   travels unchanged through every server, merged or not.
 * - A writer's cursor state carries `~c<slot>@<ms>~` as its cursor type. A batch of presence holds up to 200 moving
 *   cursors, and timing each at each of 1,000 sockets would cost the generator more than the server:
 *   each receiver times the cursors of one slot in `CURSOR_SLOTS` (writer index and receiver index
 *   modulo the same number), so every receiver times cursors and every cursor is timed by a tenth of
 *   the room.
 *
 * A stamp cut in two by a TCP chunk boundary is found by scanning the seam (the end of the previous
 * chunk with the start of the next).
 */

export const CURSOR_SLOTS = 10
/** The longest stamp: `~c9@` or `~d` + 16 digits and a dot + `~`. */
const MAX_STAMP = 24
const TILDE = 0x7e
/** Bytes of each chunk's end kept to find a stamp cut by the next chunk. */
const SEAM = MAX_STAMP + 4

const wallNow = () => performance.timeOrigin + performance.now()

/** The stamp appended to an edit's key. */
export function docStamp(wallMs: number): string {
  return `~d${wallMs.toFixed(2)}~`
}

/** The stamp a writer puts in its cursor state (`b`). */
export function cursorStamp(writerIndex: number, wallMs: number): string {
  return `~c${writerIndex % CURSOR_SLOTS}@${wallMs.toFixed(2)}~`
}

/** The wall time (ms) of a performance.now() value of this thread. */
export function toWall(performanceMs: number): number {
  return performance.timeOrigin + performanceMs
}

function newHistogram() {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  })
}

const D = 0x64
const C = 0x63
const AT = 0x40
const DOT = 0x2e

/**
 * Calls `found(isDoc, value, start, close)` for each doc stamp and each cursor stamp of `slot` (its
 * ASCII digit) in `buffer`; `start` is the index of the stamp's opening `~`, `close` that of its closing
 * one. One pass over the buffer looking for `~` (a single byte: memchr), the number read from the bytes.
 * A stamp cut off by the end of the buffer is not found.
 */
function eachStamp(
  buffer: Buffer,
  slot: number,
  found: (isDoc: boolean, value: number, start: number, close: number) => void,
) {
  let i = buffer.indexOf(TILDE)
  while (i !== -1) {
    const kind = buffer[i + 1]
    const from =
      kind === D ? i + 2 : kind === C && buffer[i + 2] === slot && buffer[i + 3] === AT ? i + 4 : -1
    if (from === -1) {
      i = buffer.indexOf(TILDE, i + 1)
      continue
    }
    let value = 0
    let scale = 0
    let j = from
    for (; j < buffer.length && j - from <= MAX_STAMP; j++) {
      const b = buffer[j]
      if (b >= 0x30 && b <= 0x39) {
        value = value * 10 + (b - 0x30)
        if (scale > 0) scale *= 10
      } else if (b === DOT && scale === 0) scale = 1
      else break
    }
    if (j >= buffer.length) return
    if (buffer[j] === TILDE && j > from) {
      found(kind === D, scale > 0 ? value / scale : value, i, j)
      i = buffer.indexOf(TILDE, j + 1)
    } else i = buffer.indexOf(TILDE, i + 1)
  }
}

/** What one thread's receivers measured: latencies in µs, and per receiver (by index) its doc figures. */
export interface ReceiverFigures {
  doc: string
  cursor: string
  /** Per receiver index: [deliveries timed, sum of ms, deliveries over 50 ms]. */
  perReceiver: [number, number, number, number][]
}

/**
 * The stamps found by the receivers of one thread. Only stamps scheduled inside the window count
 * (`window`, in wall ms).
 */
export class StampClock {
  readonly doc = newHistogram()
  readonly cursor = newHistogram()
  #from = Number.POSITIVE_INFINITY
  #to = Number.POSITIVE_INFINITY
  readonly #perReceiver = new Map<number, [number, number, number]>()

  window(fromWallMs: number, toWallMs = Number.POSITIVE_INFINITY): void {
    if (fromWallMs !== this.#from) {
      this.doc.reset()
      this.cursor.reset()
      for (const stats of this.#perReceiver.values()) stats.fill(0)
    }
    this.#from = fromWallMs
    this.#to = toWallMs
  }

  /** A scanner for the receiver of index `index` (its cursor slot is `index % CURSOR_SLOTS`). */
  receiver(index: number): (chunk: Buffer) => void {
    const slot = 0x30 + (index % CURSOR_SLOTS)
    let seam: Buffer | null = null
    const stats: [number, number, number] = [0, 0, 0]
    this.#perReceiver.set(index, stats)
    const record = (sentWall: number, now: number, isDoc: boolean) => {
      if (!(sentWall >= this.#from && sentWall < this.#to)) return
      const us = Math.max(1, Math.round((now - sentWall) * 1000))
      if (isDoc) {
        this.doc.recordValue(us)
        stats[0]++
        stats[1] += us / 1000
        if (us > 50_000) stats[2]++
      } else this.cursor.recordValue(us)
    }
    return (chunk) => {
      const now = wallNow()
      eachStamp(chunk, slot, (isDoc, sent) => record(sent, now, isDoc))
      if (seam) {
        // Stamps cut in two by the boundary: they start in the old chunk's end and close in this one
        // (those wholly on one side were found with their chunk).
        const joined = Buffer.concat([seam, chunk.subarray(0, SEAM)])
        const seamLength = seam.length
        eachStamp(joined, slot, (isDoc, sent, start, close) => {
          if (start < seamLength && close >= seamLength) record(sent, now, isDoc)
        })
      }
      // A cut stamp starts with `~` in the last SEAM bytes; without one there, nothing to carry over.
      const tail = Math.max(0, chunk.length - SEAM)
      seam = chunk.indexOf(TILDE, tail) === -1 ? null : Buffer.from(chunk.subarray(tail))
    }
  }

  /** This thread's figures, to merge with the others' (`merge`). */
  figures(): ReceiverFigures {
    return {
      doc: hdr.encodeIntoCompressedBase64(this.doc),
      cursor: hdr.encodeIntoCompressedBase64(this.cursor),
      perReceiver: [...this.#perReceiver].filter(([, s]) => s[0] > 0).map(([i, s]) => [i, s[0], s[1], s[2]]),
    }
  }
}

/** Merges the threads' figures into one summary. */
export function mergeFigures(parts: ReceiverFigures[]): {
  doc: hdr.Histogram
  cursor: hdr.Histogram
  perReceiver: Map<number, [number, number, number]>
} {
  const doc = newHistogram()
  const cursor = newHistogram()
  const perReceiver = new Map<number, [number, number, number]>()
  for (const part of parts) {
    doc.add(hdr.decodeFromCompressedBase64(part.doc))
    cursor.add(hdr.decodeFromCompressedBase64(part.cursor))
    for (const [i, n, sum, late] of part.perReceiver) perReceiver.set(i, [n, sum, late])
  }
  return { doc, cursor, perReceiver }
}
