import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../db/schema.ts'

/** The ids of the rows of `table` whose `column` equals `value`, as the store holds them now. */
export async function idsWhere<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  column: keyof Database[T] & string,
  value: string,
): Promise<string[]> {
  // Kysely cannot narrow a table chosen by a type parameter: the query is written untyped.
  const untyped = db as Kysely<any>
  const rows = await untyped
    .selectFrom(table as string)
    .select('id')
    .where(column as string, '=', value)
    .execute()
  return rows.map((row: { id: string }) => row.id)
}

/** The one row of `table` whose `column` equals `value`, as the store holds it now; throws if there is none. */
export async function rowWhere<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  column: keyof Database[T] & string,
  value: string,
): Promise<Selectable<Database[T]>> {
  const untyped = db as Kysely<any>
  const row = await untyped
    .selectFrom(table as string)
    .selectAll()
    .where(column as string, '=', value)
    .executeTakeFirstOrThrow()
  return row as Selectable<Database[T]>
}
