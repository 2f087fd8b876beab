import { mkdirSync } from 'node:fs'
import { basename } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, type RawBuilder, sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { lockDataDir } from './embedded-lock.ts'
import { withLazyReservation } from './lazy-reservation.ts'
import { migrations } from './migrations/index.ts'
import { PGliteDialect } from './pglite-dialect.ts'
import { pgliteExtensions } from './pglite-extensions.ts'
import { assertPostgresPatched } from './postgres-patch.ts'
import type { Database } from './schema.ts'

export type StoreKind = 'embedded' | 'postgres'

/** An open store: the Kysely handle, which engine it runs on, and how to close it. */
export interface Store {
  db: Kysely<Database>
  kind: StoreKind
  close(): Promise<void>
}

export interface StoreOptions {
  /** A Postgres URL; without it the store is embedded PGlite. */
  databaseUrl?: string
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string
  /** Connections in the pool (postgres only). */
  maxConnections?: number
  /** A PGlite data-directory dump to start from (tests: a migrated template instead of a fresh initdb). */
  embeddedTemplate?: Blob
}

/** Opens the store and brings its schema up to date with the dated migrations. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.maxConnections)
    : await openEmbedded(options.dataDir, options.embeddedTemplate)
  try {
    await migrateToLatest(store.db)
  } catch (error) {
    await store.close()
    throw error
  }
  return store
}

function openPostgres(url: string, max = 10): Store {
  // int8 stays a string (postgres.js default): see schema.ts for how repositories read it.
  assertPostgresPatched()
  const sql = postgres(url, { max, onnotice: () => {}, connection: { application_name: 'kenlabour' } })
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: withLazyReservation(sql) }) })
  return {
    db,
    kind: 'postgres',
    // A bounded end: a query stranded on a connection that died (see lazy-reservation.ts) must not hold
    // the shutdown forever; by then the live boards have flushed.
    close: async () => {
      await sql.end({ timeout: 5 })
      await db.destroy()
    },
  }
}

async function openEmbedded(dataDir = 'data', template?: Blob): Promise<Store> {
  const inMemory = dataDir.startsWith('memory://')
  if (!inMemory) mkdirSync(dataDir, { recursive: true })
  // One process at a time on a data folder (embedded-lock.ts says why): the server refuses to start on
  // a folder that `npm run backup` holds, and the commands refuse one that a running server holds.
  const lock = inMemory ? undefined : lockDataDir(dataDir, basename(process.argv[1] ?? 'node'))
  let pglite: PGlite
  try {
    pglite = await PGlite.create(dataDir, {
      extensions: pgliteExtensions,
      ...(template ? { loadDataDir: template } : {}),
    })
  } catch (error) {
    lock?.release()
    throw error
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
  return {
    db,
    kind: 'embedded',
    close: async () => {
      try {
        await db.destroy()
        await pglite.close()
      } finally {
        lock?.release()
      }
    },
  }
}

/** Runs every pending migration; throws with the first failure. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error })
  }
}

/**
 * A value for a jsonb column, written the same way on both drivers. The text is sent as a `text`
 * parameter and cast by Postgres: a bare object or array parameter would be typed by each driver in its
 * own way (postgres.js turns arrays into Postgres arrays and JSON-encodes strings a second time).
 */
export function json<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)} as text)::jsonb`
}
