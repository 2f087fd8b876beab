/**
 * Query designs for suggestions, compared (bench/README.md, its section on suggestions from earlier
 * workshops): the same 20,000 ideas as `bench:similar`, each design's query run on its own 200 times
 * (after 20 of warm-up) in a transaction without sequential scans, with the share of the first design's
 * suggestions (the GIN index and `%` at 0.3, before issue 16's benchmark was met) it keeps; on PGlite
 * and, with TEST_DATABASE_URL or BENCH_DATABASE_URL, on Postgres. `npx node bench/similar-options.ts`;
 * not a test.
 */
import { loadavg } from 'node:os'
import { type Kysely, sql } from 'kysely'
import { similarQuery } from '../server/continuity/repository.ts'
import { sampleIdeaTexts } from '../server/continuity/testing/sample-ideas.ts'
import { openStore, type Store } from '../server/db/connect.ts'
import type { Database } from '../server/db/schema.ts'
import { buildTestApp } from '../server/testing/app.ts'
import { seedArchive, withBenchPostgres } from './similar-archive.ts'

const RUNS = 200
type Row = { id: string; s: number }
type Design = { label: string; setup?: string[]; run: (tx: Kysely<Database>, text: string) => Promise<Row[]> }

async function measure(label: string, store: Store) {
  const app = await buildTestApp(store)
  const { scope } = await seedArchive(app, store)
  const where = sql`a.council_id = ${scope.councilId} and a.contract_id = ${scope.contractId} and a.workshop_id <> ${scope.workshopId}`
  const typed = sampleIdeaTexts(RUNS, 4242).map((t, i) =>
    t
      .split(' ')
      .slice(0, 3 + (i % 4))
      .join(' '),
  )
  const pct =
    (threshold: number): Design['run'] =>
    async (tx, text) => {
      await sql`select set_config('pg_trgm.similarity_threshold', ${String(threshold)}, true)`.execute(tx)
      const r = await sql<Row>`select a.id, similarity(a.text, ${text}) as s from archived_ideas a
      where ${where} and a.text % ${text} order by s desc, a.id limit 5`.execute(tx)
      return r.rows
    }
  const knn: Design['run'] = async (tx, text) => {
    await sql`set local enable_bitmapscan = off`.execute(tx)
    const r = await sql<Row>`select a.id, similarity(a.text, ${text}) as s from archived_ideas a
      where ${where} and a.text % ${text} order by a.text <-> ${text}, a.id limit 5`.execute(tx)
    return r.rows
  }
  const designs: Design[] = [
    { label: 'GIN, % at 0.3 (before)', run: pct(0.3) },
    { label: '% at 0.45', run: pct(0.45) },
    {
      label: '% at 0.5, then 0.3 if under 5',
      run: async (tx, text) => {
        const first = await pct(0.5)(tx, text)
        return first.length >= 5 ? first : pct(0.3)(tx, text)
      },
    },
    {
      label: 'word_similarity <% at 0.6',
      run: async (tx, text) =>
        (
          await sql<Row>`select a.id, word_similarity(${text}, a.text) as s from archived_ideas a
          where ${where} and ${text} <% a.text order by s desc, a.id limit 5`.execute(tx)
        ).rows,
    },
    {
      label: 'GiST (text, siglen 256) KNN',
      setup: [
        'drop index archived_ideas_similar',
        'create index if not exists bench_gist on archived_ideas using gist (text gist_trgm_ops(siglen=256))',
      ],
      run: knn,
    },
    {
      label: 'GiST (text, siglen 256, scope) KNN',
      setup: [
        'drop index bench_gist',
        'create index bench_gist on archived_ideas using gist (text gist_trgm_ops(siglen=256), council_id, contract_id)',
      ],
      run: knn,
    },
    {
      label: 'GiST (text, siglen 12, scope) KNN',
      setup: [
        'drop index if exists bench_gist',
        'create index bench_gist on archived_ideas using gist (text gist_trgm_ops, council_id, contract_id)',
      ],
      run: knn,
    },
    {
      label: 'GiST (scope, text siglen 12) KNN',
      setup: [
        'drop index if exists bench_gist',
        'create index bench_gist on archived_ideas using gist (council_id, contract_id, text gist_trgm_ops)',
      ],
      run: knn,
    },
    {
      label: 'the route: nearest 5 (with ties), then %',
      setup: [
        'drop index bench_gist',
        'create index archived_ideas_nearest on archived_ideas using gist (text gist_trgm_ops(siglen = 256), council_id, contract_id)',
      ],
      run: async (tx, text) =>
        (await similarQuery(tx, scope, text).execute()).map((row) => ({ id: row.id, s: row.similarity })),
    },
  ]
  // The designs on `%` need the GIN index the suggestions had before (2026-12-06-1100-continuity),
  // which 2026-12-07-1500-suggestions-gist replaced; each GiST design replaces the index before it.
  await sql`drop index archived_ideas_nearest`.execute(store.db)
  await sql`create index archived_ideas_similar on archived_ideas using gin (council_id, contract_id, text gin_trgm_ops)`.execute(
    store.db,
  )
  let baseline: Row[][] = []
  for (const design of designs) {
    for (const statement of design.setup ?? []) await sql.raw(statement).execute(store.db)
    if (design.setup) await sql`analyze archived_ideas`.execute(store.db)
    const once = (text: string) =>
      store.db.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx)
        return design.run(tx, text)
      })
    for (const text of typed.slice(0, 20)) await once(text)
    const times: number[] = []
    const answers: Row[][] = []
    for (const text of typed) {
      const t0 = performance.now()
      answers.push(await once(text))
      times.push(performance.now() - t0)
    }
    if (baseline.length === 0) baseline = answers
    let kept = 0
    let total = 0
    answers.forEach((rows, i) => {
      const ids = new Set(rows.map((r) => r.id))
      for (const r of baseline[i]!) {
        total += 1
        if (ids.has(r.id)) kept += 1
      }
    })
    times.sort((a, b) => a - b)
    const at = (q: number) => times[Math.floor(q * times.length)]!.toFixed(1)
    const per = (answers.reduce((n, r) => n + r.length, 0) / answers.length).toFixed(1)
    console.log(
      `${label} | ${design.label.padEnd(34)} | p50 ${at(0.5)} ms | p95 ${at(0.95)} ms | ${per} per answer | ` +
        `keeps ${((100 * kept) / Math.max(1, total)).toFixed(0)} % of the suggestions before | load ${loadavg()[0]?.toFixed(1)}`,
    )
  }
  await app.close()
}

const embedded = await openStore({ dataDir: 'memory://' })
try {
  await measure('PGlite', embedded)
} finally {
  await embedded.close()
}
await withBenchPostgres((store) => measure('Postgres', store))
