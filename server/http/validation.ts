import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import { invalidText } from '../errors.ts'
import { findRefusedText } from './text-rule.ts'

/**
 * Two validators: JSON bodies are checked as sent (a number where a string is expected is an error,
 * not coerced), while path and query parameters, which arrive as text, are coerced to their types.
 */
function makeAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: true,
    allErrors: false,
    strict: false,
  })
  addFormats(ajv)
  return ajv
}

// ajv-formats is CommonJS: its function is the default export at run time, `.default` in its types.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv

const strict = makeAjv(false)
const coercing = makeAjv('array')

/**
 * Every schema-checked part of a request (body, path, query, headers) first passes the text rule
 * (text-rule.ts): a string anywhere in it holding NUL or a lone surrogate is refused with 400
 * `invalid_text`, naming the field, before the schema's own checks; so every route has the rule
 * without its schemas repeating it.
 */
export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? strict : coercing).compile(schema as object)
  const where = httpPart === 'querystring' ? 'query' : (httpPart ?? 'body')
  const checked = (data: unknown) => {
    const refused = findRefusedText(data)
    if (refused) return { error: invalidText(refused.length > 0 ? `${where}.${refused}` : where) }
    return validate(data)
  }
  return Object.defineProperty(checked, 'errors', { get: () => validate.errors }) as any
}
