import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import * as Y from 'yjs'
import packageJson from '../../package.json' with { type: 'json' }
import { requireCouncilAdmin } from '../auth/session-plugin.ts'
import { notFound } from '../errors.ts'
import { asDownload, mediaTypes } from '../http/download.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { exportCouncil } from './export.ts'

/** A zip file, sent as bytes (Fastify sends a Buffer as it is). */
const ZipFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the zip archive' })

/** GET /api/council/export: the council's whole data as one archive (docs/council-archive.md). */
export async function councilArchiveRoutes(app: FastifyInstance): Promise<void> {
  const admin = signedInRoutes(app, 'council', requireCouncilAdmin)

  admin.get(
    '/api/council/export',
    {
      summary:
        'The council’s whole data as one zip archive (council administrators): contracts, workshops, ' +
        'boards (Yjs state and JSON), snapshots, project records with their history, actors, members ' +
        '(no password, session or link), images and the records as documents; manifest.json first',
      produces: [mediaTypes.zip],
      response: { 200: ZipFile },
    },
    async (actor, request, reply) => {
      const archive = await exportCouncil(app.store.db, actor.councilId, {
        instanceVersion: packageJson.version,
        // A board open here with people on it: its document in memory, which may hold edits of the last
        // few milliseconds that are not stored yet. Other boards are read from the store.
        liveState: async (boardId) =>
          app.liveBoards.onlineActors(boardId).size > 0
            ? app.liveBoards.read(boardId, (doc) => Y.encodeStateAsUpdate(doc))
            : undefined,
      })
      if (!archive) throw notFound('Conseil')
      request.log.info(
        { councilId: actor.councilId, bytes: archive.bytes.byteLength, counts: archive.manifest.counts },
        'council exported',
      )
      return asDownload(reply, archive.fileName, mediaTypes.zip)
        .header('cache-control', 'no-store')
        .send(Buffer.from(archive.bytes.buffer, archive.bytes.byteOffset, archive.bytes.byteLength))
    },
  )
}
