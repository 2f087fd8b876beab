import { spawn } from 'node:child_process'
import postgres from 'postgres'
import { BackupError } from './backup-error.ts'
import { findPostgresClientPrograms } from './postgres-programs.ts'

/**
 * Postgres in a backup: `pg_dump --format=custom` of the whole database, restored by `pg_restore` into a
 * database that holds nothing yet. pg_dump reads one consistent snapshot without stopping anyone, so a
 * Postgres store is backed up with the server running; the restore wants every server stopped.
 *
 * The restore runs as one transaction: pg_restore writes the SQL of the archive (`--file=-`) and psql
 * runs it with `--single-transaction` and ON_ERROR_STOP, so a failed restore leaves the database as it
 * was, including with --force, whose clean-up (dropping what the database held) runs in the same
 * transaction. Owners and privileges are not restored (`--no-owner --no-privileges`): the restored
 * objects belong to the account of DATABASE_URL, which may have another name on the new host.
 */

/** The application name the server's pool connects with (db/connect.ts): how a running server is seen. */
const SERVER_APPLICATION_NAME = 'kenlabour'

export interface PostgresDump {
  /** `PostgreSQL 17.2`. */
  engine: string
  /** `pg_dump (PostgreSQL) 17.2`. */
  tool: string
  /** Migrations applied in the database, oldest first. */
  migrations: string[]
}

/** Writes `pg_dump --format=custom` of the database of `databaseUrl` to `file`. */
export async function dumpPostgres(databaseUrl: string, file: string): Promise<PostgresDump> {
  const facts = await withConnection(databaseUrl, 'kenlabour-backup', async (sql) => ({
    ...(await serverFacts(sql)),
    migrations: await appliedMigrations(sql),
  }))
  const programs = findPostgresClientPrograms(facts.major)
  const target = libpqTarget(databaseUrl, 'kenlabour-backup')
  // pg_dump syncs the file to disk before it exits.
  const result = await run(
    programs.pgDump,
    ['--format=custom', '--no-password', `--file=${file}`, target.argument],
    {
      env: target.env,
    },
  )
  if (result.code !== 0)
    throw new BackupError(`pg_dump failed (exit ${result.code}):\n${result.stderr.trim()}`)
  return { engine: `PostgreSQL ${facts.version}`, tool: programs.version, migrations: facts.migrations }
}

/** What the restore finds in the database it would write. */
export interface PostgresTarget {
  major: number
  /** Tables, views and sequences outside the system schemas. */
  relations: number
  /** Workshops, when the database holds Kenlabour's tables. */
  workshops: number | undefined
  /** Connections of running Kenlabour servers to this database. */
  serverConnections: number
}

export async function inspectPostgresTarget(databaseUrl: string): Promise<PostgresTarget> {
  return withConnection(databaseUrl, 'kenlabour-restore', async (sql) => {
    const { major } = await serverFacts(sql)
    const [relations] = await sql<{ count: string }[]>`
      select count(*) as count from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`
    const [workshopsTable] = await sql<{ present: boolean }[]>`
      select to_regclass('public.workshops') is not null as present`
    const workshops = workshopsTable?.present
      ? Number((await sql<{ count: string }[]>`select count(*) as count from workshops`)[0]?.count)
      : undefined
    const [servers] = await sql<{ count: string }[]>`
      select count(*) as count from pg_stat_activity
      where datname = current_database() and application_name = ${SERVER_APPLICATION_NAME}
        and pid <> pg_backend_pid()`
    return {
      major,
      relations: Number(relations?.count ?? 0),
      workshops,
      serverConnections: Number(servers?.count ?? 0),
    }
  })
}

/**
 * Restores a pg_dump archive into the database of `databaseUrl`. The database must hold nothing
 * (`replace` drops what it holds first, in the same transaction) and no Kenlabour server may be
 * connected to it.
 */
export async function restorePostgres(
  file: string,
  databaseUrl: string,
  options: { replace: boolean },
): Promise<void> {
  const target = await inspectPostgresTarget(databaseUrl)
  const name = databaseName(databaseUrl)
  if (target.serverConnections > 0)
    throw new BackupError(
      `${target.serverConnections} connection(s) of a running Kenlabour server are open on the database ` +
        `${name}: stop every instance before restoring into it.`,
    )
  if (target.relations > 0 && !options.replace)
    throw new BackupError(
      `The database ${name} is not empty (${target.relations} tables, views or sequences` +
        `${target.workshops === undefined ? '' : `; Kenlabour's, with ${target.workshops} workshop(s)`}): a ` +
        'restore goes into an empty database. Create one (createdb, or CREATE DATABASE) and point ' +
        'DATABASE_URL at it, or pass --force to replace what this one holds.',
    )
  const programs = findPostgresClientPrograms(target.major)
  const libpq = libpqTarget(databaseUrl, 'kenlabour-restore')
  const restore = spawn(programs.pgRestore, ['--no-owner', '--no-privileges', '--file=-', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const psql = spawn(
    programs.psql,
    [
      '--no-psqlrc',
      '--single-transaction',
      '--set=ON_ERROR_STOP=1',
      '--quiet',
      '--no-password',
      libpq.argument,
    ],
    // Notices (`… does not exist, skipping`) are not news; warnings and errors are.
    { env: { ...libpq.env, PGOPTIONS: '-c client_min_messages=warning' }, stdio: ['pipe', 'ignore', 'pipe'] },
  )
  const restoreDone = collect(restore)
  const psqlDone = collect(psql)
  // psql stops reading at the first error: pg_restore then sees a closed pipe, and says so itself.
  psql.stdin.on('error', () => {})
  if (options.replace) psql.stdin.write(dropEverythingSql)
  restore.stdout.pipe(psql.stdin)
  const [restored, applied] = await Promise.all([restoreDone, psqlDone])
  if (applied.code !== 0 || restored.code !== 0)
    throw new BackupError(
      `Restoring into ${name} failed; the database is as it was (one transaction).\n` +
        [restored.stderr.trim() && `pg_restore: ${restored.stderr.trim()}`, applied.stderr.trim()]
          .filter(Boolean)
          .join('\n'),
    )
}

/**
 * --force: drops every table, view and sequence of the schema `public` (Kenlabour's), whatever their
 * number or names, so that a backup made before a migration restores cleanly over a database migrated
 * since. Runs first in the restore's transaction.
 */
const dropEverythingSql = `
do $$
declare item record;
begin
  for item in
    select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
    order by c.relkind = 'S'
  loop
    execute format(
      case item.relkind
        when 'v' then 'drop view if exists public.%I cascade'
        when 'm' then 'drop materialized view if exists public.%I cascade'
        when 'f' then 'drop foreign table if exists public.%I cascade'
        when 'S' then 'drop sequence if exists public.%I cascade'
        else 'drop table if exists public.%I cascade'
      end, item.relname);
  end loop;
end $$;
`

async function withConnection<T>(
  databaseUrl: string,
  applicationName: string,
  work: (sql: postgres.Sql) => Promise<T>,
): Promise<T> {
  const sql = postgres(databaseUrl, {
    max: 1,
    onnotice: () => {},
    connect_timeout: 10,
    connection: { application_name: applicationName },
  })
  try {
    return await work(sql)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === '3D000')
      throw new BackupError(
        `The database ${databaseName(databaseUrl)} does not exist. Create it first, empty, owned by the account ` +
          'of DATABASE_URL (createdb --owner=USER NAME, or CREATE DATABASE NAME OWNER USER).',
      )
    if (error instanceof BackupError) throw error
    throw new BackupError(
      `Cannot use the database ${databaseName(databaseUrl)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  } finally {
    await sql.end({ timeout: 5 })
  }
}

async function serverFacts(sql: postgres.Sql): Promise<{ major: number; version: string }> {
  const [row] = await sql<{ num: string; version: string }[]>`
    select current_setting('server_version_num') as num, current_setting('server_version') as version`
  return { major: Math.floor(Number(row?.num) / 10000), version: row?.version ?? 'unknown' }
}

async function appliedMigrations(sql: postgres.Sql): Promise<string[]> {
  const [table] = await sql<{ present: boolean }[]>`
    select to_regclass('public.kysely_migration') is not null as present`
  if (!table?.present) return []
  const rows = await sql<{ name: string }[]>`select name from kysely_migration order by name`
  return rows.map((row) => row.name)
}

/**
 * The connection for libpq's programs: the URL without its password, which goes in PGPASSWORD, so that
 * it never shows in the process list.
 */
function libpqTarget(
  databaseUrl: string,
  applicationName: string,
): { argument: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl)
  const password = decodeURIComponent(url.password)
  url.password = ''
  // postgres.js accepts postgres:// and postgresql://; libpq both too.
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: applicationName }
  if (password) env.PGPASSWORD = password
  return { argument: `--dbname=${url.toString()}`, env }
}

function databaseName(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl)
    return `"${decodeURIComponent(url.pathname.replace(/^\//, '')) || url.username}" on ${url.hostname}`
  } catch {
    return '(DATABASE_URL)'
  }
}

interface Finished {
  code: number | null
  stderr: string
}

/** Runs a program to its end; its standard error is kept (the last 64 KiB) for the message. */
function run(file: string, args: string[], options: { env: NodeJS.ProcessEnv }): Promise<Finished> {
  return collect(spawn(file, args, { env: options.env, stdio: ['ignore', 'ignore', 'pipe'] }))
}

function collect(child: ReturnType<typeof spawn>): Promise<Finished> {
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-65_536)
  })
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: -1, stderr: `${stderr}${error.message}` }))
    child.once('close', (code) => resolve({ code, stderr }))
  })
}
