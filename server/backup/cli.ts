import { join } from 'node:path'
import type { ServerConfig } from '../config.ts'
import { createBackup } from './backup.ts'
import { BackupError } from './backup-error.ts'
import { fileTimestamp } from './manifest.ts'
import { restoreBackup } from './restore.ts'
import { describeSummary } from './store-summary.ts'

export const backupUsage = `Usage: npm run backup -- [--out FOLDER]

Backs up the store named by DATABASE_URL (pg_dump, custom format; the server may keep running), else the
embedded database in KENLABOUR_DATA_DIR (./data; stop the server first), together with the spill folder
KENLABOUR_SPILL_DIR (./unstored), into a new folder with a manifest of every file and its SHA-256.

  --out FOLDER   where to write the backup: a new or empty folder
                 (default: backups/kenlabour-<date and time, UTC>)

Exit codes: 0 done, 1 failed (nothing is left under FOLDER), 2 wrong arguments.
Settings and secrets (the environment: DATABASE_URL, TLDRAW_LICENSE_KEY…) are not in the backup: keep
them apart. See README.md, "Backups".
`

export const restoreUsage = `Usage: npm run restore -- FOLDER [--force]

Restores a backup made by \`npm run backup\` into the store named by DATABASE_URL (an empty Postgres
database: pg_restore) or KENLABOUR_DATA_DIR (an empty or missing folder: PGlite), and puts its spilled
edits into KENLABOUR_SPILL_DIR for the server's next start. Every server on that store must be stopped.
The backup is checked whole (sizes, SHA-256) before anything is written.

  --force   restore over a store that is not empty: a Postgres database is emptied first, in the same
            transaction as the restore; an embedded data folder is renamed aside (FOLDER.replaced-<time>)

Exit codes: 0 restored, 1 refused or failed (the store is as it was), 2 wrong arguments.
See README.md, "Backups".
`

export type BackupArgs = { out: string | undefined } | { help: true } | { error: string }
export type RestoreArgs = { folder: string; force: boolean } | { help: true } | { error: string }

export function parseBackupArgs(args: readonly string[]): BackupArgs {
  let out: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--help' || arg === '-h') return { help: true }
    if (arg === '--out' || arg === '-o') {
      const value = args[++i]
      if (!value || value.startsWith('-')) return { error: `${arg} needs a folder` }
      if (out !== undefined) return { error: '--out given twice' }
      out = value
    } else if (arg.startsWith('--out=')) {
      if (out !== undefined) return { error: '--out given twice' }
      out = arg.slice('--out='.length)
      if (!out) return { error: '--out needs a folder' }
    } else return { error: `unknown argument: ${arg}` }
  }
  return { out }
}

export function parseRestoreArgs(args: readonly string[]): RestoreArgs {
  let folder: string | undefined
  let force = false
  for (const arg of args) {
    if (arg === '--help' || arg === '-h') return { help: true }
    if (arg === '--force') force = true
    else if (arg.startsWith('-')) return { error: `unknown option: ${arg}` }
    else if (folder !== undefined) return { error: `one backup folder only (got ${folder} and ${arg})` }
    else folder = arg
  }
  if (folder === undefined) return { error: 'which backup folder?' }
  return { folder, force }
}

export interface CommandContext {
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir' | 'spillDir'>
  kenlabourVersion: string
  out: (line: string) => void
  err: (line: string) => void
  now?: Date
}

/** `npm run backup -- …` (scripts/backup.ts). Returns the exit code. */
export async function runBackupCommand(args: readonly string[], context: CommandContext): Promise<number> {
  const parsed = parseBackupArgs(args)
  if ('help' in parsed || 'error' in parsed) return usageAnswer(parsed, 'backup', backupUsage, context)
  const now = context.now ?? new Date()
  const out = parsed.out ?? join('backups', `kenlabour-${fileTimestamp(now)}`)
  return failuresAsExitCode(context, 'backup', async () => {
    const manifest = await createBackup({
      config: context.config,
      out,
      kenlabourVersion: context.kenlabourVersion,
      now,
    })
    context.out(
      `Backup written to ${out}: ${manifest.store === 'postgres' ? 'Postgres' : 'embedded'} database ` +
        `(${manifest.database.engine}, ${formatBytes(manifest.database.bytes)}), ${manifest.unstored.length} spilled file(s).`,
    )
    return 0
  })
}

/** `npm run restore -- …` (scripts/restore.ts). Returns the exit code. */
export async function runRestoreCommand(args: readonly string[], context: CommandContext): Promise<number> {
  const parsed = parseRestoreArgs(args)
  if ('help' in parsed || 'error' in parsed) return usageAnswer(parsed, 'restore', restoreUsage, context)
  return failuresAsExitCode(context, 'restore', async () => {
    const result = await restoreBackup({ config: context.config, folder: parsed.folder, force: parsed.force })
    const target = context.config.databaseUrl ? 'the database of DATABASE_URL' : context.config.dataDir
    context.out(
      `Restored the backup of ${result.manifest.createdAt} (Kenlabour ${result.manifest.kenlabourVersion}) ` +
        `into ${target}: ${describeSummary(result.summary)}.`,
    )
    if (result.spilled > 0)
      context.out(
        `${result.spilled} spilled file(s) put in ${context.config.spillDir}: the next start stores them.`,
      )
    if (result.setAside)
      context.out(
        `The data folder that was there is now ${result.setAside}: delete it once you have checked the restore.`,
      )
    return 0
  })
}

/** --help: the usage, exit code 0; wrong arguments: what is wrong and the usage, exit code 2. */
function usageAnswer(
  parsed: { help: true } | { error: string },
  command: string,
  usage: string,
  context: CommandContext,
): number {
  if ('help' in parsed) {
    context.out(usage)
    return 0
  }
  context.err(`npm run ${command}: ${parsed.error}\n\n${usage}`)
  return 2
}

async function failuresAsExitCode(
  context: CommandContext,
  what: string,
  work: () => Promise<number>,
): Promise<number> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof BackupError) context.err(`npm run ${what}: ${error.message}`)
    else context.err(`npm run ${what} failed: ${(error as Error).stack ?? String(error)}`)
    return 1
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
