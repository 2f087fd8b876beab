import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errorResponses, NoContent } from '../../shared/api/common.ts'
import { Showcase, ShowcaseQuery, SlugBody, SlugParams } from '../../shared/api/showcase.ts'
import { requireCouncilAdmin } from '../auth/session-plugin.ts'
import { conflict } from '../errors.ts'
import { asDownload, csvFileSchema, mediaTypes } from '../http/download.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { showcaseToCsv } from './csv.ts'
import { councilShowcase } from './public.ts'
import { changeSlug } from './slug.ts'

/**
 * The public showcase (DESIGN.md, "Public showcase"): a council's published records without account, as
 * the public page's data, an open-data JSON file of the same shape and a CSV for spreadsheets; and the
 * administrator's change of the council's slug. Every answer is read from the store at the request
 * (`no-cache`): a record unpublished a second ago is gone. Other sites may read the data (CORS `*`, no
 * credentials); only the widget's page may be framed (http/security-headers.ts).
 */
export async function showcaseRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const admin = signedInRoutes(app, 'showcase', requireCouncilAdmin)
  const db = () => app.store.db

  function openData(reply: FastifyReply): void {
    reply.header('access-control-allow-origin', '*').header('cache-control', 'no-cache')
  }

  /** The instance's address, for the calls' links in the CSV. */
  function instanceOrigin(request: FastifyRequest): string {
    return app.config.publicOrigins[0] ?? `${request.protocol}://${request.host}`
  }

  const schema = {
    tags: ['showcase'],
    params: SlugParams,
    querystring: ShowcaseQuery,
  }

  api.get(
    '/api/public/councils/:slug/projects',
    {
      schema: {
        ...schema,
        summary: 'A council’s published records, public fields only (no account)',
        description:
          'The data of the public page /vitrine/:slug: format kenlabour-showcase version 1. Title, priority, status and origin (the call and its public page, or the workshop’s title) of every published record; the other fields only when the council made them public, absent otherwise. Sorted by contract and priority (sort=title or updated for others).',
        response: { 200: Showcase, ...errorResponses },
      },
    },
    async (request, reply) => {
      openData(reply)
      return councilShowcase(db(), request.params.slug, request.query)
    },
  )

  api.get(
    '/api/public/councils/:slug/projects.json',
    {
      schema: {
        ...schema,
        summary: 'The same as open data: a JSON file to download (kenlabour-showcase version 1)',
        produces: ['application/json'],
        response: { 200: Showcase, ...errorResponses },
      },
    },
    async (request, reply) => {
      const showcase = await councilShowcase(db(), request.params.slug, request.query)
      openData(reply)
      asDownload(reply, `vitrine-${showcase.council.slug}.json`)
      return showcase
    },
  )

  api.get(
    '/api/public/councils/:slug/projects.csv',
    {
      schema: {
        ...schema,
        summary: 'The same as CSV for a French spreadsheet (UTF-8 with BOM, `;` separators)',
        ...csvFileSchema,
      },
    },
    async (request, reply) => {
      const showcase = await councilShowcase(db(), request.params.slug, request.query)
      openData(reply)
      asDownload(reply, `vitrine-${showcase.council.slug}.csv`, mediaTypes.csv)
      return showcaseToCsv(showcase, instanceOrigin(request))
    },
  )

  admin.put(
    '/api/council/slug',
    {
      summary: 'Change the address of the council’s public pages (council administrators)',
      description:
        'Lower-case letters, digits and single hyphens, 2 to 60 characters; 409 slug_taken when another council holds it. The old address stops answering at once.',
      body: SlugBody,
      response: { 204: NoContent },
    },
    async (actor, request, reply) => {
      if (!(await changeSlug(db(), actor.councilId, request.body.slug)))
        throw conflict('Cette adresse de vitrine est déjà prise par un autre conseil.', 'slug_taken')
      reply.status(204)
      return null
    },
  )
}
