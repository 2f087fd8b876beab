import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

/**
 * Deletes the rows of `table` whose columns equal `keys` (in practice one row, named by its key and the
 * scope it must belong to); true when there was one to delete.
 */
export async function deleteRows<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  keys: Partial<Record<keyof Database[T] & string, string>>,
): Promise<boolean> {
  let query = (db as Kysely<any>).deleteFrom(table as string)
  for (const [column, value] of Object.entries(keys)) query = query.where(column, '=', value)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
