/**
 * What an uploaded file really is, read from its first bytes: the Content-Type a browser or a script
 * sends says nothing (an HTML page or an SVG renamed `.png` would otherwise be served back as an image
 * of this site). Only PNG, JPEG and WebP are recognised, with their pixel size read from the header.
 */

/** The image types a board may hold (DESIGN.md, "Images"). */
export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/webp'

export const IMAGE_MIME_TYPES: readonly ImageMimeType[] = ['image/png', 'image/jpeg', 'image/webp']

export interface ImageKind {
  mimeType: ImageMimeType
  /** Pixel width and height, as the file's header declares them. */
  w: number
  h: number
}

/**
 * The type and size of the image in `bytes`, or null when the bytes are not a PNG, JPEG or WebP whose
 * header can be read (another format, a truncated header, a zero size). Reads the header only: a file
 * damaged further on is still served as it is, and the browser that draws it shows what it can.
 */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  const kind = sniffPng(bytes) ?? sniffJpeg(bytes) ?? sniffWebp(bytes)
  return kind && kind.w > 0 && kind.h > 0 ? kind : null
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function sniffPng(bytes: Uint8Array): ImageKind | null {
  if (!startsWith(bytes, 0, PNG_SIGNATURE)) return null
  // The first chunk must be IHDR (13 bytes of data): width and height as big-endian 32-bit integers.
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return null
  const view = dataView(bytes)
  return { mimeType: 'image/png', w: view.getUint32(16), h: view.getUint32(20) }
}

function sniffJpeg(bytes: Uint8Array): ImageKind | null {
  if (!startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return null
  const view = dataView(bytes)
  // Walk the marker segments up to the frame header (SOFn), which carries the size; EXIF, ICC
  // profiles and tables come before it and are skipped by their length.
  let offset = 2
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]!
    if (marker === 0xff) {
      offset += 1 // fill byte
      continue
    }
    // Markers without a length: TEM, RST0–7, SOI, EOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      offset += 2
      continue
    }
    if (marker === 0xda) return null // start of scan before any frame header
    const length = view.getUint16(offset + 2)
    if (length < 2) return null
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > bytes.length) return null
      return { mimeType: 'image/jpeg', w: view.getUint16(offset + 7), h: view.getUint16(offset + 5) }
    }
    offset += 2 + length
  }
  return null
}

function sniffWebp(bytes: Uint8Array): ImageKind | null {
  if (bytes.length < 30 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return null
  const view = dataView(bytes)
  const chunk = ascii(bytes, 12, 4)
  if (chunk === 'VP8 ') {
    // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height (little-endian).
    if (!startsWith(bytes, 23, [0x9d, 0x01, 0x2a])) return null
    return {
      mimeType: 'image/webp',
      w: view.getUint16(26, true) & 0x3fff,
      h: view.getUint16(28, true) & 0x3fff,
    }
  }
  if (chunk === 'VP8L') {
    // Lossless: the signature 0x2F, then width − 1 and height − 1 on 14 bits each.
    if (bytes[20] !== 0x2f) return null
    const bits = view.getUint32(21, true)
    return { mimeType: 'image/webp', w: (bits & 0x3fff) + 1, h: ((bits >>> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8X') {
    // Extended: flags and reserved bytes, then canvas width − 1 and height − 1 on 24 bits each.
    return { mimeType: 'image/webp', w: uint24(bytes, 24) + 1, h: uint24(bytes, 27) + 1 }
  }
  return null
}

function startsWith(bytes: Uint8Array, offset: number, expected: number[]): boolean {
  if (bytes.length < offset + expected.length) return false
  return expected.every((byte, i) => bytes[offset + i] === byte)
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length))
}

function uint24(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
