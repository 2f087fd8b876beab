import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The lock file, inside the data folder (Postgres ignores files it does not know there). */
export const LOCK_FILE = 'kenlabour.lock'

/** Whose lock a data folder holds: what the lock file says. */
export interface LockHolder {
  pid: number
  /** What holds it: `server`, `backup`, `restore`, a command's name. */
  purpose: string
  since: string
}

/** The data folder is open in another live process. */
export class DataDirInUseError extends Error {
  readonly dataDir: string
  readonly holder: LockHolder
  constructor(dataDir: string, holder: LockHolder) {
    super(
      `The embedded database in ${dataDir} is open in process ${holder.pid} (${holder.purpose}, since ` +
        `${holder.since}): stop it first. If no Kenlabour process is running any more, delete ` +
        `${join(dataDir, LOCK_FILE)}.`,
    )
    this.name = 'DataDirInUseError'
    this.dataDir = dataDir
    this.holder = holder
  }
}

export interface DataDirLock {
  /** Removes the lock file. Idempotent. */
  release(): void
}

/** Folders this process holds, so that it never takes the same one twice. */
const heldHere = new Set<string>()

/**
 * Takes the embedded database's folder for this process, or throws DataDirInUseError when another live
 * process holds it.
 *
 * Why: PGlite is Postgres in one process, with no lock of its own (its postmaster.pid carries a fixed
 * fake pid, and a second PGlite opens the same folder without a word). Two processes on one folder, the
 * server and `npm run backup` or `npm run account` for instance, would each replay and write the same
 * WAL and pages: the database would be corrupted. The lock file names the holder's pid; a lock whose
 * process is gone (kill -9, a power cut) is stale and taken over. In a container the server is often
 * pid 1 on every start, so a lock with our own pid that this process did not take is stale too.
 */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  const dir = resolve(dataDir)
  const path = join(dir, LOCK_FILE)
  if (heldHere.has(dir))
    throw new DataDirInUseError(dir, { pid: process.pid, purpose: 'this process', since: 'now' })
  const holder: LockHolder = { pid: process.pid, purpose, since: new Date().toISOString() }
  // Twice at most: a stale lock is removed once, then the folder is taken again. The lock is written
  // whole beside it and linked into place, which fails if the name exists: two processes taking over
  // the same stale lock cannot both win, and nobody ever reads a half-written lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    const draft = `${path}.${process.pid}.${crypto.randomUUID().slice(0, 8)}`
    writeFileSync(draft, `${JSON.stringify(holder)}\n`)
    try {
      linkSync(draft, path)
      heldHere.add(dir)
      let released = false
      return {
        release() {
          if (released) return
          released = true
          heldHere.delete(dir)
          rmSync(path, { force: true })
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      rmSync(draft, { force: true })
    }
    const current = readHolder(path)
    if (current && current.pid !== process.pid && isAlive(current.pid))
      throw new DataDirInUseError(dir, current)
    rmSync(path, { force: true })
  }
  const current = readHolder(path)
  throw new DataDirInUseError(dir, current ?? { pid: 0, purpose: 'unknown', since: 'unknown' })
}

/** Who holds the folder's lock now, if a live process does (for messages before opening anything). */
export function liveLockHolder(dataDir: string): LockHolder | undefined {
  const current = readHolder(join(resolve(dataDir), LOCK_FILE))
  if (!current) return undefined
  if (current.pid === process.pid) return heldHere.has(resolve(dataDir)) ? current : undefined
  return isAlive(current.pid) ? current : undefined
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined
    return {
      pid: parsed.pid,
      purpose: String(parsed.purpose ?? 'unknown'),
      since: String(parsed.since ?? ''),
    }
  } catch {
    // Missing, or not a lock this code wrote: no live holder.
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
