import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { MAX_IMAGE_BYTES } from '../../shared/collab/limits.ts'
import { uploadedImagePattern } from '../collab/review/record-checks.ts'
import { inviteMember } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { sniffImage } from './image-kind.ts'

/** A valid PNG of `w`×`h` pixels, built chunk by chunk (IHDR, IDAT, IEND). */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(8 + data.length + 4)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(w, 0)
  header.writeUInt32BE(h, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0x66)])
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: h }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// Tiny images as Chromium's canvas encodes them (3×2, with an ICC profile: JPEG APP2, WebP VP8X), and
// the 1×1 lossy and lossless WebP files that browsers' feature tests decode.
const jpeg3x2 = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AIADg9//2Q==',
  'base64',
)
const webpExtended3x2 = Buffer.from(
  'UklGRhgCAABXRUJQVlA4WAoAAAAgAAAAAgAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggKgAAAJABAJ0BKgMAAgACwEwloAJ0ugADmAD+6Di/+N462+tvbz+hRsomkwAAAA==',
  'base64',
)
const webpLossy1x1 = Buffer.from('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA', 'base64')
const webpLossless1x1 = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64')

describe('sniffImage', () => {
  it('reads the type and size of PNG, JPEG and WebP (lossy, lossless, extended) from their headers', () => {
    expect(sniffImage(png(7, 5))).toEqual({ mimeType: 'image/png', w: 7, h: 5 })
    expect(sniffImage(jpeg3x2)).toEqual({ mimeType: 'image/jpeg', w: 3, h: 2 })
    expect(sniffImage(webpExtended3x2)).toEqual({ mimeType: 'image/webp', w: 3, h: 2 })
    expect(sniffImage(webpLossy1x1)).toEqual({ mimeType: 'image/webp', w: 1, h: 1 })
    expect(sniffImage(webpLossless1x1)).toEqual({ mimeType: 'image/webp', w: 1, h: 1 })
  })

  it('knows nothing else, nor truncated headers', () => {
    for (const bytes of [
      Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.from('<!doctype html><script>alert(1)</script>'),
      Buffer.alloc(0),
      png(1, 1).subarray(0, 20),
      jpeg3x2.subarray(0, 100),
      webpLossy1x1.subarray(0, 24),
      png(0, 1),
    ])
      expect(sniffImage(bytes)).toBeNull()
  })
})

describeEachStore('board images ($name)', (target) => {
  const suite = suiteApp(target)

  const upload = (boardId: string, cookie: string | undefined, body: Buffer, type = 'image/png') =>
    suite.app.inject({
      method: 'POST',
      url: `/api/boards/${boardId}/assets`,
      headers: { 'content-type': type, ...(cookie ? { cookie } : {}) },
      payload: body,
    })
  const get = (url: string, cookie?: string) =>
    suite.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })

  it('stores PNG, JPEG and WebP uploads of a facilitator and serves them to every member as stored', async () => {
    const { facilitator, workshop, participant, observer } = await workshopWithGuests(suite.app)
    const files = [
      { bytes: png(4, 3), type: 'image/png', w: 4, h: 3 },
      { bytes: jpeg3x2, type: 'image/jpeg', w: 3, h: 2 },
      { bytes: webpExtended3x2, type: 'image/webp', w: 3, h: 2 },
      { bytes: webpLossless1x1, type: 'image/webp', w: 1, h: 1 },
    ]
    for (const file of files) {
      const answer = await upload(workshop.boardId, facilitator.cookie, file.bytes, file.type)
      expect(answer.statusCode, answer.body).toBe(201)
      const body = answer.json()
      expect(body).toEqual({
        assetId: expect.any(String),
        src: `/api/boards/${workshop.boardId}/assets/${body.assetId}`,
        mimeType: file.type,
        w: file.w,
        h: file.h,
        size: file.bytes.length,
      })
      // The live review takes image assets whose src is this very path (and no other).
      expect(uploadedImagePattern(workshop.boardId).test(body.src)).toBe(true)
      for (const cookie of [facilitator.cookie, participant.cookie, observer.cookie]) {
        const served = await get(body.src, cookie)
        expect(served.statusCode).toBe(200)
        expect(served.rawPayload.equals(file.bytes)).toBe(true)
        expect(served.headers).toMatchObject({
          'content-type': file.type,
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, max-age=31536000, immutable',
          'content-disposition': 'inline',
        })
      }
    }
  })

  it('goes by the bytes, not the declared type: a JPEG sent as PNG is stored as a JPEG', async () => {
    const { facilitator, workshop } = await workshopWithGuests(suite.app)
    const answer = await upload(workshop.boardId, facilitator.cookie, jpeg3x2, 'image/png')
    expect(answer.statusCode).toBe(201)
    expect(answer.json().mimeType).toBe('image/jpeg')
    expect((await get(answer.json().src, facilitator.cookie)).headers['content-type']).toBe('image/jpeg')
  })

  it('refuses GIF, SVG and HTML sent as PNG, other types and empty bodies with 415 unsupported_image', async () => {
    const { facilitator, workshop } = await workshopWithGuests(suite.app)
    const disguised = [
      Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00;', 'latin1'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>'),
      Buffer.alloc(0),
    ]
    for (const bytes of disguised) {
      const answer = await upload(workshop.boardId, facilitator.cookie, bytes, 'image/png')
      expect(answer.statusCode, answer.body).toBe(415)
      expect(answer.json().error).toMatchObject({ code: 'unsupported_image', message: expect.any(String) })
    }
    for (const type of ['image/gif', 'image/svg+xml', 'text/html']) {
      const answer = await upload(workshop.boardId, facilitator.cookie, png(1, 1), type)
      expect(answer.statusCode, `${type}: ${answer.body}`).toBe(415)
      expect(answer.json().error.code).toBe('unsupported_image')
    }
    const json = await upload(
      workshop.boardId,
      facilitator.cookie,
      Buffer.from('{"src":1}'),
      'application/json',
    )
    expect(json.statusCode, json.body).toBe(415)
    const none = await suite.app.inject({
      method: 'POST',
      url: `/api/boards/${workshop.boardId}/assets`,
      headers: { cookie: facilitator.cookie },
    })
    expect(none.statusCode, none.body).toBe(415)
  })

  it('refuses an image above 5 MiB with 413 image_too_large, and takes one of exactly 5 MiB', async () => {
    const { facilitator, workshop } = await workshopWithGuests(suite.app)
    const padded = (size: number) => Buffer.concat([png(2, 2), Buffer.alloc(size - png(2, 2).length)])
    const tooLarge = await upload(workshop.boardId, facilitator.cookie, padded(MAX_IMAGE_BYTES + 1))
    expect(tooLarge.statusCode, tooLarge.body).toBe(413)
    expect(tooLarge.json().error.code).toBe('image_too_large')
    const atLimit = await upload(workshop.boardId, facilitator.cookie, padded(MAX_IMAGE_BYTES))
    expect(atLimit.statusCode, atLimit.body).toBe(201)
    expect(atLimit.json()).toMatchObject({ size: MAX_IMAGE_BYTES, w: 2, h: 2 })
  })

  it('lets only the workshop’s facilitators upload: co-facilitators yes, participants and observers 403', async () => {
    const { facilitator, workshop, participant, observer } = await workshopWithGuests(suite.app)
    for (const cookie of [participant.cookie, observer.cookie]) {
      const answer = await upload(workshop.boardId, cookie, png(1, 1))
      expect(answer.statusCode).toBe(403)
      expect(answer.json().error.code).toBe('forbidden')
    }
    // A council colleague is a participant until added as a co-facilitator.
    const colleague = await inviteMember(suite.app, facilitator.cookie)
    expect((await upload(workshop.boardId, colleague.cookie, png(1, 1))).statusCode).toBe(403)
    const added = await suite.app.inject({
      method: 'POST',
      url: `/api/workshops/${workshop.id}/facilitators`,
      headers: { cookie: facilitator.cookie },
      payload: { userId: colleague.userId },
    })
    expect(added.statusCode, added.body).toBe(200)
    expect((await upload(workshop.boardId, colleague.cookie, png(1, 1))).statusCode).toBe(201)
  })

  it('shows nothing outside the board: other workshops 404, no session 401, other boards’ ids 404', async () => {
    const mine = await workshopWithGuests(suite.app)
    const other = await workshopWithGuests(suite.app)
    const uploaded = (await upload(mine.workshop.boardId, mine.facilitator.cookie, png(2, 1))).json()

    for (const cookie of [other.facilitator.cookie, other.participant.cookie]) {
      expect((await get(uploaded.src, cookie)).statusCode).toBe(404)
      expect((await upload(mine.workshop.boardId, cookie, png(1, 1))).statusCode).toBe(404)
    }
    expect((await get(uploaded.src)).statusCode).toBe(401)
    expect((await upload(mine.workshop.boardId, undefined, png(1, 1))).statusCode).toBe(401)
    // The asset id under another board the requester may read: still not found.
    const elsewhere = `/api/boards/${other.workshop.boardId}/assets/${uploaded.assetId}`
    expect((await get(elsewhere, other.facilitator.cookie)).statusCode).toBe(404)
    expect((await get(`${uploaded.src}x`, mine.participant.cookie)).statusCode).toBe(404)
    expect((await get('/api/boards/nope/assets/nope', mine.participant.cookie)).statusCode).toBe(404)
  })
})
