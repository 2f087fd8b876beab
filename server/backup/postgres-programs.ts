import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { BackupError } from './backup-error.ts'

/**
 * Where the installed PostgreSQL programs may be, best first: PG_BIN when set (and then only it), else
 * every /usr/lib/postgresql/<version>/bin (Debian's layout, newest first), what `pg_config --bindir`
 * says, and the folders of PATH. Never a version written in the code: whichever the machine installed.
 */
export function postgresBinCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.PG_BIN) return [env.PG_BIN]
  const root = '/usr/lib/postgresql'
  const debian = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(root, v, 'bin'))
    : []
  let fromPgConfig: string[] = []
  try {
    fromPgConfig = [execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: 'pipe' }).trim()]
  } catch {
    // No pg_config (libpq-dev is not installed): the other places remain.
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean)
  return [...new Set([...debian, ...fromPgConfig, ...onPath])]
}

/** The client programs a backup and a restore run, all from one installed version. */
export interface PostgresClientPrograms {
  /** Major version of these programs (`pg_dump --version`). */
  major: number
  /** Full version line, for the manifest. */
  version: string
  pgDump: string
  pgRestore: string
  psql: string
}

/**
 * The newest installed pg_dump, pg_restore and psql that sit together in one folder. pg_dump refuses a
 * server newer than itself, and pg_restore an archive from a newer pg_dump, so the newest is the right
 * choice for every server it can reach; `serverMajor` (when known) is checked here so that the operator
 * reads which package to install rather than pg_dump's "server version mismatch".
 */
export function findPostgresClientPrograms(
  serverMajor?: number,
  env: NodeJS.ProcessEnv = process.env,
): PostgresClientPrograms {
  const found: PostgresClientPrograms[] = []
  for (const dir of postgresBinCandidates(env)) {
    const [pgDump, pgRestore, psql] = ['pg_dump', 'pg_restore', 'psql'].map((name) => join(dir, name)) as [
      string,
      string,
      string,
    ]
    if (![pgDump, pgRestore, psql].every((file) => existsSync(file))) continue
    const version = programVersion(pgDump)
    if (version) found.push({ ...version, pgDump, pgRestore, psql })
  }
  found.sort((a, b) => b.major - a.major)
  const newest = found[0]
  if (!newest)
    throw new BackupError(
      'pg_dump, pg_restore and psql were not found (looked in ' +
        `${env.PG_BIN ? `PG_BIN=${env.PG_BIN}` : '/usr/lib/postgresql/*/bin, pg_config --bindir and PATH'}). ` +
        'Install the PostgreSQL client programs of your server’s version (Debian: postgresql-client-<version>), ' +
        'or set PG_BIN to the folder that holds them.',
    )
  if (serverMajor !== undefined && newest.major < serverMajor)
    throw new BackupError(
      `The database server runs PostgreSQL ${serverMajor}, but the newest client programs here are ` +
        `${newest.version} (${newest.pgDump}), which cannot dump or restore it. Install the client programs ` +
        `of version ${serverMajor} or later (Debian: postgresql-client-${serverMajor}), or set PG_BIN.`,
    )
  return newest
}

function programVersion(file: string): { major: number; version: string } | undefined {
  try {
    const line = execFileSync(file, ['--version'], { encoding: 'utf8', stdio: 'pipe' }).trim()
    const match = line.match(/(\d+)(?:\.\d+)*/)
    return match ? { major: Number(match[1]), version: line } : undefined
  } catch {
    return undefined
  }
}
