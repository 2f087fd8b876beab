import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.ts'

/**
 * Holds a transaction-scoped advisory lock for the demo seed: two instances starting at once on one empty
 * Postgres would otherwise both find it empty and both seed. The second waits, then finds data.
 */
export async function lockDemoSeed(db: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('kenlabour-demo-seed'))`.execute(db)
}
