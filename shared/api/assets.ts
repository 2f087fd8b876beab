import { type Static, Type } from 'typebox'

/** Images on a board: uploaded by facilitators, served from our own server. */

export const BoardParams = Type.Object({ boardId: Type.String({ minLength: 1, maxLength: 100 }) })
export const AssetParams = Type.Object({
  boardId: Type.String({ minLength: 1, maxLength: 100 }),
  assetId: Type.String({ minLength: 1, maxLength: 100 }),
})

export const UploadedAsset = Type.Object({
  assetId: Type.String(),
  src: Type.String({ description: 'where the image is served: /api/boards/:boardId/assets/:assetId' }),
  mimeType: Type.Union([Type.Literal('image/png'), Type.Literal('image/jpeg'), Type.Literal('image/webp')]),
  w: Type.Integer({ description: 'width in pixels, from the file header' }),
  h: Type.Integer({ description: 'height in pixels, from the file header' }),
  size: Type.Integer({ description: 'bytes' }),
})

export type BoardParams = Static<typeof BoardParams>
export type AssetParams = Static<typeof AssetParams>
export type UploadedAsset = Static<typeof UploadedAsset>
