import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'

/** What a store holds, counted, for the operator to recognise it after a restore. */
export interface StoreSummary {
  councils: number
  accounts: number
  workshops: number
  boards: number
  projects: number
}

export async function summarizeStore(db: Kysely<Database>): Promise<StoreSummary> {
  const count = async (table: 'councils' | 'users' | 'workshops' | 'boards' | 'projects') => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .executeTakeFirst()
    return Number(row?.count ?? 0)
  }
  return {
    councils: await count('councils'),
    accounts: await count('users'),
    workshops: await count('workshops'),
    boards: await count('boards'),
    projects: await count('projects'),
  }
}

export function describeSummary(summary: StoreSummary): string {
  return (
    `${summary.councils} council(s), ${summary.accounts} account(s), ${summary.workshops} workshop(s), ` +
    `${summary.boards} board(s), ${summary.projects} project record(s)`
  )
}
