import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { openStore } from './connect.ts'
import { DataDirInUseError, LOCK_FILE, liveLockHolder, lockDataDir } from './embedded-lock.ts'

const folders: string[] = []
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kenlabour-lock-'))
  folders.push(dir)
  return dir
}

/** A live process that is not this one, and its pid. */
function otherProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
  children.push(child)
  return child.pid!
}

/** A pid that no process has now: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid!
}

function writeLock(dir: string, pid: number) {
  writeFileSync(
    join(dir, LOCK_FILE),
    JSON.stringify({ pid, purpose: 'main.ts', since: '2026-12-05T20:00:00Z' }),
  )
}

describe('the embedded data folder lock', () => {
  it('is taken, named, and gone once released', () => {
    const dir = folder()
    const lock = lockDataDir(dir, 'backup')
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      purpose: 'backup',
    })
    expect(liveLockHolder(dir)?.pid).toBe(process.pid)
    // Never twice in one process.
    expect(() => lockDataDir(dir, 'again')).toThrow(DataDirInUseError)
    lock.release()
    lock.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    expect(liveLockHolder(dir)).toBeUndefined()
  })

  it('refuses a folder that a live process holds, saying which and what to do', () => {
    const dir = folder()
    const pid = otherProcess()
    writeLock(dir, pid)
    expect(liveLockHolder(dir)?.pid).toBe(pid)
    expect(() => lockDataDir(dir, 'backup')).toThrow(
      new RegExp(`open in process ${pid} \\(main.ts, since .*stop it first.*delete .*${LOCK_FILE}`, 's'),
    )
  })

  it('takes over the lock of a process that is gone (kill -9, power cut), or garbage', async () => {
    const dir = folder()
    writeLock(dir, await deadPid())
    expect(liveLockHolder(dir)).toBeUndefined()
    lockDataDir(dir, 'server').release()
    writeFileSync(join(dir, LOCK_FILE), 'half a lo')
    lockDataDir(dir, 'server').release()
  })

  it('takes over a lock with its own pid that it did not take (a container restarted: pid 1 again)', () => {
    const dir = folder()
    writeLock(dir, process.pid)
    expect(liveLockHolder(dir)).toBeUndefined()
    lockDataDir(dir, 'server').release()
  })

  it('keeps the server off a folder another process holds, and leaves that lock alone', async () => {
    const dir = folder()
    const pid = otherProcess()
    writeLock(dir, pid)
    await expect(openStore({ dataDir: dir })).rejects.toThrow(DataDirInUseError)
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(pid)
  })

  it('is held by an open embedded store and released when it closes', async () => {
    const dir = folder()
    // From the migrated template of the test setup: an initdb on disk would take seconds.
    const template = new Blob([await readFile(inject('pgliteTemplatePath'))])
    const store = await openStore({ dataDir: dir, embeddedTemplate: template })
    try {
      expect(liveLockHolder(dir)?.pid).toBe(process.pid)
      await expect(openStore({ dataDir: dir })).rejects.toThrow(DataDirInUseError)
    } finally {
      await store.close()
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })
})
