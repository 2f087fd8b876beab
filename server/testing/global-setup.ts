import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Redis } from 'ioredis'
import { Kysely } from 'kysely'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { CHROMIUM_PATH } from '../../e2e/support/browser.ts'
import { migrateToLatest } from '../db/connect.ts'
import { PGliteDialect } from '../db/pglite-dialect.ts'
import { pgliteExtensions } from '../db/pglite-extensions.ts'

declare module 'vitest' {
  interface ProvidedContext {
    /** A dump of a migrated, empty PGlite data directory (see stores.ts). */
    pgliteTemplatePath: string
    /** The same data directory on disk, for servers started as processes (e2e/support/server.ts). */
    pgliteTemplateDir: string
  }
}

/**
 * Runs once before `npm test`: says which suites run against which real services, and prepares a
 * migrated PGlite template so that each suite's embedded store loads in a fraction of a fresh initdb.
 */
export default async function setup(project: TestProject) {
  const lines = [
    process.env.TEST_DATABASE_URL
      ? `Postgres suites: on (${redact(process.env.TEST_DATABASE_URL)})`
      : 'Postgres suites: SKIPPED (set TEST_DATABASE_URL to run store suites on a real Postgres too)',
    process.env.TEST_REDIS_URL
      ? `Redis suites: on (${process.env.TEST_REDIS_URL})`
      : 'Redis suites: SKIPPED (set TEST_REDIS_URL to run the scale-out suites)',
  ]
  console.log(`\n${lines.join('\n')}\n`)
  if (process.env.KENLABOUR_REQUIRE_SERVICES === '1') await requireServices()

  // Migrated once, on disk: suites load its dump in memory, and servers started as processes copy the
  // folder (about 4 s less per start than a fresh initdb and the migrations).
  const templateDir = await mkdtemp(join(tmpdir(), 'kenlabour-pglite-template-'))
  const pglite = await PGlite.create(templateDir, { extensions: pgliteExtensions })
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) })
  await migrateToLatest(db)
  const dump = await pglite.dumpDataDir('none')
  await db.destroy()
  await pglite.close()
  const path = `${templateDir}.tar`
  await writeFile(path, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplateDir', templateDir)
  project.provide('pgliteTemplatePath', path)
  return async () => {
    await rm(templateDir, { recursive: true, force: true })
    await rm(path, { force: true })
  }
}

/**
 * KENLABOUR_REQUIRE_SERVICES=1 (CI sets it): the run stops at once unless Postgres, Redis and Chromium
 * are there and answer, so that a CI run cannot pass with a third of its suites skipped.
 */
async function requireServices(): Promise<void> {
  const missing: string[] = []
  const databaseUrl = process.env.TEST_DATABASE_URL
  if (!databaseUrl) missing.push('TEST_DATABASE_URL is not set')
  else {
    const sql = postgres(databaseUrl, { max: 1, connect_timeout: 5, onnotice: () => {} })
    try {
      await sql`select 1`
    } catch (error) {
      missing.push(`Postgres at ${redact(databaseUrl)} does not answer: ${(error as Error).message}`)
    } finally {
      await sql.end({ timeout: 1 })
    }
  }
  const redisUrl = process.env.TEST_REDIS_URL
  if (!redisUrl) missing.push('TEST_REDIS_URL is not set')
  else {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5000 })
    try {
      await redis.connect()
      await redis.ping()
    } catch (error) {
      missing.push(`Redis at ${redisUrl} does not answer: ${(error as Error).message}`)
    } finally {
      redis.disconnect()
    }
  }
  if (!existsSync(CHROMIUM_PATH)) missing.push(`Chromium is not at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`)
  if (missing.length > 0) throw new Error(`KENLABOUR_REQUIRE_SERVICES=1 but:\n- ${missing.join('\n- ')}`)
  console.log('Required services: Postgres, Redis and Chromium answer.\n')
}

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')
}
