import { expect, it } from 'vitest'
import * as accounts from '../db/migrations/2026-12-05-1700-accounts.ts'
import { suiteStore } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'

describeEachStore('migration 2026-12-05-1700-accounts on existing councils ($name)', (target) => {
  const suite = suiteStore(target)

  it('makes the oldest account of each council its administrator, the others members', async () => {
    // Back to the schema before the migration, with councils as they were then.
    await accounts.down(suite.store.db)
    const db = suite.store.db as unknown as import('kysely').Kysely<any>
    await db
      .insertInto('councils')
      .values([
        { id: 'c1', name: 'Léon' },
        { id: 'c2', name: 'Trégor' },
      ])
      .execute()
    const user = (id: string, council: string, at: string) => ({
      id,
      council_id: council,
      email: `${id}@example.fr`,
      display_name: id,
      password_hash: 'x',
      created_at: at,
    })
    await db
      .insertInto('users')
      .values([
        user('c1-second', 'c1', '2026-02-01T00:00:00Z'),
        user('c1-first', 'c1', '2026-01-01T00:00:00Z'),
        user('c2-only', 'c2', '2026-03-01T00:00:00Z'),
        user('c1-third', 'c1', '2026-04-01T00:00:00Z'),
      ])
      .execute()
    await accounts.up(suite.store.db)
    const rows = await suite.store.db
      .selectFrom('users')
      .select(['id', 'role', 'removed_at'])
      .orderBy('id')
      .execute()
    expect(rows).toEqual([
      { id: 'c1-first', role: 'admin', removed_at: null },
      { id: 'c1-second', role: 'member', removed_at: null },
      { id: 'c1-third', role: 'member', removed_at: null },
      { id: 'c2-only', role: 'admin', removed_at: null },
    ])
    expect(await suite.store.db.selectFrom('password_resets').selectAll().execute()).toEqual([])
  })
})
