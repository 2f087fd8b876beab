import { sql } from 'kysely'
import type { Store } from '../db/connect.ts'

/**
 * Every row of every table of the store, each as its JSON text (Postgres' row_to_json: bytea as hex),
 * by table name. Tables are read from the catalogue, so a table added by a later migration is covered
 * without touching the tests that look for what a delete or an erasure left behind.
 */
export async function everyRow(store: Store): Promise<Map<string, string[]>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(store.db)
  const rows = new Map<string, string[]>()
  for (const { table_name } of tables.rows) {
    const result = await sql<{ row: string }>`
      select row_to_json(t)::text as row from ${sql.table(table_name)} t`.execute(store.db)
    rows.set(
      table_name,
      result.rows.map((r) => r.row),
    )
  }
  return rows
}

/** The rows (table: JSON text) that mention any of `ids`. */
export function rowsMentioning(rows: Map<string, string[]>, ids: Iterable<string>): string[] {
  const wanted = [...ids].filter((id) => id.length > 0)
  const found: string[] = []
  for (const [table, texts] of rows)
    for (const text of texts) if (wanted.some((id) => text.includes(id))) found.push(`${table}: ${text}`)
  return found
}

/** Rows of `before` missing from `after` (deleted or changed), as `table: JSON text`. */
export function rowsGone(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
  const gone: string[] = []
  for (const [table, texts] of before) {
    const kept = new Set(after.get(table) ?? [])
    for (const text of texts) if (!kept.has(text)) gone.push(`${table}: ${text}`)
  }
  return gone
}

/** Rows of `after` that `before` did not have (new or changed), as `table: JSON text`. */
export function rowsNew(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
  return rowsGone(after, before)
}

/**
 * What a delete changed beyond the rows of the thing it deleted: rows deleted or changed that did not
 * mention any of `ids`, and rows new or changed whose earlier version (same table, same `id`) did not.
 * Empty when the delete touched only rows that were about it (deleting them, or dropping their link
 * to it, as a foreign key's SET NULL does).
 */
export function changesBeyond(
  before: Map<string, string[]>,
  after: Map<string, string[]>,
  ids: Iterable<string>,
): string[] {
  const wanted = [...ids]
  const mentions = (text: string) => wanted.some((id) => id.length > 0 && text.includes(id))
  const previous = new Map<string, string>()
  for (const [table, texts] of before)
    for (const text of texts) {
      const id = (JSON.parse(text) as { id?: unknown }).id
      if (id !== undefined) previous.set(`${table}:${String(id)}`, text)
    }
  const problems: string[] = []
  for (const row of rowsGone(before, after)) if (!mentions(row)) problems.push(`deleted or changed: ${row}`)
  for (const row of rowsNew(before, after)) {
    const table = row.slice(0, row.indexOf(': '))
    const id = (JSON.parse(row.slice(table.length + 2)) as { id?: unknown }).id
    const earlier = id === undefined ? undefined : previous.get(`${table}:${String(id)}`)
    if (!earlier || !mentions(earlier)) problems.push(`new or changed: ${row}`)
  }
  return problems
}
