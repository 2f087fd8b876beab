import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import { AssetParams, BoardParams, UploadedAsset } from '../../shared/api/assets.ts'
import { errorResponses } from '../../shared/api/common.ts'
import { MAX_IMAGE_BYTES } from '../../shared/collab/limits.ts'
import { type BoardAccess, resolveBoardAccess } from '../auth/board-access.ts'
import { requireActor } from '../auth/session-plugin.ts'
import { forbidden, imageTooLarge, invalidText, notFound, unsupportedImage } from '../errors.ts'
import { isRefusedText } from '../http/text-rule.ts'
import { IMAGE_MIME_TYPES, sniffImage } from './image-kind.ts'
import { findAsset, insertAsset } from './repository.ts'

/**
 * Images of a board (DESIGN.md, "Images"): facilitators upload PNG, JPEG or WebP files, stored in the
 * database; every member of the board reads them back from this server, the only place an image on a
 * board may load from (the live review refuses any other `src`, server/collab/review/record-checks.ts).
 */

/** The path an image is served from; the live review accepts image assets whose `src` is one. */
export function assetPath(boardId: string, assetId: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}/assets/${encodeURIComponent(assetId)}`
}

/**
 * The requester's access to the board. Someone outside the workshop learns nothing of the board or its
 * images: 404, as for a board that does not exist.
 */
async function memberAccess(app: FastifyInstance, request: FastifyRequest, boardId: string) {
  // The upload checks access on request, before the schemas' text rule (http/text-rule.ts) runs.
  if (isRefusedText(boardId)) throw invalidText('params.boardId')
  const access = await resolveBoardAccess(app.store.db, requireActor(request), boardId)
  if (access === 'not_found' || access === 'forbidden') throw notFound('Tableau')
  return access
}

/** Board image routes, in their own scope: the image body parsers serve these routes only. */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()

  // The body is the file itself. The declared type only lets the body in: what is stored is decided
  // by the bytes (sniffImage).
  app.addContentTypeParser(
    [...IMAGE_MIME_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
    (_request, body, done) => done(null, body),
  )

  // Who may upload is known before the body is read: a refused person's 5 MiB are not waited for.
  const uploaders = new WeakMap<FastifyRequest, BoardAccess>()

  api.post(
    '/api/boards/:boardId/assets',
    {
      schema: {
        tags: ['boards'],
        summary: 'Upload an image to the board (facilitators): PNG, JPEG or WebP, 5 MiB at most',
        description:
          'The body is the image file, sent as image/png, image/jpeg or image/webp. Its type is read from ' +
          'its first bytes: anything else is refused with 415 unsupported_image.',
        params: BoardParams,
        consumes: [...IMAGE_MIME_TYPES],
        response: { 201: UploadedAsset, ...errorResponses, 415: errorResponses[400] },
      },
      onRequest: async (request) => {
        const { boardId } = request.params as { boardId: string }
        const access = await memberAccess(app, request, boardId)
        if (access.role !== 'facilitator')
          throw forbidden('Seule l’animation peut ajouter des images au tableau.')
        uploaders.set(request, access)
      },
      // Fastify's own refusals of the body, in this route's words.
      errorHandler: (error: FastifyError) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw imageTooLarge(MAX_IMAGE_BYTES)
        if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw unsupportedImage()
        throw error
      },
    },
    async (request, reply) => {
      const access = uploaders.get(request)!
      const bytes = request.body instanceof Uint8Array ? request.body : new Uint8Array()
      if (bytes.byteLength > MAX_IMAGE_BYTES) throw imageTooLarge(MAX_IMAGE_BYTES)
      const kind = sniffImage(bytes)
      if (!kind) throw unsupportedImage()
      const assetId = await insertAsset(app.store.db, {
        boardId: access.boardId,
        mimeType: kind.mimeType,
        bytes,
        createdBy: access.actorId,
      })
      reply.status(201)
      return {
        assetId,
        src: assetPath(access.boardId, assetId),
        mimeType: kind.mimeType,
        w: kind.w,
        h: kind.h,
        size: bytes.byteLength,
      }
    },
  )

  api.get(
    '/api/boards/:boardId/assets/:assetId',
    {
      schema: {
        tags: ['boards'],
        summary: 'An image of the board, as uploaded (any member of the board)',
        params: AssetParams,
        produces: [...IMAGE_MIME_TYPES],
        response: { 200: {}, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { boardId, assetId } = request.params
      await memberAccess(app, request, boardId)
      const asset = await findAsset(app.store.db, boardId, assetId)
      if (!asset) throw notFound('Image')
      // The type stored is the one sniffed at upload; nosniff keeps browsers to it. An upload never
      // changes (a new file is a new id), so browsers keep it for good, privately (it needs a session).
      reply.header('content-type', asset.mimeType)
      reply.header('x-content-type-options', 'nosniff')
      reply.header('cache-control', 'private, max-age=31536000, immutable')
      reply.header('content-disposition', 'inline')
      return Buffer.from(asset.bytes.buffer, asset.bytes.byteOffset, asset.bytes.byteLength)
    },
  )
}
