import net from 'node:net'
import { sql } from 'kysely'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { waitFor } from '../collab/testing/clients.ts'
import { openFreshPostgres } from '../testing/stores.ts'
import type { Store } from './connect.ts'

/**
 * postgres.js 3.4.9 throws from a timer when a reserved connection's backend dies (porsager/postgres
 * #1208), which would end the whole server during a Postgres restart. patches/postgres+3.4.9.patch patches
 * the driver and lazy-reservation.ts keeps single statements off reserved connections. Without either,
 * vitest reports the uncaught TypeError ("reading 'write'") and this suite fails.
 */
const adminUrl = process.env.TEST_DATABASE_URL

/** The connection that died may fail one more query before the pool replaces it: retry a few times. */
async function eventually<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query()
    } catch (error) {
      if (attempt === 5) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

describe.runIf(Boolean(adminUrl))('postgres.js when a backend dies (porsager/postgres#1208)', () => {
  let store: Store
  let killer: postgres.Sql
  beforeAll(async () => {
    store = await openFreshPostgres(adminUrl!)
    killer = postgres(adminUrl!, { max: 1, onnotice: () => {} })
  })
  afterAll(async () => {
    await killer.end()
    await store.close()
  })

  it('a transaction with an isolation level runs on one connection and ends with it', async () => {
    // `start transaction isolation level …` (Kysely's BEGIN with settings) pins a connection like `begin`:
    // every statement inside sees the same snapshot, and no pooled connection is left in a transaction.
    await sql`create table if not exists pinned_probe (n int)`.execute(store.db)
    // Several pooled connections open and busy at times, as on a live server: an unpinned transaction's
    // statements would land on whichever is free.
    const busy = () => Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.02)`.execute(store.db)))
    await busy()
    const seen = await store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const pids = new Set<number>()
        for (let i = 0; i < 6; i++) {
          const outside = busy()
          pids.add((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid)
          await outside
        }
        const level = await sql<{
          level: string
        }>`select current_setting('transaction_isolation') as level`.execute(tx)
        return { pids: pids.size, level: level.rows[0]!.level }
      })
    expect(seen).toEqual({ pids: 1, level: 'repeatable read' })
    // Written outside any transaction, a row is visible at once from every pooled connection.
    await sql`insert into pinned_probe values (1)`.execute(store.db)
    const counts = await Promise.all(
      [1, 2, 3, 4, 5].map(
        async () =>
          (await sql<{ n: string }>`select count(*) as n from pinned_probe`.execute(store.db)).rows[0]!.n,
      ),
    )
    expect(counts.map(Number)).toEqual([1, 1, 1, 1, 1])
    const open = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity
      where datname = current_database() and state like 'idle in transaction%'`.execute(store.db)
    expect(Number(open.rows[0]!.n)).toBe(0)
  })

  it('a transaction whose backend is terminated rejects, and the store keeps working', async () => {
    const transaction = store.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)
      await killer`select pg_terminate_backend(${rows[0]!.pid})`
      await sql`select 1`.execute(tx)
      await sql`select 2`.execute(tx)
    })
    // Rejects (at the latest after the pinned-query deadline) instead of crashing or hanging.
    await expect(transaction).rejects.toThrow()
    const { rows } = await eventually(() => sql<{ n: number }>`select 41 + 1 as n`.execute(store.db))
    expect(rows[0]!.n).toBe(42)
  })

  it('a reserved postgres.js connection whose backend dies does not crash the process', async () => {
    const pool = postgres(adminUrl!, { max: 2, onnotice: () => {} })
    const reserved = await pool.reserve()
    const [row] = await reserved`select pg_backend_pid() as pid`
    await killer`select pg_terminate_backend(${row!.pid})`
    await expect(reserved`select 1`).rejects.toThrow()
    // The next queries write to the dead socket from a timer: unpatched, that write throws uncaught.
    // Patched, either the socket is already gone and they are rejected, or their bytes reach the dead
    // socket and they stay pending (porsager/postgres#1186, bounded by lazy-reservation.ts in the app).
    // Either way is the sign that the timer's write has run: the test waits for it for each query.
    const writes = vi.spyOn(net.Socket.prototype, 'write')
    try {
      const texts = ['select 2', 'select 3']
      const rejected = new Set<string>()
      for (const text of texts) reserved.unsafe(text).catch(() => rejected.add(text))
      const written = (text: string) => writes.mock.calls.some(([chunk]) => Buffer.from(chunk).includes(text))
      await waitFor(
        () => texts.every((text) => rejected.has(text) || written(text)),
        10_000,
        'the timer write',
      )
    } finally {
      writes.mockRestore()
    }
    reserved.release()
    expect((await eventually(() => pool`select 1 as one`))[0]!.one).toBe(1)
    await pool.end({ timeout: 1 })
  })

  it('single statements run on the pool, so a terminated backend costs one failed query at most', async () => {
    const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db)
    await killer`select pg_terminate_backend(${before.rows[0]!.pid})`
    const results = await Promise.allSettled([1, 2, 3].map(() => sql`select 1`.execute(store.db)))
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(2)
    const { rows } = await eventually(() => sql<{ n: number }>`select 1 as n`.execute(store.db))
    expect(rows[0]!.n).toBe(1)
  })
})
