import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupManifest,
  describeFile,
  readBackup,
  writeManifest,
} from './manifest.ts'
import { restoreBackup } from './restore.ts'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A backup folder with a stand-in database file and one spilled file, its manifest true to them. */
async function backupFolder(overrides: Partial<BackupManifest> = {}): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'kenlabour-manifest-'))
  folders.push(folder)
  writeFileSync(join(folder, 'database.pgdump'), 'not really a dump')
  mkdirSync(join(folder, 'unstored'))
  writeFileSync(join(folder, 'unstored', '1-a.kbupdates'), 'spilled')
  await writeManifest(folder, {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: '2026-12-05T20:00:00.000Z',
    kenlabourVersion: '0.1.0',
    store: 'postgres',
    migrations: ['2026-11-26-0730-initial'],
    database: { ...(await describeFile(folder, 'database.pgdump')), engine: 'PostgreSQL 17.2' },
    unstored: [await describeFile(folder, 'unstored/1-a.kbupdates')],
    ...overrides,
  })
  return folder
}

describe('backup manifest', () => {
  it('reads a whole backup', async () => {
    const folder = await backupFolder()
    const manifest = await readBackup(folder)
    expect(manifest.database).toMatchObject({ path: 'database.pgdump', bytes: 17 })
    expect(manifest.unstored.map((f) => f.path)).toEqual(['unstored/1-a.kbupdates'])
  })

  it('refuses a backup whose files changed or went missing, naming each', async () => {
    const folder = await backupFolder()
    writeFileSync(join(folder, 'database.pgdump'), 'not really a dumq')
    rmSync(join(folder, 'unstored', '1-a.kbupdates'))
    await expect(readBackup(folder)).rejects.toThrow(
      /damaged, nothing was restored:\n- database.pgdump: its SHA-256 differs from the manifest\n- unstored\/1-a.kbupdates: missing/,
    )
  })

  it('refuses a folder that is not a backup, a newer format, a manifest that is not one, a path outside', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kenlabour-manifest-'))
    folders.push(empty)
    await expect(readBackup(empty)).rejects.toThrow(/is not a Kenlabour backup: it has no manifest.json/)
    const newer = await backupFolder({ version: BACKUP_VERSION + 1 })
    await expect(readBackup(newer)).rejects.toThrow(/format version 2, newer than this Kenlabour reads/)
    const broken = await backupFolder()
    writeFileSync(join(broken, 'manifest.json'), JSON.stringify({ format: BACKUP_FORMAT, version: 1 }))
    await expect(readBackup(broken)).rejects.toThrow(/manifest.json is damaged/)
    const escaping = await backupFolder({
      unstored: [{ path: '../../etc/passwd', bytes: 1, sha256: '0'.repeat(64) }],
    })
    await expect(readBackup(escaping)).rejects.toThrow(/\.\.\/\.\.\/etc\/passwd: outside the backup folder/)
  })

  it('refuses, before touching any store, a backup of another kind of store or from a newer Kenlabour', async () => {
    const config = { databaseUrl: undefined, dataDir: '/nonexistent/data', spillDir: '/nonexistent/unstored' }
    const postgresBackup = await backupFolder()
    await expect(restoreBackup({ config, folder: postgresBackup, force: false })).rejects.toThrow(
      /backup of a Postgres database, and DATABASE_URL is unset/,
    )
    const newer = await backupFolder({
      store: 'embedded',
      migrations: ['2026-11-26-0730-initial', '2099-01-01-0000-future'],
    })
    await expect(restoreBackup({ config, folder: newer, force: true })).rejects.toThrow(
      /newer Kenlabour \(0\.1\.0; migrations this version does not have: 2099-01-01-0000-future\)/,
    )
  })
})
