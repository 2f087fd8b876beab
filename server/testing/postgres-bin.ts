import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The folder of the installed PostgreSQL server programs (initdb, pg_ctl, postgres), for the tests and
 * the bench that start private instances: PG_BIN if set, else what `pg_config --bindir` says, else the
 * newest /usr/lib/postgresql/<version>/bin (Debian's layout), so that whichever version the machine
 * installed is used. Throws, saying what was tried, when none is found.
 */
export function postgresBinDir(): string {
  const fromEnv = process.env.PG_BIN
  if (fromEnv) return checked(fromEnv)
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()
    if (existsSync(join(dir, 'initdb'))) return dir
  } catch {
    // No pg_config (the client package is not installed): look where Debian puts servers.
  }
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions[0]) return join(root, versions[0], 'bin')
  throw new Error(
    'PostgreSQL server programs not found: set PG_BIN, or install postgresql (pg_config, initdb)',
  )
}

function checked(dir: string): string {
  if (!existsSync(join(dir, 'initdb'))) throw new Error(`PG_BIN=${dir} holds no initdb`)
  return dir
}
