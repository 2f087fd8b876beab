import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Template } from '../../shared/api/templates.ts'
import { readTemplateFile } from './template-file.ts'

/** Where the built-in templates live: one template file (format v1) each, in French or English. */
export const BUILT_IN_FOLDER = join(import.meta.dirname, 'built-in')

export const BUILT_IN_PREFIX = 'builtin-'

let loaded: Template[] | undefined

/**
 * The built-in templates, read once from their files and checked like an imported file (a broken one
 * stops the server at its first use rather than answering a bad board). Ids are `builtin-` + file name.
 */
export function builtInTemplates(): Template[] {
  loaded ??= readdirSync(BUILT_IN_FOLDER)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const template = readTemplateFile(JSON.parse(readFileSync(join(BUILT_IN_FOLDER, name), 'utf8')))
      return {
        id: `${BUILT_IN_PREFIX}${basename(name, '.json')}`,
        ...template,
        builtIn: true,
        createdAt: null,
        sourceWorkshopId: null,
      }
    })
  return loaded
}

/** One built-in template by id, if there is one. */
export function builtInTemplate(id: string): Template | undefined {
  return builtInTemplates().find((template) => template.id === id)
}
