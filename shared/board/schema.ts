import { createTLSchema, defaultShapeSchemas, type TLRecord, type TLSchema } from '@tldraw/tlschema'
import { boardShapeSchemas } from './shapes.ts'

/**
 * The board schema: tldraw's record types and default shapes plus the three custom shapes. Server and
 * client build it from this one module, so a record the server accepts is one every client can load.
 * Its validators reject NaN or infinite numbers, unknown shape types, missing, wrong or extra props and
 * bad index keys.
 */
export const boardSchema: TLSchema = createTLSchema({
  shapes: { ...defaultShapeSchemas, ...boardShapeSchemas },
})

/** Largest record accepted in a board, as JSON text: a single shape has no business being bigger. */
export const RECORD_JSON_MAX = 200_000

/**
 * Record types that live in the document (DESIGN.md, "Board format"): document, page, shape, binding, asset.
 * Instance, camera, pointer and presence records are per-session and never enter the shared document.
 */
export const documentRecordTypes: ReadonlySet<string> = new Set(
  Object.values(boardSchema.types)
    .filter((type) => type.scope === 'document')
    .map((type) => type.typeName),
)

export type RecordCheck = { ok: true; record: TLRecord } | { ok: false; message: string }

/**
 * Checks one record as it would be stored under `key`. `before` is the record's previous, already
 * valid version when there is one: tldraw's validators then skip the parts that did not change.
 */
export function checkBoardRecord(key: string, value: unknown, before?: TLRecord): RecordCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, message: 'not a record object' }
  const record = value as { id?: unknown; typeName?: unknown }
  if (record.id !== key)
    return { ok: false, message: `id ${JSON.stringify(record.id)} does not match its key` }
  if (typeof record.typeName !== 'string' || !documentRecordTypes.has(record.typeName))
    return { ok: false, message: `record type ${JSON.stringify(record.typeName)} is not a document record` }
  const type = boardSchema.types[record.typeName as TLRecord['typeName']]
  try {
    // Measured before validating: a 5 MB rich text passes tldraw's validators, not this limit.
    const size = JSON.stringify(value).length
    if (size > RECORD_JSON_MAX) return { ok: false, message: `record too large (${size} characters)` }
    const usable = before && before.typeName === record.typeName ? before : undefined
    return { ok: true, record: type.validate(value, usable) as TLRecord }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}
