import type { TLRecord } from '@tldraw/tlschema'
import { expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import { imageAssetRecord, imageRecord } from '../collab/review/testing/records.ts'
import { connectClient, synced, waitFor } from '../collab/testing/clients.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'

/** A 1×1 PNG, as any image editor writes it. */
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/**
 * The upload route and the live review agree: what POST /api/boards/:boardId/assets answers as `src` is
 * what the review lets an image asset point at (server/collab/review/record-checks.ts), and nothing else
 * is, over real y-websocket clients.
 */
describeEachStore('uploaded images on the live board ($name)', (target) => {
  const harness = liveApp(target)

  it('keeps a facilitator’s image of an uploaded asset and refuses one loaded from another host', async () => {
    const { workshop, facilitator, participant } = await workshopWithGuests(harness.app)
    const uploaded = await harness.app.inject({
      method: 'POST',
      url: `/api/boards/${workshop.boardId}/assets`,
      headers: { cookie: facilitator.cookie, 'content-type': 'image/png' },
      payload: onePixelPng,
    })
    expect(uploaded.statusCode, uploaded.body).toBe(201)
    const { src } = uploaded.json() as { src: string }

    const f = connectClient(harness.origin, workshop.boardId, facilitator.cookie)
    const p = connectClient(harness.origin, workshop.boardId, participant.cookie)
    harness.clients.push(f, p)
    await Promise.all([synced(f), synced(p)])

    // The asset and its image in one update, as the client puts them after the upload.
    const put = (assetId: string, assetSrc: string, shapeId: string) =>
      f.doc.transact(() => {
        records(f.doc).set(assetId, imageAssetRecord(assetId, assetSrc))
        records(f.doc).set(shapeId, imageRecord(shapeId, assetId))
      })

    put('asset:ours', src, 'shape:ours')
    await waitFor(() => records(p.doc).has('shape:ours'), 10_000, 'the uploaded image at the participant')
    expect((records(p.doc).get('asset:ours') as TLRecord & { props: { src: string } }).props.src).toBe(src)
    expect(f.refused).toEqual([])

    put('asset:outside', 'https://example.com/x.png', 'shape:outside')
    await waitFor(() => f.refused.length > 0, 10_000, 'refusal')
    const refused = JSON.stringify(f.refused)
    for (const word of ['image_not_uploaded', 'asset:outside', 'shape:outside'])
      expect(refused).toContain(word)
    // The server's repair removes both from the sender; the participant never sees them.
    await waitFor(
      () => !records(f.doc).has('shape:outside') && !records(f.doc).has('asset:outside'),
      10_000,
      'repair',
    )
    expect(records(p.doc).has('shape:outside')).toBe(false)
    expect(records(p.doc).has('asset:outside')).toBe(false)
    // The uploaded one stays, in the live board the server keeps.
    const kept = await harness.app.liveBoards.read(workshop.boardId, (doc) => records(doc).has('shape:ours'))
    expect(kept).toBe(true)
    expect(f.closes).toEqual([])
  })
})
