import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { ServerConfig } from '../config.ts'
import { BackupError } from './backup-error.ts'
import { dumpEmbedded } from './embedded-dump.ts'
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupManifest,
  backupPaths,
  describeFile,
  writeManifest,
} from './manifest.ts'
import { dumpPostgres } from './postgres-dump.ts'
import { copySpillIntoBackup } from './spill-copy.ts'

export interface BackupOptions {
  /** The stores to back up as the server reads them: DATABASE_URL or KENLABOUR_DATA_DIR, the spill folder. */
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir' | 'spillDir'>
  /** The backup folder to create: new, or empty. */
  out: string
  kenlabourVersion: string
  now?: Date
}

/**
 * `npm run backup`: the database (pg_dump, or PGlite's dump of its data folder) and the spill folder,
 * with a manifest, into one new folder (manifest.ts). The folder is written under a temporary name
 * beside it and renamed once whole, so a folder with the name asked for is always a complete backup.
 */
export async function createBackup(options: BackupOptions): Promise<BackupManifest> {
  const out = resolve(options.out)
  await refuseNonEmpty(out)
  const staging = join(dirname(out), `.${basename(out)}.partial-${crypto.randomUUID().slice(0, 8)}`)
  await mkdir(staging, { recursive: true })
  try {
    // The spill folder first: a file that a server starting meanwhile stores and deletes is then in the
    // copy, and perhaps in the database too, which is harmless (storing an update twice changes nothing);
    // the other order could miss it in both.
    const spilled = await copySpillIntoBackup(options.config.spillDir, staging)
    const { databaseUrl } = options.config
    const database = databaseUrl
      ? {
          path: backupPaths.postgresDump,
          ...(await dumpPostgres(databaseUrl, join(staging, backupPaths.postgresDump))),
        }
      : {
          path: backupPaths.embeddedDump,
          ...(await dumpEmbedded(options.config.dataDir, join(staging, backupPaths.embeddedDump))),
        }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: (options.now ?? new Date()).toISOString(),
      kenlabourVersion: options.kenlabourVersion,
      store: databaseUrl ? 'postgres' : 'embedded',
      migrations: database.migrations,
      database: {
        ...(await describeFile(staging, database.path)),
        engine: database.engine,
        ...('tool' in database ? { tool: database.tool } : {}),
      },
      unstored: await Promise.all(spilled.map((path) => describeFile(staging, path))),
    }
    await writeManifest(staging, manifest)
    await rmdir(out).catch(() => {})
    await rename(staging, out)
    return manifest
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  }
}

async function refuseNonEmpty(out: string): Promise<void> {
  let entries: string[]
  try {
    entries = await readdir(out)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    if (code === 'ENOTDIR') throw new BackupError(`${out} is a file: a backup is a folder.`)
    throw error
  }
  if (entries.length > 0)
    throw new BackupError(`${out} is not empty: a backup goes into a new folder (or an empty one).`)
}
