import { join, resolve } from 'node:path'
import type { ServerConfig } from '../config.ts'
import { openStore } from '../db/connect.ts'
import { migrations } from '../db/migrations/index.ts'
import { BackupError } from './backup-error.ts'
import { loadEmbedded } from './embedded-dump.ts'
import { type BackupManifest, readBackup } from './manifest.ts'
import { restorePostgres } from './postgres-dump.ts'
import { restoreSpill } from './spill-copy.ts'
import { type StoreSummary, summarizeStore } from './store-summary.ts'

export interface RestoreOptions {
  /** The stores to restore into, as the server reads them. */
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir' | 'spillDir'>
  /** The backup folder (`npm run backup`'s). */
  folder: string
  /** Replace what the store holds instead of refusing a store that is not empty. */
  force: boolean
}

export interface RestoreResult {
  manifest: BackupManifest
  /** What the restored store holds, read back through the server's own store code. */
  summary: StoreSummary
  /** Spilled files put in the spill folder, for the next start to store. */
  spilled: number
  /** Embedded store with --force: where the data folder that was there has been moved. */
  setAside?: string
}

/**
 * `npm run restore`: checks the backup whole (every file against the manifest), refuses what cannot
 * work (another kind of store, a backup from a newer Kenlabour, a store that is not empty without
 * --force, a running server), restores the database and the spill folder, then opens the store as the
 * server does (migrations included, so a backup from an older version is brought up to this one) and
 * counts what it holds.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const folder = resolve(options.folder)
  const manifest = await readBackup(folder)
  const { databaseUrl, dataDir, spillDir } = options.config
  const kind = databaseUrl ? 'postgres' : 'embedded'
  if (manifest.store !== kind)
    throw new BackupError(
      manifest.store === 'embedded'
        ? 'This is a backup of an embedded store (PGlite), and DATABASE_URL names a Postgres: unset ' +
            'DATABASE_URL to restore it into KENLABOUR_DATA_DIR. To move councils to Postgres afterwards, use ' +
            '`npm run council -- export` and `import`.'
        : 'This is a backup of a Postgres database, and DATABASE_URL is unset: set DATABASE_URL to the ' +
            'empty database to restore it into.',
    )
  const known = new Set(Object.keys(migrations))
  const unknown = manifest.migrations.filter((name) => !known.has(name))
  if (unknown.length > 0)
    throw new BackupError(
      `This backup comes from a newer Kenlabour (${manifest.kenlabourVersion}; migrations this version does ` +
        `not have: ${unknown.join(', ')}). Restore it with that version or a later one.`,
    )

  let setAside: string | undefined
  if (databaseUrl) {
    await restorePostgres(join(folder, manifest.database.path), databaseUrl, { replace: options.force })
  } else {
    ;({ setAside } = await loadEmbedded(join(folder, manifest.database.path), dataDir, {
      replace: options.force,
    }))
  }
  const spilled = await restoreSpill(folder, manifest.unstored, spillDir)

  const store = await openStore({ databaseUrl, dataDir, maxConnections: 1 })
  try {
    const summary = await summarizeStore(store.db)
    return { manifest, summary, spilled, ...(setAside ? { setAside } : {}) }
  } finally {
    await store.close()
  }
}
