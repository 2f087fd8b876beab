/**
 * Suggestion latency (`npm run bench:similar`): what a participant waits for while writing an idea.
 * One council, one contract, 100 converted workshops of 200 ideas each (20,000 archived ideas, all in
 * the suggestion's scope: the worst case for one contract), and a 101st workshop whose board asks
 * `GET /api/boards/:boardId/similar?text=` with the first words of made-up ideas, as the form does while
 * someone types. Measured through the HTTP route (session, access, query, answer), on embedded PGlite
 * and, with TEST_DATABASE_URL (or BENCH_DATABASE_URL), on Postgres in a database of its own.
 * Target (issue 16): p95 under 50 ms. Not a test: figures go to bench/README.md by hand.
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { sql } from 'kysely'
import { sampleIdeaTexts } from '../server/continuity/testing/sample-ideas.ts'
import { openStore, type Store } from '../server/db/connect.ts'
import { buildTestApp } from '../server/testing/app.ts'
import { joinAsGuest } from '../server/testing/workshops.ts'
import { IDEAS_PER_WORKSHOP, seedArchive, WORKSHOPS, withBenchPostgres } from './similar-archive.ts'

const WARM_UP = 30
const REQUESTS = 300

/**
 * CPU time (ms) of the Postgres server processes serving this database, when they run on this machine
 * and /proc can be read (else undefined): `/proc/<pid>/stat` counts it in ticks of 10 ms, so only a total
 * over many requests means something.
 */
async function serverCpu(store: Store): Promise<number | undefined> {
  if (store.kind !== 'postgres') return undefined
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
    where datname = current_database()`.execute(store.db)
  let ticks = 0
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      return undefined
    }
  }
  return ticks * 10
}

async function measure(label: string, store: Store): Promise<void> {
  const app = await buildTestApp(store)
  try {
    const started = performance.now()
    const { facilitator, current } = await seedArchive(app, store)
    const setup = performance.now() - started
    // Ten participants share the requests: suggestions are limited per person (240 a minute).
    const people = await Promise.all(
      Array.from({ length: 10 }, (_, i) => joinAsGuest(app, current.joinCode, `Participant ${i}`)),
    )
    // What someone types: the first three to six words of an idea not in the archive.
    const typed = sampleIdeaTexts(REQUESTS + WARM_UP, 4242).map((text, i) =>
      text
        .split(' ')
        .slice(0, 3 + (i % 4))
        .join(' '),
    )
    const times: number[] = []
    // This process's CPU time per request: with PGlite the whole store runs here, so it is what a
    // request costs on a quiet machine, whatever the other processes of a shared one do to wall time.
    const cpu: number[] = []
    let serverBefore: number | undefined
    let found = 0
    for (const [i, text] of typed.entries()) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const answer = await app.inject({
        method: 'GET',
        url: `/api/boards/${current.boardId}/similar?text=${encodeURIComponent(text)}`,
        headers: { cookie: people[i % people.length]?.cookie ?? facilitator.cookie },
      })
      const elapsed = performance.now() - t0
      const used = process.cpuUsage(c0)
      if (answer.statusCode !== 200) throw new Error(`similar answered ${answer.statusCode}: ${answer.body}`)
      if (i < WARM_UP) continue
      if (i === WARM_UP) serverBefore = await serverCpu(store)
      times.push(elapsed)
      cpu.push((used.user + used.system) / 1000)
      found += (answer.json() as unknown[]).length
    }
    const serverAfter = await serverCpu(store)
    const server =
      serverBefore !== undefined && serverAfter !== undefined
        ? `; the Postgres server's CPU per request, mean: ${((serverAfter - serverBefore) / REQUESTS).toFixed(1)} ms`
        : ''
    times.sort((a, b) => a - b)
    cpu.sort((a, b) => a - b)
    const quantile = (list: number[], q: number) =>
      list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? Number.NaN
    const at = (q: number) => quantile(times, q)
    console.log(
      `${label}: ${WORKSHOPS * IDEAS_PER_WORKSHOP} ideas (set up in ${(setup / 1000).toFixed(1)} s), ` +
        `${REQUESTS} suggestions: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, ` +
        `max ${(times.at(-1) ?? 0).toFixed(1)} ms, ${(found / REQUESTS).toFixed(1)} suggestions per answer ` +
        `(load average then ${loadavg()[0]?.toFixed(1)}); this process's CPU per request: ` +
        `p50 ${quantile(cpu, 0.5).toFixed(1)} ms, p95 ${quantile(cpu, 0.95).toFixed(1)} ms${server}`,
    )
  } finally {
    await app.close()
  }
}

// Timings on a shared machine mean little without its load: printed first.
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
const embedded = await openStore({ dataDir: 'memory://' })
try {
  await measure('PGlite (embedded)', embedded)
} finally {
  await embedded.close()
}
await withBenchPostgres((store) => measure('Postgres', store))
