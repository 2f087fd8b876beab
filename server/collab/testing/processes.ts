import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import * as net from 'node:net'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { TEST_METRICS_TOKEN } from '../../testing/app.ts'
import { postgresBinDir } from '../../testing/postgres-bin.ts'

const execFileAsync = promisify(execFile)

/**
 * Real processes for fault tests: the Kenlabour server (server/main.ts under this Node), and private
 * Postgres and Redis instances on random ports that a test may restart without touching the shared ones.
 */

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface ServerProcess {
  origin: string
  port: number
  child: ChildProcess
  /** Everything the process wrote, for failure messages. */
  output(): string
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string>
}

/** Starts `server/main.ts` with `env` on `port` and resolves once /api/health answers. */
export async function startServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const listenPort = port ?? (await freePort())
  const child = spawn(process.execPath, ['server/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(listenPort),
      HOST: '127.0.0.1',
      KENLABOUR_DEMO: '0',
      // Suites sign up unrelated accounts on one server.
      KENLABOUR_SIGNUP: 'open',
      LOG_LEVEL: 'warn',
      // Every test client comes from loopback: one address for hundreds of sockets.
      KENLABOUR_MAX_CONNECTIONS_PER_ADDRESS: '100000',
      KENLABOUR_METRICS_TOKEN: TEST_METRICS_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  )
  const origin = `http://127.0.0.1:${listenPort}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start:\n${output}`)
    try {
      const response = await fetch(`${origin}/api/health`)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not start:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { origin, port: listenPort, child, output: () => output, exited }
}

/**
 * A Postgres instance of its own (trust auth, loopback, random port), run as the postgres user, from the
 * installed server programs (server/testing/postgres-bin.ts).
 */
export interface PrivatePostgres {
  url: string
  port: number
  restart(): Promise<void>
  stop(): Promise<void>
  start(): Promise<void>
  destroy(): Promise<void>
}

/** Runs a Postgres tool as the postgres user (initdb and postgres refuse root), without blocking. */
async function asPostgres(command: string, args: string[]): Promise<void> {
  const [file, argv] =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]
  await execFileAsync(file, argv, { cwd: '/tmp' })
}

/** `fsync`: on for benchmarks (as in production); off by default, tests only need correctness. */
export async function startPrivatePostgres(options: { fsync?: boolean } = {}): Promise<PrivatePostgres> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'kenlabour-pg-'))
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir])
  await asPostgres(`${postgresBinDir()}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${options.fsync ? 'on' : 'off'}`
  const start = () =>
    asPostgres(`${postgresBinDir()}/pg_ctl`, [
      '-D',
      data,
      '-o',
      serverOptions,
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
    ])
  const stop = () => asPostgres(`${postgresBinDir()}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop'])
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async restart() {
      await stop()
      await start()
    },
    async destroy() {
      try {
        await stop()
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A Redis of its own on a random port, without persistence. */
export interface PrivateRedis {
  url: string
  port: number
  start(): Promise<void>
  stop(): Promise<void>
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    )
    const deadline = Date.now() + 10_000
    for (;;) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1')
        socket.once('connect', () => {
          socket.destroy()
          resolve(true)
        })
        socket.once('error', () => resolve(false))
      })
      if (up) return
      if (Date.now() > deadline) throw new Error('redis did not start')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const stop = async () => {
    const current = child
    child = null
    if (!current || current.exitCode !== null) return
    const gone = new Promise((resolve) => current.once('exit', resolve))
    current.kill('SIGKILL')
    await gone
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, start, stop }
}
