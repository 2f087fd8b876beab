import { type ChildProcess, spawn } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { repoRoot } from '../../scripts/client-build.ts'

/** A real Kenlabour server process started by a test. */
export interface RunningServer {
  /** Base URL, such as `http://127.0.0.1:41234` (no trailing slash). */
  url: string
  port: number
  /** The embedded database's folder (a fresh temporary one unless the env gave KENLABOUR_DATA_DIR). */
  dataDir: string
  child: ChildProcess
  /** Everything the server printed so far (its last 256 KiB), for failure messages. */
  output: () => string
  /** SIGTERM (the server flushes and closes), SIGKILL after 15 s; then removes the data folder it created. */
  stop: () => Promise<void>
  /** SIGKILL at once, as a crash would; the data folder stays, to restart on it (stop() removes it later). */
  kill: () => Promise<void>
}

const running = new Set<ChildProcess>()
// A test run that dies must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * Spawns `server/main.ts` on the pinned Node (process.execPath), listening on a free loopback port
 * (PORT=0, the address is read from its log), with a fresh embedded database in a temporary folder (a copy of the run's migrated template when there is one) and no
 * demo seed, then waits until `GET /api/health` answers 200.
 *
 * `env` is added to the server's environment and wins over the defaults (PORT, HOST, KENLABOUR_DATA_DIR,
 * KENLABOUR_DEMO, LOG_LEVEL...). DATABASE_URL and REDIS_URL are not inherited from the test's environment:
 * pass them in `env` to run on a real Postgres or with Redis.
 */
export async function startServer(
  env: Record<string, string | undefined> = {},
  options: { timeoutMs?: number } = {},
): Promise<RunningServer> {
  const ownsDataDir = !env.KENLABOUR_DATA_DIR
  const dataDir = env.KENLABOUR_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'kenlabour-e2e-')))
  if (ownsDataDir && !env.DATABASE_URL) {
    const template = migratedTemplate()
    if (template) await cp(template, dataDir, { recursive: true })
  }
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env
  const child = spawn(process.execPath, [join(repoRoot, 'server', 'main.ts')], {
    cwd: repoRoot,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      KENLABOUR_DATA_DIR: dataDir,
      KENLABOUR_DEMO: '0',
      // Suites sign up unrelated accounts on one server.
      KENLABOUR_SIGNUP: 'open',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)

  let output = ''
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-256 * 1024)
  }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child)
      resolve()
    }),
  )

  const waitExit = async (ms: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return true
    return Promise.race([exited.then(() => true), sleep(ms).then(() => false)])
  }
  let removed = false
  const removeData = async () => {
    if (ownsDataDir && !removed) {
      removed = true
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  const stop = async () => {
    if (!(await waitExit(0))) {
      child.kill('SIGTERM')
      if (!(await waitExit(15_000))) {
        child.kill('SIGKILL')
        await exited
      }
    }
    await removeData()
  }
  const kill = async () => {
    if (!(await waitExit(0))) {
      child.kill('SIGKILL')
      await exited
    }
  }

  try {
    const url = await waitForListening(child, () => output, exited, options.timeoutMs ?? 60_000, env.PORT)
    await waitForHealth(url, exited, () => output, options.timeoutMs ?? 60_000)
    return { url, port: Number(new URL(url).port), dataDir, child, output: () => output, stop, kill }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * The migrated, empty data folder the test run prepared (server/testing/global-setup.ts), or null
 * outside `npm test` (a bench script): then the server starts on an empty folder and migrates it.
 */
function migratedTemplate(): string | null {
  try {
    return inject('pgliteTemplateDir') ?? null
  } catch {
    return null
  }
}

async function waitForListening(
  child: ChildProcess,
  output: () => string,
  exited: Promise<void>,
  timeoutMs: number,
  fixedPort: string | undefined,
): Promise<string> {
  if (fixedPort && fixedPort !== '0') return `http://127.0.0.1:${fixedPort}`
  const deadline = Date.now() + timeoutMs
  let gone = false
  void exited.then(() => {
    gone = true
  })
  for (;;) {
    const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output())
    if (match) return match[1]!
    if (gone)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`)
    if (Date.now() > deadline) throw new Error(`server did not listen within ${timeoutMs} ms:\n${output()}`)
    await sleep(50)
  }
}

async function waitForHealth(url: string, exited: Promise<void>, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  let gone = false
  void exited.then(() => {
    gone = true
  })
  let last = ''
  for (;;) {
    if (gone) throw new Error(`server exited before /api/health answered:\n${output()}`)
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) })
      if (response.status === 200) return
      last = `status ${response.status}`
    } catch (error) {
      last = String(error)
    }
    if (Date.now() > deadline)
      throw new Error(`/api/health not 200 within ${timeoutMs} ms (last: ${last}):\n${output()}`)
    await sleep(100)
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
