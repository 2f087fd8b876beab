import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseBackupArgs, parseRestoreArgs, runBackupCommand, runRestoreCommand } from './cli.ts'

function context() {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    value: {
      // Never reached: wrong arguments stop before any store is touched.
      config: { databaseUrl: undefined, dataDir: '/nonexistent/data', spillDir: '/nonexistent/unstored' },
      kenlabourVersion: '0.0.0-test',
      out: (line: string) => out.push(line),
      err: (line: string) => err.push(line),
    },
  }
}

describe('npm run backup / restore: arguments', () => {
  it('reads --out in both spellings, and nothing else', () => {
    expect(parseBackupArgs([])).toEqual({ out: undefined })
    expect(parseBackupArgs(['--out', '/srv/backups/today'])).toEqual({ out: '/srv/backups/today' })
    expect(parseBackupArgs(['--out=/srv/b'])).toEqual({ out: '/srv/b' })
    expect(parseBackupArgs(['-o', 'b'])).toEqual({ out: 'b' })
    expect(parseBackupArgs(['--out'])).toEqual({ error: '--out needs a folder' })
    expect(parseBackupArgs(['--out', '--force'])).toEqual({ error: '--out needs a folder' })
    expect(parseBackupArgs(['--out', 'a', '--out', 'b'])).toEqual({ error: '--out given twice' })
    expect(parseBackupArgs(['backups'])).toEqual({ error: 'unknown argument: backups' })
    expect(parseBackupArgs(['--help'])).toEqual({ help: true })
  })

  it('reads one folder and --force, in any order', () => {
    expect(parseRestoreArgs(['b'])).toEqual({ folder: 'b', force: false })
    expect(parseRestoreArgs(['--force', 'b'])).toEqual({ folder: 'b', force: true })
    expect(parseRestoreArgs(['b', '--force'])).toEqual({ folder: 'b', force: true })
    expect(parseRestoreArgs([])).toEqual({ error: 'which backup folder?' })
    expect(parseRestoreArgs(['a', 'b'])).toEqual({ error: 'one backup folder only (got a and b)' })
    expect(parseRestoreArgs(['b', '--yes'])).toEqual({ error: 'unknown option: --yes' })
    expect(parseRestoreArgs(['-h'])).toEqual({ help: true })
  })

  it('prints the usage with exit code 2 on wrong arguments, 0 when asked for', async () => {
    const wrong = context()
    expect(await runBackupCommand(['--frobnicate'], wrong.value)).toBe(2)
    expect(wrong.err.join('\n')).toMatch(/unknown argument: --frobnicate[\s\S]*Usage: npm run backup/)
    const help = context()
    expect(await runRestoreCommand(['--help'], help.value)).toBe(0)
    expect(help.out.join('\n')).toContain('Usage: npm run restore -- FOLDER [--force]')
    const none = context()
    expect(await runRestoreCommand([], none.value)).toBe(2)
    expect(none.err.join('\n')).toContain('which backup folder?')
  })

  it('says why with exit code 1 when the backup cannot be made, and leaves no folder', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kenlabour-cli-'))
    try {
      const missing = context()
      expect(await runBackupCommand(['--out', join(parent, 'backup')], missing.value)).toBe(1)
      expect(missing.err.join('\n')).toMatch(/There is no embedded database in \/nonexistent\/data/)
      expect(readdirSync(parent)).toEqual([])
    } finally {
      rmSync(parent, { recursive: true, force: true })
    }
  })
})
