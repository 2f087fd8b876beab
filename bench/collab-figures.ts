import { spawn } from 'node:child_process'
import v8 from 'node:v8'
import vm from 'node:vm'
import { Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import * as Y from 'yjs'
import { authorOf, ideaRecord, ideaText, putIdea } from '../server/collab/testing/board-edits.ts'
import { connectClient, synced, waitFor } from '../server/collab/testing/clients.ts'
import { remoteWorkshop } from '../server/collab/testing/http-fixtures.ts'
import { startPrivatePostgres, startServer } from '../server/collab/testing/processes.ts'
import { openStore } from '../server/db/connect.ts'
import type { Database } from '../server/db/schema.ts'
import { buildTestApp } from '../server/testing/app.ts'
import { createWorkshop, joinAsGuest, workshopWithGuests } from '../server/testing/workshops.ts'
import { records } from '../shared/board/document.ts'

/**
 * The figures issue 3 asks for, measured against a real server process on real Postgres:
 * - the time for two clients to see each other's edit (p50/p99 over 1,000 edits, alternating sides);
 * - the time from an edit to its row in Postgres (p99): a trigger NOTIFYs each new board_updates row,
 *   and Postgres delivers a NOTIFY at commit, so the time is measured to the committed row;
 * - memory per idle connection and per loaded board of 1,000 ideas (server heap and RSS deltas read
 *   from its /metrics, over many connections and boards to average the noise out).
 *
 * Run: node_modules/.bin/node bench/collab-figures.ts   (starts its own Postgres; needs the Postgres
 *      binaries, as the tests do)
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const ms = (v: number) => `${v.toFixed(2)} ms`

// A Postgres of the bench's own (fsync on, as in production), so other work on the machine's shared
// instance (test suites creating databases, which checkpoints) does not weigh on the commit times.
const pg = await startPrivatePostgres({ fsync: true })
const database = { url: pg.url, drop: () => pg.destroy() }
const server = await startServer({
  DATABASE_URL: database.url,
  LOG_LEVEL: 'error',
  KENLABOUR_JOIN_RATE_LIMIT: '100000',
  // Every client of the benchmark comes from loopback, one address.
  KENLABOUR_MAX_CONNECTIONS_PER_ADDRESS: '100000',
})
const sql = postgres(database.url, { max: 2, onnotice: () => {} })
try {
  const workshop = await remoteWorkshop(server.origin)
  // Two connections of the facilitator: a participant may add 30 ideas a minute (shared/collab/limits.ts).
  const a = connectClient(server.origin, workshop.boardId, workshop.facilitator.cookie)
  const b = connectClient(server.origin, workshop.boardId, workshop.facilitator.cookie)
  await Promise.all([synced(a), synced(b)])

  // Edit → committed row: a trigger notifies each row id; the row's tags map back to send times.
  await sql.unsafe(`
    create or replace function bench_notify() returns trigger as $$
    begin perform pg_notify('bench_rows', new.id::text); return new; end $$ language plpgsql;
    create trigger bench_rows after insert on board_updates for each row execute function bench_notify();`)
  const sentAt = new Map<string, number>()
  const storedAfter: number[] = []
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) })
  await sql.listen('bench_rows', async (id) => {
    const committedAt = performance.now()
    const row = await db
      .selectFrom('board_updates')
      .select('data')
      .where('id', '=', id as never)
      .executeTakeFirst()
    if (!row) return
    for (const struct of Y.decodeUpdate(new Uint8Array(row.data)).structs) {
      const content = (struct as { content?: { getContent?: () => unknown[] } }).content
      for (const value of content?.getContent?.() ?? []) {
        const key = (value as { key?: string })?.key
        const at = key ? sentAt.get(key) : undefined
        if (at !== undefined) {
          storedAfter.push(committedAt - at)
          sentAt.delete(key!)
        }
      }
    }
  })

  // Two clients, 1,000 edits alternating sides, one at a time: the time until the other side has it.
  const seenAfter: number[] = []
  for (let i = 0; i < Number(process.env.BENCH_EDITS ?? 1_000); i++) {
    const [from, to] = i % 2 === 0 ? [a, b] : [b, a]
    const author = authorOf(workshop.facilitator)
    const id = `shape:bench-${i}`
    const start = performance.now()
    sentAt.set(id, start)
    putIdea(from.doc, id, author, `idée ${i}`)
    await waitForFast(() => ideaText(to.doc, id) !== undefined)
    seenAfter.push(performance.now() - start)
  }
  await waitFor(() => sentAt.size === 0, 10_000, 'rows of every edit')
  console.log(
    `edit seen by the other client (1,000 edits): p50 ${ms(percentile(seenAfter, 50))}, p99 ${ms(percentile(seenAfter, 99))}`,
  )
  console.log(
    `edit to its committed row in Postgres: p50 ${ms(percentile(storedAfter, 50))}, p99 ${ms(percentile(storedAfter, 99))}, max ${ms(Math.max(...storedAfter))}`,
  )
  // Baseline: what one committed single-row insert costs on this Postgres and disk right now.
  await sql`create table bench_baseline (id serial primary key, data bytea)`
  const commits: number[] = []
  for (let i = 0; i < 300; i++) {
    const start = performance.now()
    await sql`insert into bench_baseline (data) values (${Buffer.from('x')})`
    commits.push(performance.now() - start)
    await sleep(3)
  }
  console.log(
    `baseline, one committed insert on the same Postgres: p50 ${ms(percentile(commits, 50))}, p99 ${ms(percentile(commits, 99))}`,
  )
  const lag = (await (await fetch(`${server.origin}/metrics`)).text())
    .split('\n')
    .filter((l) => l.startsWith('kenlabour_collab_persist_lag_seconds_bucket'))
  console.log(`server-side accept-to-stored histogram:\n${lag.join('\n')}`)
  a.destroy()
  b.destroy()

  await db.destroy().catch(() => {})
  server.child.kill('SIGTERM')
  await server.exited
  await measureMemory(database.url)
} finally {
  server.child.kill('SIGTERM')
  await server.exited
  await sql.end({ timeout: 1 }).catch(() => {})
  await database.drop()
}

/** Like waitFor, polling on every turn of the event loop (setImmediate) for sub-millisecond figures. */
async function waitForFast(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = performance.now()
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/**
 * Memory, measured in this process (the server runs in-process here so that its heap can be collected
 * before each reading), with the clients in a child process so their memory is not counted.
 */
async function measureMemory(databaseUrl: string): Promise<void> {
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc') as () => void
  const heap = async () => {
    await sleep(500)
    for (let i = 0; i < 3; i++) gc()
    return process.memoryUsage().heapUsed
  }
  const store = await openStore({ databaseUrl, maxConnections: 5 })
  const app = await buildTestApp(store, { rateLimits: { login: 1000, signup: 1000, join: 100_000 } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  try {
    const cast = await workshopWithGuests(app)
    // Idle connections: 300 guests, each its own person (connections per person are capped).
    const guests = []
    for (let i = 0; i < 300; i++)
      guests.push(await joinAsGuest(app, cast.workshop.observerCode, `Observateur ${i}`))
    const first = await openClients([
      { origin, boardId: cast.workshop.boardId, cookie: cast.facilitator.cookie },
    ])
    const before = await heap()
    const idle = await openClients(
      guests.map((g) => ({ origin, boardId: cast.workshop.boardId, cookie: g.cookie })),
    )
    const withIdle = await heap()
    const perConnection = (withIdle - before) / 300
    console.log(`memory per idle connection (300, server heap): ${(perConnection / 1024).toFixed(1)} KiB`)
    idle.close()
    first.close()

    // Boards of 1,000 ideas: filled server-side, unloaded, then loaded again by one client each.
    const boards: string[] = []
    for (let n = 0; n < 10; n++) {
      const workshop = await createWorkshop(app, cast.facilitator.cookie)
      await app.liveBoards.change(workshop.boardId, (doc) => {
        const kv = records(doc)
        for (let i = 0; i < 1_000; i++)
          kv.set(
            `shape:idea-${i}`,
            ideaRecord(
              `shape:idea-${i}`,
              authorOf(cast.facilitator),
              `Idée numéro ${i} pour le territoire`,
              (i % 40) * 220,
              Math.floor(i / 40) * 160,
            ),
          )
      })
      boards.push(workshop.boardId)
    }
    await sleep(4_000) // rooms unload 2 s after their last holder leaves
    const empty = await heap()
    const readers = await openClients(
      boards.map((boardId) => ({ origin, boardId, cookie: cast.facilitator.cookie })),
    )
    const loaded = await heap()
    console.log(
      `memory per loaded board of 1,000 ideas (10 boards, server heap, one connection each subtracted): ` +
        `${((loaded - empty - 10 * perConnection) / 10 / 1024 / 1024).toFixed(2)} MiB`,
    )
    readers.close()
  } finally {
    await app.close()
    await store.close()
  }
}

/** Opens y-websocket clients in a child process; resolves once all have synced. */
async function openClients(specs: { origin: string; boardId: string; cookie: string }[]) {
  const child = spawn(process.execPath, ['bench/collab-clients.ts'], {
    env: { ...process.env, BENCH_CLIENTS: JSON.stringify(specs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`clients exited (${code})`)))
  })
  return { close: () => child.kill('SIGKILL') }
}
