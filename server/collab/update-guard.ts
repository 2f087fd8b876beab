/**
 * A bounded structural check of a Yjs update (v1 encoding) before Yjs decodes it.
 *
 * Why: Yjs trusts the counts inside an update. A crafted update can declare billions of structs or
 * deletions in a few bytes, and some versions of the decoder loop forever or allocate without bound on
 * such input (yjs issues 479, 498, 687). The server decodes updates from untrusted clients, so it first
 * walks the update with its own reader, in time linear in the message size: every declared count must
 * be backed by at least one byte per element still unread, every length and clock stays in a sane
 * range, nesting is shallow, and the content types are the ones Yjs knows. Only then is the update
 * handed to Yjs, which can still throw (caught by the caller) but can no longer spin.
 */

/** Largest length of one struct (GC, skip, deleted content, delete range) or clock we accept. */
const MAX_LENGTH = 2 ** 31
/** Deepest nesting of `any` values (objects in arrays in objects…) we accept. */
const MAX_ANY_DEPTH = 32

/** Why an update was rejected before reaching Yjs. */
export class MalformedUpdateError extends Error {}

class Reader {
  readonly bytes: Uint8Array
  pos = 0
  constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }
  get left(): number {
    return this.bytes.length - this.pos
  }
  uint8(): number {
    if (this.pos >= this.bytes.length) throw new MalformedUpdateError('truncated update')
    return this.bytes[this.pos++]!
  }
  /** A varUint of at most 53 bits (lib0's limit). */
  varUint(): number {
    let num = 0
    let mult = 1
    for (let i = 0; i < 8; i++) {
      const r = this.uint8()
      num += (r & 0x7f) * mult
      if (r < 0x80) {
        if (num > Number.MAX_SAFE_INTEGER) break
        return num
      }
      mult *= 128
    }
    throw new MalformedUpdateError('varint out of range')
  }
  varInt(): void {
    // A signed varint: first byte 6 bits of payload, then 7 bits each; at most 8 bytes for 53 bits.
    for (let i = 0; i < 8; i++) {
      if (this.uint8() < 0x80) return
    }
    throw new MalformedUpdateError('varint out of range')
  }
  /** A count of elements that each take at least `minBytes` bytes still to be read. */
  count(minBytes = 1): number {
    const n = this.varUint()
    if (n * minBytes > this.left) throw new MalformedUpdateError('count larger than the message')
    return n
  }
  length(): number {
    const n = this.varUint()
    if (n > MAX_LENGTH) throw new MalformedUpdateError('length out of range')
    return n
  }
  skip(n: number): void {
    if (n > this.left) throw new MalformedUpdateError('truncated update')
    this.pos += n
  }
  varBytes(): void {
    this.skip(this.varUint())
  }
  any(depth: number): void {
    if (depth > MAX_ANY_DEPTH) throw new MalformedUpdateError('value nested too deeply')
    const type = this.uint8()
    switch (type) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return
      case 125: // integer
        this.varInt()
        return
      case 124: // float32
        this.skip(4)
        return
      case 123: // float64
      case 122: // bigint64
        this.skip(8)
        return
      case 119: // string
      case 116: // Uint8Array
        this.varBytes()
        return
      case 118: {
        // object: key string + value, each at least 2 bytes
        const n = this.count(2)
        for (let i = 0; i < n; i++) {
          this.varBytes()
          this.any(depth + 1)
        }
        return
      }
      case 117: {
        const n = this.count(1)
        for (let i = 0; i < n; i++) this.any(depth + 1)
        return
      }
      default:
        throw new MalformedUpdateError('unknown value type')
    }
  }
}

const BIT6 = 32
const BIT7 = 64
const BIT8 = 128

/**
 * Throws MalformedUpdateError unless `update` is a structurally sound Yjs v1 update whose declared
 * sizes fit in the message. Runs in time linear in `update.length`.
 */
export function assertSaneUpdate(update: Uint8Array): void {
  const r = new Reader(update)
  // Structs, grouped per client: each group has at least 3 bytes (count, client, clock).
  const clients = r.count(3)
  for (let c = 0; c < clients; c++) {
    // Every struct takes at least 2 bytes (info + one more).
    const structs = r.count(2)
    r.varUint() // client id
    if (r.varUint() > Number.MAX_SAFE_INTEGER - MAX_LENGTH)
      throw new MalformedUpdateError('clock out of range')
    for (let s = 0; s < structs; s++) readStruct(r)
  }
  // The delete set: per client, ranges of (clock, length).
  const deleteClients = r.count(2)
  for (let c = 0; c < deleteClients; c++) {
    r.varUint() // client id
    const ranges = r.count(2)
    for (let d = 0; d < ranges; d++) {
      r.varUint()
      r.length()
    }
  }
  if (r.left !== 0) throw new MalformedUpdateError('trailing bytes after the update')
}

function readStruct(r: Reader): void {
  const info = r.uint8()
  const contentRef = info & 31
  if (contentRef === 0 || contentRef === 10) {
    // GC or Skip: a length only.
    r.length()
    return
  }
  if (info & BIT8) {
    r.varUint()
    r.varUint()
  } // origin id
  if (info & BIT7) {
    r.varUint()
    r.varUint()
  } // right origin id
  if ((info & (BIT7 | BIT8)) === 0) {
    // Parent: a root type's name, or the id of the item holding the parent type.
    const parentIsRoot = r.varUint() === 1
    if (parentIsRoot) r.varBytes()
    else {
      r.varUint()
      r.varUint()
    }
    if (info & BIT6) r.varBytes() // key in a map
  }
  switch (contentRef) {
    case 1: // deleted
      r.length()
      return
    case 2: {
      // JSON: each value a string of at least one byte (its length)
      const n = r.count(1)
      for (let i = 0; i < n; i++) r.varBytes()
      return
    }
    case 3: // binary
    case 4: // string
    case 5: // embed (JSON text)
      r.varBytes()
      return
    case 6: // format: key, JSON text
      r.varBytes()
      r.varBytes()
      return
    case 7: {
      // type: ref, and a node name for XML elements and hooks
      const typeRef = r.varUint()
      if (typeRef > 6) throw new MalformedUpdateError('unknown type reference')
      if (typeRef === 3 || typeRef === 5) r.varBytes()
      return
    }
    case 8: {
      // any: values
      const n = r.count(1)
      for (let i = 0; i < n; i++) r.any(0)
      return
    }
    case 9: // subdocument: guid, options
      r.varBytes()
      r.any(0)
      return
    default:
      throw new MalformedUpdateError('unknown content type')
  }
}
