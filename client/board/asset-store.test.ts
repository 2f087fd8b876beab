import type { TLAsset } from 'tldraw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { boardAssetStore } from './asset-store.ts'

const image = (src: string) =>
  ({ id: 'asset:a', typeName: 'asset', type: 'image', props: { src }, meta: {} }) as unknown as TLAsset

describe('boardAssetStore', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('uploads a facilitator’s file to the board and keeps the served path as src', async () => {
    const fetch = vi.fn(async () =>
      Response.json(
        { assetId: 'x1', src: '/api/boards/b1/assets/x1', mimeType: 'image/png', w: 1, h: 1, size: 3 },
        { status: 201 },
      ),
    )
    vi.stubGlobal('fetch', fetch)
    const file = new File([new Uint8Array([1, 2, 3])], 'plan.png', { type: 'image/png' })
    await expect(boardAssetStore('b1', 'facilitator').upload(image(''), file)).resolves.toEqual({
      src: '/api/boards/b1/assets/x1',
    })
    expect(fetch).toHaveBeenCalledWith(
      '/api/boards/b1/assets',
      expect.objectContaining({
        method: 'POST',
        body: file,
        headers: expect.objectContaining({ 'content-type': 'image/png' }),
      }),
    )
  })

  it('passes the server’s refusal on, in its words', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json(
        { error: { code: 'image_too_large', message: 'Image trop volumineuse : 5 Mo au plus.' } },
        { status: 413 },
      ),
    )
    const file = new File([new Uint8Array(1)], 'big.png', { type: 'image/png' })
    await expect(boardAssetStore('b1', 'facilitator').upload(image(''), file)).rejects.toMatchObject({
      code: 'image_too_large',
      message: 'Image trop volumineuse : 5 Mo au plus.',
    })
  })

  it('gives participants and observers no upload path', async () => {
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    const file = new File([new Uint8Array(1)], 'x.png', { type: 'image/png' })
    for (const role of ['participant', 'observer'] as const)
      await expect(boardAssetStore('b1', role).upload(image(''), file)).rejects.toThrow()
    expect(fetch).not.toHaveBeenCalled()
  })

  it('draws only this board’s uploads', () => {
    const store = boardAssetStore('b1', 'participant')
    const ctx = {} as never
    expect(store.resolve?.(image('/api/boards/b1/assets/x1'), ctx)).toBe('/api/boards/b1/assets/x1')
    for (const src of [
      '/api/boards/b2/assets/x1',
      'https://evil.example/x.png',
      'data:image/png;base64,AA==',
      '',
    ])
      expect(store.resolve?.(image(src), ctx)).toBeNull()
  })
})
