import { type Kysely, sql } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../../db/schema.ts'

/**
 * The whole database as text, for erasure tests to search: every row of every table of the schema
 * (whatever tables later migrations add), every column as JSON, and every binary column three ways: its
 * bytes read as UTF-8, the content of every struct of it decoded as a Yjs update (deleted items
 * included, when an update still carries them), and the document it builds.
 */
export async function dumpStore(db: Kysely<Database>): Promise<string> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by 1`.execute(db)
  const parts: string[] = []
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)
    for (const row of rows.rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value instanceof Uint8Array) parts.push(`${name}.${column}: ${describeBytes(value)}`)
        else parts.push(`${name}.${column}: ${JSON.stringify(value)}`)
      }
    }
  }
  return parts.join('\n')
}

/** Bytes as UTF-8 text, and, when they are a Yjs update, every struct's content and the document's JSON. */
export function describeBytes(bytes: Uint8Array): string {
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = [Buffer.from(view).toString('utf8')]
  try {
    out.push(JSON.stringify(decodeUpdateContent(view)))
    const doc = new Y.Doc()
    Y.applyUpdate(doc, view)
    out.push(
      JSON.stringify({
        records: doc.getArray('records').toJSON(),
        meta: doc.getMap('meta').toJSON(),
        votes: doc.getMap('votes').toJSON(),
      }),
    )
    doc.destroy()
  } catch {
    // Not a Yjs update (an image, a digest): its bytes as text above are what there is to search.
  }
  return out.join(' | ')
}

/** The content of every struct of a Yjs update (what a deleted but not yet collected item still holds). */
export function decodeUpdateContent(update: Uint8Array): unknown[] {
  const { structs } = Y.decodeUpdate(update)
  const content: unknown[] = []
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    if (struct.parentSub) content.push(struct.parentSub)
    if (typeof struct.parent === 'string') content.push(struct.parent)
    // A nested type has no content of its own: its items are structs of the update too.
    for (const item of struct.content.getContent())
      content.push(item instanceof Y.AbstractType ? '[type]' : item)
  }
  return content
}
