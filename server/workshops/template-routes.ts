import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ErrorBody, errorResponses, IdParams } from '../../shared/api/common.ts'
import { DuplicateWorkshopInput, SaveTemplateInput, Template } from '../../shared/api/templates.ts'
import { WorkshopView } from '../../shared/api/workshops.ts'
import { requireAccount } from '../auth/session-plugin.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { workshopView } from './commands.ts'
import { duplicateWorkshop, saveWorkshopTemplate } from './from-template.ts'

/** A workshop saved as a template, and a workshop duplicated. */
export async function workshopTemplateRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const route = signedInRoutes(app, 'templates')

  route.post(
    '/api/workshops/:id/template',
    {
      summary: 'Save the workshop as a template of the council: zones, annotations, agenda, settings',
      description:
        'Reads the live board: its zones with their layout, the annotations (text, arrows, frames, shapes, drawings; no idea, cluster, note or image) and the vote, silent writing and anonymity settings. `agenda` gives the minutes the timer proposes per phase (default: the workshop’s own agenda, if it started from a template).',
      params: IdParams,
      body: SaveTemplateInput,
      response: { 201: Template, ...errorResponses, 503: ErrorBody },
    },
    async (actor, request, reply) => {
      const template = await saveWorkshopTemplate(app, actor, request.params.id, request.body)
      reply.status(201)
      return template
    },
  )

  api.post(
    '/api/workshops/:id/duplicate',
    {
      schema: {
        tags: ['workshops'],
        summary: 'Duplicate a workshop: same contract, zones, annotations and settings; no idea, new codes',
        params: IdParams,
        body: DuplicateWorkshopInput,
        response: { 201: WorkshopView, ...errorResponses, 503: ErrorBody },
      },
      // The body is optional: a bare POST duplicates with the default title.
      preValidation: async (request) => {
        request.body ??= {}
      },
    },
    async (request, reply) => {
      const actor = requireAccount(request)
      const copyId = await duplicateWorkshop(app, actor, request.params.id, request.body)
      reply.status(201)
      return workshopView(app.store.db, copyId, actor.userId)
    },
  )
}
