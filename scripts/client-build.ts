import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Building the client only when needed, shared by `npm start` (scripts/start.ts) and the browser tests
 * (e2e/support). Run directly (`node scripts/client-build.ts`) it builds when stale and exits.
 *
 * Several processes may want a build at once (two test runs, a test run and `npm start`), and servers
 * may be serving dist/client while it happens. So a build holds a lock file, is written to a folder
 * beside dist/client and then swapped in by two renames: nobody ever sees a half-written build.
 */

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url))
/** Where the built client lives; server/http/client-files.ts serves it. */
export const clientDist = join(repoRoot, 'dist', 'client')

/** Where a client's sources, configuration and build live. */
export interface ClientProject {
  /** Folder that `sources` are relative to. */
  root: string
  /** Vite configuration file. */
  configFile: string
  /** The build's folder (holds index.html). */
  outDir: string
  /** Files and folders the bundle is made of: a change to any of them makes the build stale. */
  sources: string[]
}

/** Kenlabour's client: client/ and shared/ built by vite.config.ts into dist/client. */
export const kenlabourClient: ClientProject = {
  root: repoRoot,
  configFile: join(repoRoot, 'vite.config.ts'),
  outDir: clientDist,
  sources: ['client', 'shared', 'vite.config.ts', 'package-lock.json'],
}

const LOCK_WAIT_MS = 10 * 60 * 1000

export interface ClientBuildStatus {
  fresh: boolean
  /** Why a build is needed (or 'up to date'), to print on the console. */
  reason: string
}

/** Is the build's index.html present and newer than every source file? */
export async function clientBuildStatus(
  project: ClientProject = kenlabourClient,
): Promise<ClientBuildStatus> {
  const index = join(project.outDir, 'index.html')
  const built = await stat(index).catch(() => undefined)
  if (!built) return { fresh: false, reason: `${relative(project.root, index)} is missing` }
  const newest = await newestSource(project)
  if (newest && newest.mtimeMs > built.mtimeMs)
    return { fresh: false, reason: `${newest.path} changed after the last build` }
  return { fresh: true, reason: 'up to date' }
}

export interface EnsureOptions {
  /** Where to say what happens; silent when omitted. */
  log?: (line: string) => void
  /** Vite's own output (the table of chunk sizes): 'info' prints it. */
  viteLogLevel?: 'info' | 'warn' | 'error' | 'silent'
  /** Kenlabour's client unless told otherwise (tests build a small project of their own). */
  project?: ClientProject
}

/**
 * Builds the client when it is stale; returns whether it built. Safe to call from several processes at
 * once: one builds, the others wait for the lock and then find the build fresh.
 */
export async function ensureClientBuilt(options: EnsureOptions = {}): Promise<'fresh' | 'built'> {
  const project = options.project ?? kenlabourClient
  if ((await clientBuildStatus(project)).fresh) return 'fresh'
  const release = await acquireLock(project, options.log)
  try {
    // Another process may have built while we waited for the lock.
    const status = await clientBuildStatus(project)
    if (status.fresh) return 'fresh'
    options.log?.(`Building the client (${status.reason})…`)
    const started = Date.now()
    await buildAndSwap(project, options.viteLogLevel ?? 'warn')
    options.log?.(`Client built in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
    return 'built'
  } finally {
    await release()
  }
}

async function buildAndSwap(project: ClientProject, logLevel: NonNullable<EnsureOptions['viteLogLevel']>) {
  // Sources edited while the build runs must still count as newer than it: the build is stamped with
  // its start time, not its end.
  const startedAt = new Date()
  const staging = `${project.outDir}.building-${process.pid}-${startedAt.getTime()}`
  const retired = `${staging}-old`
  const { build } = await import('vite').catch((error) => {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
    throw new Error(
      'The client needs building but Vite is not installed (a production-only install): install with dev ' +
        'dependencies (`npm install`) to build it, or run from a built client (the Docker image ships one).',
    )
  })
  try {
    await build({
      configFile: project.configFile,
      logLevel,
      // A test runner sets NODE_ENV=test; the bundle must still be React's production build.
      mode: 'production',
      build: { outDir: staging, emptyOutDir: true },
    })
    await utimes(join(staging, 'index.html'), startedAt, startedAt)
    await rename(project.outDir, retired).catch((error) => {
      if (error.code !== 'ENOENT') throw error
    })
    await rename(staging, project.outDir)
  } finally {
    await rm(staging, { recursive: true, force: true })
    await rm(retired, { recursive: true, force: true })
  }
}

async function newestSource(project: ClientProject): Promise<{ path: string; mtimeMs: number } | undefined> {
  let newest: { path: string; mtimeMs: number } | undefined
  for (const source of project.sources) {
    const path = join(project.root, source)
    const info = await stat(path).catch(() => undefined)
    if (!info) continue
    const files = info.isDirectory()
      ? (await readdir(path, { recursive: true, withFileTypes: true }))
          .filter((e) => e.isFile() && !/\.test\.tsx?$/.test(e.name))
          .map((e) => join(e.parentPath, e.name))
      : [path]
    for (const file of files) {
      const mtimeMs = file === path ? info.mtimeMs : (await stat(file).catch(() => undefined))?.mtimeMs
      if (mtimeMs !== undefined && (!newest || mtimeMs > newest.mtimeMs))
        newest = { path: relative(project.root, file), mtimeMs }
    }
  }
  return newest
}

/** The lock file of a project's builds, beside its build folder. */
export function buildLockPath(project: ClientProject): string {
  return `${project.outDir}.build.lock`
}

/** Takes the build lock, waiting while a live process holds it; a dead holder's lock is taken over. */
async function acquireLock(
  project: ClientProject,
  log?: (line: string) => void,
): Promise<() => Promise<void>> {
  const lockPath = buildLockPath(project)
  await mkdir(join(project.outDir, '..'), { recursive: true })
  const deadline = Date.now() + LOCK_WAIT_MS
  let told = false
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return async () => {
        await unlink(lockPath).catch(() => {})
      }
    } catch (error: any) {
      if (error.code !== 'EEXIST') throw error
    }
    const holder = Number(await readFile(lockPath, 'utf8').catch(() => ''))
    const lockAge = Date.now() - ((await stat(lockPath).catch(() => undefined))?.mtimeMs ?? Date.now())
    // No readable pid after a while: its writer died between creating and writing it.
    if ((holder && !isAlive(holder)) || (!holder && lockAge > 30_000)) {
      await unlink(lockPath).catch(() => {})
      continue
    }
    if (Date.now() > deadline)
      throw new Error(`client build lock ${lockPath} held by process ${holder} too long`)
    if (!told) {
      log?.(`Waiting for another client build (process ${holder || '?'})…`)
      told = true
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error: any) {
    return error.code === 'EPERM'
  }
}

if (import.meta.main) {
  const result = await ensureClientBuilt({ log: (line) => console.log(line), viteLogLevel: 'info' })
  if (result === 'fresh') console.log('Client build is up to date.')
}
