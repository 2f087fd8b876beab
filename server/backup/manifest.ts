import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'
import { BackupError } from './backup-error.ts'

/**
 * A backup is a folder (README.md, "Backups"):
 *
 *     manifest.json          what the folder holds, each file with its size and SHA-256
 *     database.pgdump        Postgres: pg_dump's custom format, the whole database
 *     pglite-data.tar.gz     or, embedded store: PGlite's dump of its data folder (dumpDataDir)
 *     unstored/*.kbupdates   the spill folder's files (collab/unstored-spill.ts), as they were
 *
 * Version rule, as for the council archive: `version` changes only when a reader of the previous
 * version would misread a backup; adding a field or a file does not change it. A restore reads every
 * version up to its own and refuses a newer one.
 */
export const BACKUP_FORMAT = 'kenlabour-backup'
export const BACKUP_VERSION = 1

export const backupPaths = {
  manifest: 'manifest.json',
  postgresDump: 'database.pgdump',
  embeddedDump: 'pglite-data.tar.gz',
  spillFolder: 'unstored',
} as const

const BackupFile = Type.Object({
  /** Relative to the backup folder, with `/`. */
  path: Type.String({ minLength: 1 }),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
})
export type BackupFile = Static<typeof BackupFile>

export const BackupManifest = Type.Object({
  format: Type.Literal(BACKUP_FORMAT),
  version: Type.Integer({ minimum: 1 }),
  createdAt: Type.String(),
  /** Kenlabour's version (package.json) that made the backup. */
  kenlabourVersion: Type.String(),
  /** Which store it is a backup of: a restore goes into a store of the same kind. */
  store: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
  /** The database migrations applied in the store when it was backed up, oldest first. */
  migrations: Type.Array(Type.String()),
  database: Type.Intersect([
    BackupFile,
    Type.Object({
      /** The database engine and its version (`PostgreSQL 17.2`, `PGlite 0.5.16 (PostgreSQL 17.5)`). */
      engine: Type.String(),
      /** The program that wrote the dump, when it is one (`pg_dump (PostgreSQL) 17.2`). */
      tool: Type.Optional(Type.String()),
    }),
  ]),
  /** The spill folder's files. */
  unstored: Type.Array(BackupFile),
})
export type BackupManifest = Static<typeof BackupManifest>

/** A time as it can stand in a file name on every system: `2026-12-05T19-30-00Z`. */
export function fileTimestamp(date: Date): string {
  return date
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z')
}

/** Size and SHA-256 of one file of the backup folder, read as a stream (a dump may be large). */
export async function describeFile(folder: string, path: string): Promise<BackupFile> {
  const full = join(folder, path)
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer)
  return { path, bytes: (await stat(full)).size, sha256: hash.digest('hex') }
}

export async function writeManifest(folder: string, manifest: BackupManifest): Promise<void> {
  await writeFile(join(folder, backupPaths.manifest), `${JSON.stringify(manifest, null, 2)}\n`)
}

/**
 * Reads and checks a backup folder's manifest, then every file it lists against its size and SHA-256:
 * a copy damaged on its way to the backup disk is refused before anything is restored.
 */
export async function readBackup(folder: string): Promise<BackupManifest> {
  let text: string
  try {
    text = await readFile(join(folder, backupPaths.manifest), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new BackupError(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `${folder} is not a Kenlabour backup: it has no ${backupPaths.manifest}.`
        : `Cannot read ${join(folder, backupPaths.manifest)}: ${(error as Error).message}`,
    )
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new BackupError(`${join(folder, backupPaths.manifest)} is not JSON: the backup is damaged.`)
  }
  const format = (data as { format?: unknown })?.format
  const version = (data as { version?: unknown })?.version
  if (format !== BACKUP_FORMAT)
    throw new BackupError(`${folder} is not a Kenlabour backup (format ${format}).`)
  if (typeof version === 'number' && version > BACKUP_VERSION)
    throw new BackupError(
      `This backup is of format version ${version}, newer than this Kenlabour reads (${BACKUP_VERSION}): ` +
        'restore it with the Kenlabour version that made it, or a later one.',
    )
  if (!Value.Check(BackupManifest, data)) {
    const [first] = Value.Errors(BackupManifest, data)
    throw new BackupError(
      `${join(folder, backupPaths.manifest)} is damaged: ${first?.instancePath || '/'} ${first?.message ?? ''}`,
    )
  }
  const problems: string[] = []
  for (const file of [data.database, ...data.unstored]) {
    if (file.path.split('/').includes('..')) {
      problems.push(`${file.path}: outside the backup folder`)
      continue
    }
    let actual: BackupFile
    try {
      actual = await describeFile(folder, file.path)
    } catch {
      problems.push(`${file.path}: missing`)
      continue
    }
    if (actual.bytes !== file.bytes)
      problems.push(`${file.path}: ${actual.bytes} bytes, expected ${file.bytes}`)
    else if (actual.sha256 !== file.sha256)
      problems.push(`${file.path}: its SHA-256 differs from the manifest`)
  }
  if (problems.length > 0)
    throw new BackupError(
      `The backup in ${folder} is damaged, nothing was restored:\n- ${problems.join('\n- ')}`,
    )
  return data
}
