import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../db/connect.ts'
import { PGliteDialect } from '../db/pglite-dialect.ts'

declare module 'vitest' {
  interface ProvidedContext {
    /** A dump of a migrated, empty PGlite data directory (see stores.ts). */
    pgliteTemplatePath: string
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

  const pglite = await PGlite.create('memory://')
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) })
  await migrateToLatest(db)
  const dump = await pglite.dumpDataDir('none')
  await db.destroy()
  await pglite.close()
  const path = join(tmpdir(), `kenlabour-pglite-template-${process.pid}.tar`)
  await writeFile(path, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplatePath', path)
}

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')
}
