import type { Kysely } from 'kysely'
import type { Template, TemplateSummary } from '../../shared/api/templates.ts'
import type { Database } from '../db/schema.ts'
import { notFound } from '../errors.ts'
import { BUILT_IN_PREFIX, builtInTemplate, builtInTemplates } from './built-ins.ts'
import { findTemplate, listTemplates } from './repository.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A template the council may use: a built-in one or its own; 404 otherwise (another council's too). */
export async function usableTemplate(db: Kysely<Database>, councilId: string, id: string): Promise<Template> {
  const template = id.startsWith(BUILT_IN_PREFIX)
    ? builtInTemplate(id)
    : UUID.test(id)
      ? await findTemplate(db, councilId, id)
      : undefined
  if (!template) throw notFound('Modèle')
  return template
}

/**
 * Every template the council may use: its own (newest first, whatever their language), then the built-in
 * ones, only those in `lang` when it is given.
 */
export async function usableTemplates(
  db: Kysely<Database>,
  councilId: string,
  lang?: 'fr' | 'en',
): Promise<TemplateSummary[]> {
  const builtIns = builtInTemplates().filter((template) => !lang || template.lang === lang)
  return [...(await listTemplates(db, councilId)), ...builtIns].map(summarize)
}

/** A template without its records, for lists. */
export function summarize(template: Template): TemplateSummary {
  const { content, ...rest } = template
  return {
    ...rest,
    zonesFromContract: content.zonesFromContract ?? null,
    zones: content.zones.map(({ priorityCode, actionCode, title }) => ({ priorityCode, actionCode, title })),
    annotationCount: content.annotations.filter((record) => record.typeName === 'shape').length,
    agenda: content.agenda,
    settings: content.settings,
  }
}
