import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { trackChild } from './children.ts'
import { runLimited } from './load.ts'
import type { Dialect } from './protocol.ts'
import { freePort, waitForPort } from './services.ts'

/**
 * The servers under test, each started as its own process pinned to the server core, with
 * bench/server-probe.ts preloaded (event-loop delay and memory over IPC) and `--expose-gc`.
 */

export type TargetName =
  | 'kenlabour'
  | 'kenlabour-before'
  | 'y-websocket'
  | 'hocuspocus'
  | 'hocuspocus-unbatched'

/**
 * `kenlabour-before` is an earlier build of Kenlabour, named by BENCH_KENLABOUR_BEFORE (the path of its
 * server/main.ts, e.g. in a `git worktree` of an older commit): what a change costs, measured in the
 * same run as the change itself.
 */
export const beforeMain = process.env.BENCH_KENLABOUR_BEFORE

export const targetLabels: Record<TargetName, string> = {
  kenlabour: 'Kenlabour',
  'kenlabour-before': `Kenlabour before (${process.env.BENCH_KENLABOUR_BEFORE_LABEL ?? 'earlier build'})`,
  'y-websocket': 'y-websocket ref. 0.1.1',
  hocuspocus: 'Hocuspocus 4.7 (batching)',
  'hocuspocus-unbatched': 'Hocuspocus 4.7 (no batching)',
}

/** A running server process. */
export interface ServerProcess {
  pid: number
  port: number
  /**
   * Asks the preloaded probe (see server-probe.ts); `flag`: a full GC first for `memory`, timing the
   * big rooms' stages from now on for `eld-reset`.
   */
  probe<T>(op: 'eld-reset' | 'eld' | 'memory' | 'stages', flag?: boolean): Promise<T>
  /** utime + stime of the process so far, in seconds (from /proc/<pid>/stat). */
  cpuSeconds(): number
  /** Resident memory now, in bytes (/proc/<pid>/status VmRSS). */
  rssBytes(): number
  /** The last lines it printed (for error messages). */
  output(): string
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
  /** SIGKILL now (a crash). */
  kill9(): Promise<void>
  readonly exited: boolean
}

const clockTicks = 100 // getconf CLK_TCK on Linux

/** Starts `node <script>` pinned to `core` with the bench probe; resolves once the port accepts. */
export async function startServerProcess(options: {
  script: string
  env: Record<string, string>
  port: number
  core?: number
  ready?: (port: number) => Promise<void>
}): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS adds flags to every server (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const nodeArgs = ['--expose-gc', ...extra, '--import', './bench/server-probe.ts', options.script]
  const [command, args] =
    options.core === undefined
      ? [process.execPath, nodeArgs]
      : ['taskset', ['-c', String(options.core), process.execPath, ...nodeArgs]]
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  trackChild(child)
  let lines: string[] = []
  const keep = (chunk: Buffer) => {
    if (process.env.BENCH_SERVER_OUTPUT) process.stderr.write(chunk)
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (lines.length > 40) lines = lines.slice(-40)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      resolve()
    }),
  )
  let nextId = 1
  const pending = new Map<number, (result: unknown) => void>()
  child.on('message', (message: { benchProbe?: boolean; id: number; result: unknown }) => {
    if (message?.benchProbe) pending.get(message.id)?.(message.result)
    pending.delete(message?.id)
  })
  const pid = child.pid ?? 0
  const server: ServerProcess = {
    pid,
    port: options.port,
    probe<T>(op: 'eld-reset' | 'eld' | 'memory' | 'stages', flag = false) {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`server probe ${op} timed out`))
        }, 30_000)
        pending.set(id, (result) => {
          clearTimeout(timer)
          resolve(result as T)
        })
        child.send({ benchProbe: true, id, op, flag })
      })
    },
    cpuSeconds() {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces) start at ") ".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) / clockTicks
    },
    rssBytes() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const match = /VmRSS:\s+(\d+) kB/.exec(status)
      return match ? Number(match[1]) * 1024 : 0
    },
    output: () => lines.join('\n'),
    async stop(graceMs = 10_000) {
      if (exited) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exit
      clearTimeout(timer)
    },
    async kill9() {
      if (exited) return
      child.kill('SIGKILL')
      await exit
    },
    get exited() {
      return exited
    },
  }
  try {
    await Promise.race([
      (options.ready ?? ((port) => waitForPort(port, 60_000)))(options.port),
      exit.then(() => {
        throw new Error(`${options.script} exited during start:\n${server.output()}`)
      }),
    ])
  } catch (error) {
    await server.kill9()
    throw error
  }
  return server
}

/** Access to one room: the socket URL and headers of each participant. */
export interface RoomAccess {
  dialect: Dialect
  docName: string
  /** Participants in order; each has its own identity (cookie) where the server needs one. */
  participants: { url: string; headers: Record<string, string>; name: string; authorId: string }[]
  /**
   * Kenlabour only: the facilitator, who may add ideas without the participants' limit (30 a minute);
   * fillBoard builds large boards through it. Other servers have no such limit: a participant fills.
   */
  facilitator?: RoomAccess['participants'][number]
  /** Kenlabour only: the board id (board_updates.board_id) and the workshop's join code. */
  boardId?: string
  joinCode?: string
}

/** A server under test, started and able to make rooms. */
export interface Target {
  name: TargetName
  servers: ServerProcess[]
  /** Kenlabour on Postgres: the database it uses (W4 reads board_updates there). */
  databaseUrl?: string
  /** A fresh room (a new board or document) with `count` participants, spread over the instances. */
  room(count: number, options?: { instances?: number[] }): Promise<RoomAccess>
  /** More participants for an existing room. */
  join(
    room: RoomAccess,
    count: number,
    options?: { instances?: number[] },
  ): Promise<RoomAccess['participants']>
  stop(): Promise<void>
}

/** Starts a peer (reference server or Hocuspocus) on the server core. */
export async function startPeer(name: Exclude<TargetName, 'kenlabour'>, core?: number): Promise<Target> {
  const port = await freePort()
  const script =
    name === 'y-websocket' ? 'bench/peers/y-websocket-server.ts' : 'bench/peers/hocuspocus-server.ts'
  const env: Record<string, string> = name === 'hocuspocus-unbatched' ? { HOCUSPOCUS_BATCHING: 'off' } : {}
  const server = await startServerProcess({ script, env, port, core })
  const dialect: Dialect = name === 'y-websocket' ? 'y-websocket' : 'hocuspocus'
  let rooms = 0
  let people = 0
  const participants = (docName: string, count: number) =>
    Array.from({ length: count }, () => {
      people++
      return {
        url: dialect === 'y-websocket' ? `ws://127.0.0.1:${port}/${docName}` : `ws://127.0.0.1:${port}/`,
        headers: {},
        name: `Participant ${people}`,
        authorId: `guest-${people}`,
      }
    })
  return {
    name,
    servers: [server],
    async room(count) {
      const docName = `bench-room-${++rooms}-${Date.now()}`
      return { dialect, docName, participants: participants(docName, count) }
    },
    async join(room, count) {
      return participants(room.docName, count)
    },
    stop: () => server.stop(),
  }
}

/** Waits for Kenlabour's /api/health to answer 200. */
export async function waitHealthy(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`)
      if (response.ok) return
    } catch {}
    if (Date.now() > deadline) throw new Error(`Kenlabour on ${port} not healthy after ${timeoutMs} ms`)
    await sleep(100)
  }
}

/** How Kenlabour instances are started: the store, Redis, and how many instances. */
export interface KenlabourOptions {
  core?: number
  /** Postgres database URL; embedded PGlite in a temp folder without it. */
  databaseUrl?: string
  dataDir?: string
  redisUrl?: string
  instances?: number
  /** The server's entry point (default: this checkout's server/main.ts, or BENCH_KENLABOUR_MAIN). */
  script?: string
  /** The target's name in the results. */
  name?: 'kenlabour' | 'kenlabour-before'
}

const contractExample = JSON.parse(
  readFileSync(new URL('./fixtures/contract-example.json', import.meta.url), 'utf8'),
)

/** An HTTP client of one Kenlabour instance that keeps its session cookie. */
export class ApiClient {
  cookie = ''
  readonly origin: string
  constructor(port: number) {
    this.origin = `http://127.0.0.1:${port}`
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: {
        origin: this.origin,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const setCookie = response.headers.getSetCookie()
    if (setCookie.length > 0) this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ')
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
}

/**
 * Starts Kenlabour (`server/main.ts`, as in production) on the server core: one instance, or several
 * sharing a store and Redis. Rooms are real workshops: a facilitator account creates one per room from
 * the example contract, and each participant is a guest who joined with the join code (own cookie).
 */
export async function startKenlabour(options: KenlabourOptions = {}): Promise<Target> {
  const instances = options.instances ?? 1
  const servers: ServerProcess[] = []
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    KENLABOUR_DEMO: '0',
    // A run may start on a store that earlier runs signed up on.
    KENLABOUR_SIGNUP: 'open',
    KENLABOUR_JOIN_RATE_LIMIT: '1000000',
    // Every client of the benchmark comes from loopback, one address.
    KENLABOUR_MAX_CONNECTIONS_PER_ADDRESS: '1000000',
    LOG_LEVEL: 'warn',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.dataDir ? { KENLABOUR_DATA_DIR: options.dataDir } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
  }
  try {
    for (let i = 0; i < instances; i++) {
      // Instances start one after the other: the first runs the migrations.
      const port = await freePort()
      servers.push(
        await startServerProcess({
          // BENCH_KENLABOUR_MAIN runs another build of the server (a variant being tried, see README).
          script: options.script ?? process.env.BENCH_KENLABOUR_MAIN ?? 'server/main.ts',
          env,
          port,
          core: options.core,
          ready: waitHealthy,
        }),
      )
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.kill9()))
    throw error
  }
  const facilitator = new ApiClient(servers[0].port)
  const facilitatorName = 'Animatrice bench'
  const { userId: facilitatorId } = await facilitator.call<{ userId: string }>('POST', '/api/auth/signup', {
    email: `bench-${Date.now()}@example.org`,
    password: 'bench-password-1',
    displayName: facilitatorName,
  })
  const { id: contractId } = await facilitator.call<{ id: string }>('POST', '/api/contracts', contractExample)
  let rooms = 0
  let people = 0

  const join = async (room: { joinCode: string; boardId: string }, count: number, on: number[]) => {
    const result: RoomAccess['participants'] = new Array(count)
    const tasks = Array.from({ length: count }, (_, i) => async () => {
      const server = servers[on[i % on.length]]
      const guest = new ApiClient(server.port)
      const name = `Participant ${++people}`
      const joined = await guest.call<{ guestId: string }>('POST', '/api/join', {
        code: room.joinCode,
        displayName: name,
      })
      result[i] = {
        url: `ws://127.0.0.1:${server.port}/collab/${room.boardId}`,
        headers: { cookie: guest.cookie, origin: guest.origin },
        name,
        authorId: joined.guestId,
      }
    })
    await runLimited(tasks, 8)
    return result
  }
  const joinCodes = new Map<string, string>()

  return {
    name: options.name ?? 'kenlabour',
    servers,
    databaseUrl: options.databaseUrl,
    async room(count, roomOptions) {
      const workshop = await facilitator.call<{ boardId: string; joinCode: string }>(
        'POST',
        '/api/workshops',
        {
          title: `Atelier bench ${++rooms}`,
          contractId,
        },
      )
      joinCodes.set(workshop.boardId, workshop.joinCode)
      const on = roomOptions?.instances ?? servers.map((_, i) => i)
      return {
        dialect: 'y-websocket',
        docName: workshop.boardId,
        boardId: workshop.boardId,
        joinCode: workshop.joinCode,
        facilitator: {
          url: `ws://127.0.0.1:${servers[0].port}/collab/${workshop.boardId}`,
          headers: { cookie: facilitator.cookie, origin: facilitator.origin },
          name: facilitatorName,
          authorId: facilitatorId,
        },
        participants: await join(workshop, count, on),
      }
    },
    async join(room, count, joinOptions) {
      const boardId = room.boardId ?? room.docName
      const joinCode = room.joinCode ?? joinCodes.get(boardId)
      if (!joinCode) throw new Error(`unknown board ${boardId}`)
      return join({ boardId, joinCode }, count, joinOptions?.instances ?? servers.map((_, i) => i))
    },
    async stop() {
      await Promise.all(servers.map((s) => s.stop()))
    },
  }
}
