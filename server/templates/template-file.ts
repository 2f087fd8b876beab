import { Value } from 'typebox/value'
import {
  TEMPLATE_FILE_FORMAT,
  TEMPLATE_FILE_VERSION,
  type Template,
  TemplateFile,
} from '../../shared/api/templates.ts'
import { HttpError } from '../errors.ts'
import { templateContentError } from './template-board.ts'

/** A template as a file carries it: no id, no council, no dates of its own. */
export type PortableTemplate = TemplateFile['template']

/** The file of a template (GET /api/templates/:id/export): format and version first. */
export function templateFile(template: Template, now = new Date()): TemplateFile {
  return {
    format: TEMPLATE_FILE_FORMAT,
    version: TEMPLATE_FILE_VERSION,
    exportedAt: now.toISOString(),
    template: {
      title: template.title,
      description: template.description,
      lang: template.lang,
      content: template.content,
    },
  }
}

/**
 * Reads a template file, checking in turn its format (400 `template_format`), its version (400
 * `template_version`), its shape against the TypeBox schema and then its records against the board
 * schema (400 `invalid_template`, naming the place at fault). Extra properties are dropped.
 */
export function readTemplateFile(data: unknown): PortableTemplate {
  const file = (data ?? {}) as { format?: unknown; version?: unknown }
  if (file.format !== TEMPLATE_FILE_FORMAT)
    throw new HttpError(400, 'template_format', 'Ce fichier n’est pas un modèle d’atelier Kenlabour.', {
      field: 'format',
    })
  if (file.version !== TEMPLATE_FILE_VERSION)
    throw new HttpError(
      400,
      'template_version',
      `Version de modèle non prise en charge : ${String(file.version)} (attendue : ${TEMPLATE_FILE_VERSION}).`,
      { field: 'version', details: { version: String(file.version), expected: TEMPLATE_FILE_VERSION } },
    )
  if (!Value.Check(TemplateFile, data)) {
    const [first] = Value.Errors(TemplateFile, data)
    const field = placeOf(first?.instancePath ?? '')
    throw invalidTemplate(
      field,
      `Modèle invalide en ${field || '/'} : ${first?.message ?? 'forme inattendue'}.`,
    )
  }
  const template = Value.Clean(TemplateFile, structuredClone(data)) as TemplateFile
  const problem = templateContentError(template.template.content)
  if (problem) throw invalidTemplate(`template.${problem.field}`, problem.message)
  return template.template
}

const invalidTemplate = (field: string, message: string) =>
  new HttpError(400, 'invalid_template', message, { field, details: { field } })

/** `/template/content/zones/0/x` → `template.content.zones.0.x`. */
const placeOf = (pointer: string) => pointer.split('/').filter(Boolean).join('.')
