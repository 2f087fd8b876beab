import { createWriteStream, existsSync, openAsBlob } from 'node:fs'
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { PGlite } from '@electric-sql/pglite'
import packageJson from '../../package.json' with { type: 'json' }
import { DataDirInUseError, LOCK_FILE, liveLockHolder, lockDataDir } from '../db/embedded-lock.ts'
import { pgliteExtensions } from '../db/pglite-extensions.ts'
import { BackupError } from './backup-error.ts'
import { fileTimestamp } from './manifest.ts'

/**
 * The embedded store (PGlite) in a backup: its data folder dumped by PGlite itself (`dumpDataDir`, a
 * gzipped tar of the folder) and loaded back by PGlite (`loadDataDir`) into an empty folder.
 *
 * Why PGlite's dump rather than a copy of the folder: PGlite opens the folder first, so a folder left
 * by a crash is recovered (its WAL replayed) and checkpointed before it is read, and the dump is what
 * PGlite itself knows how to load. Either way the server must be stopped: PGlite is one process's
 * database, and a second process opening the folder would corrupt it. The data folder's lock
 * (db/embedded-lock.ts) makes sure of it: the backup refuses a folder that a running server holds, and
 * a server does not start while the backup holds it.
 */

/** The PGlite Kenlabour runs, as its package.json pins it. */
const PGLITE_VERSION = packageJson.dependencies['@electric-sql/pglite']

export interface EmbeddedDump {
  /** `PGlite 0.5.16 (PostgreSQL 17.5)`. */
  engine: string
  /** Migrations applied in the store, oldest first. */
  migrations: string[]
}

/** Writes a dump of the embedded database in `dataDir` to `file` (the server stopped). */
export async function dumpEmbedded(dataDir: string, file: string): Promise<EmbeddedDump> {
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    throw new BackupError(
      `There is no embedded database in ${resolve(dataDir)} (KENLABOUR_DATA_DIR), nothing to back up. ` +
        'With DATABASE_URL unset the backup reads the embedded store; set DATABASE_URL to back up Postgres.',
    )
  const lock = takeDataDir(dataDir, 'backup')
  try {
    // The extensions the server loads (db/connect.ts): the database may hold their types and indexes.
    const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions })
    try {
      // Everything in the WAL written into the tables first: the dump then needs no recovery to load.
      await pglite.exec('checkpoint')
      const engine = `PGlite ${PGLITE_VERSION} (PostgreSQL ${await serverVersion(pglite)})`
      const migrations = await appliedMigrations(pglite)
      const dump = await pglite.dumpDataDir('gzip')
      await writeBlob(dump, file)
      return { engine, migrations }
    } finally {
      await pglite.close()
    }
  } finally {
    lock.release()
  }
}

/** What the restore finds where it would write the embedded database. */
export type EmbeddedTarget = { state: 'fresh' } | { state: 'holds-data'; entries: number }

/** Whether `dataDir` is free for a restore; throws when a live process holds it. */
export async function inspectEmbeddedTarget(dataDir: string): Promise<EmbeddedTarget> {
  const holder = liveLockHolder(dataDir)
  if (holder) throw new BackupError(new DataDirInUseError(resolve(dataDir), holder).message)
  let entries: string[]
  try {
    entries = await readdir(dataDir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'fresh' }
    throw error
  }
  // A lock left by a process that is gone is not data.
  const data = entries.filter((name) => name !== LOCK_FILE)
  return data.length === 0 ? { state: 'fresh' } : { state: 'holds-data', entries: data.length }
}

/**
 * Loads a dump into `dataDir`. With `replace`, a folder holding data is first renamed aside
 * (`<folder>.replaced-<time>`, kept: the operator deletes it once the restore is checked) and put back
 * if the load fails; without it, such a folder is refused. Returns the folder set aside, if any.
 */
export async function loadEmbedded(
  file: string,
  dataDir: string,
  options: { replace: boolean },
): Promise<{ setAside?: string }> {
  const dir = resolve(dataDir)
  const target = await inspectEmbeddedTarget(dir)
  let setAside: string | undefined
  if (target.state === 'holds-data') {
    if (!options.replace)
      throw new BackupError(
        `${dir} (KENLABOUR_DATA_DIR) is not empty (${target.entries} entries): a restore goes into an empty ` +
          'data folder. Choose another KENLABOUR_DATA_DIR, or pass --force to set this one aside and restore ' +
          'in its place.',
      )
    setAside = `${dir}.replaced-${fileTimestamp(new Date())}`
    try {
      await rename(dir, setAside)
    } catch (error) {
      throw new BackupError(
        `Cannot set ${dir} aside (${(error as Error).message}): empty it yourself, or restore into another ` +
          'KENLABOUR_DATA_DIR.',
      )
    }
  }
  await mkdir(dir, { recursive: true })
  try {
    const lock = takeDataDir(dir, 'restore')
    try {
      const pglite = await PGlite.create(dir, {
        extensions: pgliteExtensions,
        loadDataDir: await openAsBlob(file),
      })
      try {
        await pglite.query('select 1')
      } finally {
        await pglite.close()
      }
    } finally {
      // The dump carries the lock of the backup that made it; this removes it along with ours.
      lock.release()
    }
  } catch (error) {
    await emptyFolder(dir)
    if (setAside) {
      await rm(dir, { recursive: true, force: true })
      await rename(setAside, dir)
    }
    throw new BackupError(
      `PGlite could not load ${file}: ${(error as Error).message}` +
        (setAside ? ` (${dir} is back as it was)` : ''),
      { cause: error },
    )
  }
  return setAside ? { setAside } : {}
}

function takeDataDir(dataDir: string, purpose: string) {
  try {
    return lockDataDir(dataDir, purpose)
  } catch (error) {
    if (error instanceof DataDirInUseError)
      throw new BackupError(
        `${error.message} The embedded store is backed up and restored with the server stopped.`,
      )
    throw error
  }
}

async function serverVersion(pglite: PGlite): Promise<string> {
  const result = await pglite.query<{ server_version: string }>('show server_version')
  return result.rows[0]?.server_version ?? 'unknown'
}

/** Names in Kysely's migration table, oldest first; none when the store was never migrated. */
export async function appliedMigrations(pglite: PGlite): Promise<string[]> {
  const table = await pglite.query<{ exists: boolean }>(
    "select to_regclass('public.kysely_migration') is not null as exists",
  )
  if (!table.rows[0]?.exists) return []
  const rows = await pglite.query<{ name: string }>('select name from kysely_migration order by name')
  return rows.rows.map((row) => row.name)
}

/** Streams a Blob to a new `file`, synced to disk before it is closed. */
async function writeBlob(blob: Blob, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await pipeline(
    Readable.fromWeb(blob.stream() as WebReadableStream),
    createWriteStream(file, { flags: 'wx', flush: true }),
  )
}

async function emptyFolder(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[]))
    await rm(join(dir, name), { recursive: true, force: true })
}
