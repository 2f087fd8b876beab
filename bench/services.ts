import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { connect as netConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import postgres from 'postgres'
import { freePort } from '../server/collab/testing/processes.ts'
import { postgresBinDir } from '../server/testing/postgres-bin.ts'
import { trackChild } from './children.ts'

export { freePort }

/**
 * Private Postgres and Redis instances for the bench and the fault tests: on random loopback ports, in
 * temporary folders, optionally pinned to a core, and restartable. The machine's shared services
 * (5432, 6379) are never touched: other tests use them.
 */

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = netConnect({ host: '127.0.0.1', port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    await sleep(50)
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`)
}

function pinned(core: number | undefined, command: string, args: string[]): [string, string[]] {
  return core === undefined ? [command, args] : ['taskset', ['-c', String(core), command, ...args]]
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
    }, timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** A private Postgres server (the installed version: server/testing/postgres-bin.ts). */
export interface PrivatePostgres {
  /** Admin URL (user postgres, database postgres). */
  url: string
  port: number
  /** A new empty database on it; returns its URL. */
  createDatabase(name?: string): Promise<string>
  /** Fast shutdown then start again on the same port and data (clients see their connections die). */
  restart(downMs?: number): Promise<void>
  stop(): Promise<void>
}

/** Starts a private Postgres (initdb in a temp folder owned by `postgres`, which it must run as). */
export async function startPostgres(options: { core?: number } = {}): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'kenlabour-bench-pg-'))
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
  chownSync(dir, uid, gid)
  const data = join(dir, 'data')
  // initdb and postgres refuse to run as root: run them as `postgres` (spawn's uid/gid, so that signals
  // reach postgres itself and not a wrapper).
  execFileSync(`${postgresBinDir()}/initdb`, ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync'], {
    stdio: 'ignore',
    uid,
    gid,
    cwd: dir,
  })
  const port = await freePort()
  let child: ChildProcess
  const launch = async () => {
    const [command, args] = pinned(options.core, `${postgresBinDir()}/postgres`, [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
    ])
    child = spawn(command, args, { stdio: 'ignore', uid, gid, cwd: dir })
    trackChild(child)
    await waitForPort(port)
    // Accepting TCP is not accepting queries: wait for a real one.
    const deadline = Date.now() + 30_000
    for (;;) {
      const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 2 })
      try {
        await sql`select 1`
        await sql.end()
        return
      } catch (error) {
        await sql.end({ timeout: 0 })
        if (Date.now() > deadline) throw error
        await sleep(100)
      }
    }
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  await launch()
  const stop = async () => {
    // SIGINT is Postgres' "fast shutdown".
    child.kill('SIGINT')
    await waitForExit(child, 15_000)
  }
  return {
    url,
    port,
    async createDatabase(name = `bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`) {
      const sql = postgres(url, { max: 1, onnotice: () => {} })
      await sql.unsafe(`create database ${name}`)
      await sql.end()
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    async restart(downMs = 500) {
      await stop()
      await sleep(downMs)
      await launch()
    },
    async stop() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A private Redis 7 server (no persistence). */
export interface PrivateRedis {
  url: string
  port: number
  /** Kill and start again on the same port (all data and subscriptions are lost, as in a crash). */
  restart(downMs?: number): Promise<void>
  stop(): Promise<void>
}

export async function startRedis(options: { core?: number } = {}): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess
  const launch = async () => {
    const [command, args] = pinned(options.core, 'redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ])
    child = spawn(command, args, { stdio: 'ignore' })
    trackChild(child)
    await waitForPort(port)
  }
  await launch()
  const stop = async () => {
    child.kill('SIGKILL')
    await waitForExit(child, 5_000)
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart(downMs = 500) {
      await stop()
      await sleep(downMs)
      await launch()
    },
    stop,
  }
}
