import { PGlite } from '@electric-sql/pglite'
import { Kysely, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { PGliteDialect } from './pglite-dialect.ts'

/**
 * Why the project keeps its own PGlite dialect beside the one Kysely 0.29 ships: Kysely's driver opens
 * every transaction with PGlite's `transaction()`, at the default level whatever the caller asks, and
 * closes the PGlite instance when Kysely is destroyed. The council export reads a whole council in one
 * repeatable-read transaction, and the store dumps or closes PGlite itself after Kysely is done. These
 * tests fail on Kysely's PGliteDialect.
 */
describe('the PGlite dialect', () => {
  let pglite: PGlite
  let db: Kysely<any> | undefined

  afterEach(async () => {
    await db?.destroy()
    db = undefined
    if (!pglite.closed) await pglite.close()
  })

  it('opens a transaction at the isolation level asked for', async () => {
    pglite = await PGlite.create('memory://')
    db = new Kysely<any>({ dialect: new PGliteDialect(pglite) })
    const levels: string[] = []
    for (const level of ['repeatable read', 'serializable'] as const) {
      await db
        .transaction()
        .setIsolationLevel(level)
        .execute(async (tx) => {
          const { rows } = await sql<{
            level: string
          }>`select current_setting('transaction_isolation') as level`.execute(tx)
          levels.push(rows[0]!.level)
        })
    }
    expect(levels).toEqual(['repeatable read', 'serializable'])
  })

  it('runs one user at a time: a query waits while another holds a transaction', async () => {
    pglite = await PGlite.create('memory://')
    db = new Kysely<any>({ dialect: new PGliteDialect(pglite) })
    await sql`create table t (n int)`.execute(db)
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const transaction = db.transaction().execute(async (tx) => {
      await sql`insert into t values (1)`.execute(tx)
      await held
      throw new Error('rolled back')
    })
    // Issued while the transaction holds the connection: it must see neither the uncommitted row nor
    // run inside that transaction (which would roll it back with it).
    const outside = sql<{ count: number }>`select count(*)::int as count from t`.execute(db)
    release()
    await expect(transaction).rejects.toThrow('rolled back')
    expect((await outside).rows[0]!.count).toBe(0)
  })

  it('leaves PGlite open when Kysely is destroyed, for the store to dump and close', async () => {
    pglite = await PGlite.create('memory://')
    db = new Kysely<any>({ dialect: new PGliteDialect(pglite) })
    await sql`select 1`.execute(db)
    await db.destroy()
    db = undefined
    expect(pglite.closed).toBe(false)
    expect((await pglite.dumpDataDir('none')).size).toBeGreaterThan(0)
  })
})
