import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { postgresBinCandidates } from '../backup/postgres-programs.ts'

/**
 * The folder of the installed PostgreSQL server programs (initdb, pg_ctl, postgres), for the tests and
 * the bench that start private instances: the first of the places `npm run backup` looks for its client
 * programs (PG_BIN if set, else the newest /usr/lib/postgresql/<version>/bin, `pg_config --bindir`,
 * PATH) that holds initdb, so that whichever version the machine installed is used. Throws, saying what
 * was tried, when none is found.
 */
export function postgresBinDir(): string {
  const candidates = postgresBinCandidates()
  const dir = candidates.find((candidate) => existsSync(join(candidate, 'initdb')))
  if (dir) return dir
  if (process.env.PG_BIN) throw new Error(`PG_BIN=${process.env.PG_BIN} holds no initdb`)
  throw new Error(
    'PostgreSQL server programs not found: set PG_BIN, or install postgresql (pg_config, initdb)',
  )
}
