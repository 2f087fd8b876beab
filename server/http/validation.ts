import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

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

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object) as any
