import { Type } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { NoContent } from '../../shared/api/common.ts'
import {
  Template,
  TemplateFile,
  TemplateImportInput,
  TemplateListQuery,
  TemplateSummary,
} from '../../shared/api/templates.ts'
import { conflict, notFound } from '../errors.ts'
import { asDownload } from '../http/download.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { BUILT_IN_PREFIX } from './built-ins.ts'
import { usableTemplate, usableTemplates } from './lookup.ts'
import { deleteTemplate, insertTemplate } from './repository.ts'
import { readTemplateFile, templateFile } from './template-file.ts'

const TemplateParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) })

/** The council's templates and the built-in ones: list, read, export, import, delete. */
export async function templateRoutes(app: FastifyInstance): Promise<void> {
  const route = signedInRoutes(app, 'templates')
  const db = () => app.store.db

  route.get(
    '/api/templates',
    {
      summary:
        "The council's templates (newest first), then the built-in ones (`builtIn: true`); with `lang`, only the built-in ones in that language",
      querystring: TemplateListQuery,
      response: { 200: Type.Array(TemplateSummary) },
    },
    async (actor, request) => usableTemplates(db(), actor.councilId, request.query.lang),
  )

  route.get(
    '/api/templates/:id',
    {
      summary: 'One template, whole: zones, annotations (board records), agenda, settings',
      params: TemplateParams,
      response: { 200: Template },
    },
    async (actor, request) => usableTemplate(db(), actor.councilId, request.params.id),
  )

  route.get(
    '/api/templates/:id/export',
    {
      summary:
        'A template as a file to take to another council or instance (format kenlabour-template, version 1)',
      params: TemplateParams,
      response: { 200: TemplateFile },
    },
    async (actor, request, reply) => {
      const template = await usableTemplate(db(), actor.councilId, request.params.id)
      const name = template.title
        .normalize('NFD')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase()
      asDownload(reply, `modele-${name || 'atelier'}.json`)
      return templateFile(template)
    },
  )

  route.post(
    '/api/templates/import',
    {
      summary: 'Import a template file into the council (201 the new template)',
      description:
        'The file of GET /api/templates/:id/export. Refused with 400: `template_format` (not a template file), `template_version` (a version this server does not read), `invalid_template` (content outside the schema or the board format; `field` names the place).',
      body: TemplateImportInput,
      response: { 201: Template },
    },
    async (actor, request, reply) => {
      const template = readTemplateFile(request.body)
      const stored = await insertTemplate(db(), {
        ...template,
        councilId: actor.councilId,
        createdBy: actor.userId,
        sourceWorkshopId: null,
      })
      reply.status(201)
      return stored
    },
  )

  route.delete(
    '/api/templates/:id',
    {
      summary: "Delete one of the council's templates (built-in ones: 409)",
      params: TemplateParams,
      response: { 204: NoContent },
    },
    async (actor, request, reply) => {
      const { id } = request.params
      if (id.startsWith(BUILT_IN_PREFIX)) {
        await usableTemplate(db(), actor.councilId, id)
        throw conflict('Les modèles fournis avec Kenlabour ne se suppriment pas.', 'built_in_template')
      }
      const template = await usableTemplate(db(), actor.councilId, id)
      if (!(await deleteTemplate(db(), actor.councilId, template.id))) throw notFound('Modèle')
      reply.status(204).send(null)
    },
  )
}
