import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { buildApp } from '../server/app.ts'
import { openStore, type Store } from '../server/db/connect.ts'
import { readBoardContent } from '../server/projects/board-content.ts'
import { planConversion } from '../server/projects/conversion-plan.ts'
import { projectsToCsv } from '../server/projects/export/csv.ts'
import { ficheToDocx } from '../server/projects/export/docx.ts'
import { buildFiche } from '../server/projects/export/fiche.ts'
import { ficheToMarkdown } from '../server/projects/export/markdown.ts'
import { ficheToPdf } from '../server/projects/export/pdf.ts'
import { type ExampleWorkshop, writeExampleBoard } from '../server/projects/testing/example-board.ts'
import { clearShapes, exampleContract } from '../server/projects/testing/example-workshop.ts'
import { sampleRecord } from '../server/projects/testing/sample-record.ts'
import { signUp } from '../server/testing/app.ts'
import { openFreshPostgres } from '../server/testing/stores.ts'
import { createContract, createWorkshop } from '../server/testing/workshops.ts'

/**
 * Figures for issue 5: converting a board of 1,000 ideas in 100 clusters, and exporting one record in
 * each format. Run: `node bench/projects-figures.ts` (PGlite), and with
 * `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` for a real Postgres too.
 *
 * Conversion is measured three ways: the pure plan (membership, dots, drafts) on a Y.Doc; the whole
 * HTTP request on a fresh workshop (close, live-board read, snapshot, 100 inserts, history); and a
 * re-conversion (refresh of 100 records, nothing created). Exports: rendering alone, and the HTTP
 * request (read + render). Each figure is the median of several runs after a warm-up.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 7)

/** A workshop of `clusters` clusters of `perCluster` ideas each, in 5 zones of the example contract. */
function bigWorkshop(clusters = 100, perCluster = 10): ExampleWorkshop {
  const names = ['Annaig', 'Yann', 'Maëlle', 'Erwan', 'Soizic', 'Gwenaël', 'Loïc', 'Nolwenn']
  const zones = [
    ['P1', '1.1'],
    ['P1', '1.2'],
    ['P2', '2.3'],
    ['P3', '3.1'],
    ['P3', ''],
  ]
  return {
    title: 'Atelier de mesure',
    participants: names.map((name) => ({ name, actor: 'citoyen' })),
    zones: zones.map(([priorityCode, actionCode], z) => ({
      priorityCode: priorityCode!,
      actionCode: actionCode!,
      clusters: Array.from({ length: clusters / zones.length }, (_, c) => ({
        title: `Projet ${z + 1}.${c + 1} : une idée collective à l’échelle du Pays`,
        ideas: Array.from({ length: perCluster }, (_, i) => ({
          text: `Idée ${i + 1} du groupe ${z + 1}.${c + 1} : mutualiser les moyens des communes et des associations`,
          author: names[(z + c + i) % names.length]!,
          votes: (i * 7 + c) % 6,
        })),
      })),
      loose: [],
    })),
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function time<T>(run: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now()
  const result = await run()
  return [performance.now() - start, result]
}

async function timeMedian(run: () => Promise<unknown> | unknown, runs = RUNS): Promise<number> {
  await run()
  const times: number[] = []
  for (let i = 0; i < runs; i += 1) times.push((await time(run))[0])
  return median(times)
}

const ms = (value: number) => `${value.toFixed(1)} ms`

async function measureStore(label: string, store: Store) {
  const app = await buildApp({
    store,
    rateLimits: { login: 1e6, signup: 1e6, join: 1e6 },
    config: { seedDemo: false, signup: 'open' },
  })
  const workshop = bigWorkshop()
  try {
    const account = await signUp(app)
    const contract = await createContract(app, account.cookie, exampleContract)
    const conversions: number[] = []
    const reconversions: number[] = []
    let sample: { id: string } | undefined
    for (let run = 0; run < Math.max(3, Math.ceil(RUNS / 2)); run += 1) {
      const created = await createWorkshop(app, account.cookie, {
        contractId: contract.id,
        title: workshop.title,
      })
      await app.liveBoards.change(created.boardId, (doc) => {
        clearShapes(doc)
        writeExampleBoard(doc, workshop, `b${run}`)
      })
      const convert = () =>
        app.inject({
          method: 'POST',
          url: `/api/workshops/${created.id}/convert`,
          headers: { cookie: account.cookie },
        })
      const [first, response] = await time(convert)
      if (response.statusCode !== 201) throw new Error(`convert: ${response.statusCode} ${response.body}`)
      const body = response.json()
      if (body.projects.length !== 100) throw new Error(`expected 100 records, got ${body.projects.length}`)
      const ideas = body.projects.reduce((n: number, p: any) => n + p.provenance.ideas.length, 0)
      if (ideas !== 1000) throw new Error(`expected 1000 ideas, got ${ideas}`)
      const [again, second] = await time(convert)
      if (second.json().created !== 0) throw new Error('re-conversion created records')
      conversions.push(first)
      reconversions.push(again)
      sample = body.projects[0]
    }
    console.log(`\n${label}`)
    console.log(
      `  convert 1,000 ideas / 100 clusters (HTTP, first run): median ${ms(median(conversions))} (${conversions.map(ms).join(', ')})`,
    )
    console.log(`  re-convert the same board (HTTP, refresh only):      median ${ms(median(reconversions))}`)
    for (const format of ['md', 'pdf', 'docx', 'json'] as const) {
      const t = await timeMedian(async () => {
        const r = await app.inject({
          url: `/api/projects/${sample!.id}/export?format=${format}`,
          headers: { cookie: account.cookie },
        })
        if (r.statusCode !== 200) throw new Error(`export ${format}: ${r.statusCode}`)
      })
      console.log(`  export one record as ${format.padEnd(4)} (HTTP):                median ${ms(t)}`)
    }
    const csv = await timeMedian(async () => {
      const r = await app.inject({ url: '/api/projects/export.csv', headers: { cookie: account.cookie } })
      if (r.statusCode !== 200) throw new Error(`csv: ${r.statusCode}`)
    })
    console.log(
      `  export the list as CSV (HTTP, ${Math.max(3, Math.ceil(RUNS / 2)) * 100} records):      median ${ms(csv)}`,
    )
  } finally {
    await app.close()
  }
}

async function main() {
  console.log(`Node ${process.version}, ${RUNS} runs per figure (median)`)
  // The pure plan, without database or HTTP.
  const doc = new Y.Doc()
  writeExampleBoard(doc, bigWorkshop(), 'plan')
  const plan = await timeMedian(() => planConversion(readBoardContent(doc), 'Atelier de mesure'))
  const result = planConversion(readBoardContent(doc), 'Atelier de mesure')
  console.log(
    `plan (membership + dots + drafts), 1,000 ideas / 100 clusters: median ${ms(plan)} → ${result.clusters.length} clusters`,
  )

  // Rendering alone, for one record of the big board.
  const draft = result.clusters[0]!
  const record = sampleRecord({
    id: 'bench',
    clusterId: draft.clusterId,
    title: draft.title,
    summary: draft.summary,
    priorityCode: draft.priorityCode,
    actionCode: draft.actionCode,
    objectives: draft.objectives,
    provenance: {
      workshopId: 'w',
      workshopTitle: 'Atelier de mesure',
      clusterId: draft.clusterId,
      clusterTitle: draft.title,
      zoneId: draft.zoneId,
      ideas: draft.ideas,
      contributors: draft.contributors,
      totalDots: draft.totalDots,
      convertedAt: new Date().toISOString(),
    },
  })
  const fiche = () => buildFiche(record, 'Contrat')
  console.log('render one record (no HTTP, no database):')
  console.log(`  md   ${ms(await timeMedian(() => ficheToMarkdown(fiche())))}`)
  console.log(`  pdf  ${ms(await timeMedian(() => ficheToPdf(fiche())))}`)
  console.log(`  docx ${ms(await timeMedian(() => ficheToDocx(fiche())))}`)
  console.log(`  json ${ms(await timeMedian(() => JSON.stringify(record, null, 2)))}`)
  console.log(
    `  csv of 100 records ${ms(await timeMedian(() => projectsToCsv(Array.from({ length: 100 }, () => record))))}`,
  )

  const pglite = await openStore({ dataDir: 'memory://' })
  try {
    await measureStore('PGlite (embedded)', pglite)
  } finally {
    await pglite.close()
  }
  if (process.env.BENCH_DATABASE_URL) {
    const postgres = await openFreshPostgres(process.env.BENCH_DATABASE_URL)
    try {
      await measureStore('Postgres', postgres)
    } finally {
      await postgres.close()
    }
  }
}

await main()
