import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { postgresBinDir } from '../server/testing/postgres-bin.ts'
import { type FloorRow, runFloor } from './floor.ts'
import { applyBenchPriority, describeMachine, describeVersions, pinSelf } from './machine.ts'
import { formatTables } from './report.ts'
import { type PrivatePostgres, type PrivateRedis, startPostgres, startRedis } from './services.ts'
import {
  beforeMain,
  startKenlabour,
  startPeer,
  type Target,
  type TargetName,
  targetLabels,
} from './targets.ts'
import {
  fullSettings,
  kmaxRule,
  type MemoryResult,
  quickSettings,
  runMemory,
  runW1,
  runW2,
  runW3,
  runW5,
  runW6,
  type Settings,
  type Step,
  type W3Result,
  type W6Result,
} from './workloads.ts'

/**
 * `npm run bench` (about 20 minutes) or `npm run bench -- --quick` (about a minute, a smoke test of the
 * harness). Options: `--only=W1,W2,...` (workloads: W1 W2 W3 W5 W6 memory; W4 rides on W1) and
 * `--targets=kenlabour,y-websocket,hocuspocus,hocuspocus-unbatched`, `--k=400,1000` (the W1 and W5 room sizes).
 *
 * This process is the load generator: it pins itself to core 0, starts every server pinned to core 1
 * and its private Postgres and Redis on core 0, runs the workloads, prints the tables and writes
 * bench/results/<date>.json.
 */

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const option = (name: string) =>
  args
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')[1]
    ?.split(',')
const ks = option('k')?.map(Number)
const settings: Settings = {
  ...(quick ? quickSettings : fullSettings),
  ...(ks ? { w1Ks: ks, w5Ks: ks } : {}),
}
const workloads = new Set(option('only') ?? ['floor', 'W1', 'W2', 'W3', 'W5', 'W6', 'memory'])
const allTargets: TargetName[] = [
  'kenlabour',
  ...(beforeMain ? (['kenlabour-before'] as const) : []),
  'y-websocket',
  'hocuspocus',
  'hocuspocus-unbatched',
]
const targets = (option('targets') ?? allTargets) as TargetName[]

export interface Results {
  date: string
  quick: boolean
  durationS: number
  machine: ReturnType<typeof describeMachine> & { benchNice: string | null }
  versions: ReturnType<typeof describeVersions>
  settings: Settings & { kmaxRule: typeof kmaxRule; kenlabourStore: string }
  /** The physical floor of a broadcast on this machine (floor.ts). */
  floor?: FloorRow[]
  w1: Partial<Record<TargetName, Step[]>>
  kmax: Partial<Record<TargetName, number | null>>
  w2: Partial<Record<TargetName, Step[]>>
  w3?: W3Result
  w5?: Step[]
  w6?: W6Result
  memory: Partial<Record<TargetName, MemoryResult>>
  errors: string[]
}

const started = performance.now()
const machine = { ...describeMachine(), benchNice: process.env.BENCH_NICE ?? null }
pinSelf(settings.loadCore)
applyBenchPriority(process.pid)
const results: Results = {
  date: new Date().toISOString(),
  quick,
  durationS: 0,
  machine,
  versions: describeVersions(),
  settings: {
    ...settings,
    kmaxRule,
    kenlabourStore: `postgres (${postgresBinDir()}), private instance on the load core`,
  },
  w1: {},
  kmax: {},
  w2: {},
  memory: {},
  errors: [],
}

const print = (line: string) => process.stdout.write(`${line}\n`)
const logStep = (step: Step) =>
  print(
    `  ${step.workload} ${step.target} ${step.size}: doc p50 ${step.doc.p50Ms} p99 ${step.doc.p99Ms} ms · cursor p99 ${step.cursor.p99Ms} ms · missing ${step.editsMissing} · server ${step.server.cpuCores} cores, eld p99 ${step.server.eldP99Ms} ms · load ${step.load.cpuCores} cores, eld p99 ${step.load.eldP99Ms} ms${step.durability ? ` · row p99 ${step.durability.p99Ms} ms` : ''}${step.note ? ` · ${step.note}` : ''}`,
  )

let pg: PrivatePostgres | undefined
let redis: PrivateRedis | undefined

/** Runs `work` with a fresh target, stopping it afterwards; a failure is recorded, not fatal. */
async function withTarget<T>(label: string, start: () => Promise<Target>, work: (t: Target) => Promise<T>) {
  let target: Target | undefined
  try {
    target = await start()
    return await work(target)
  } catch (error) {
    const message = `${label}: ${error instanceof Error ? error.message : String(error)}`
    results.errors.push(message)
    print(`  ERROR ${message}`)
    if (target) for (const s of target.servers) print(s.output().split('\n').slice(-5).join('\n'))
    return undefined
  } finally {
    await target?.stop()
  }
}

const kenlabour = async (instances = 1, before = false) => {
  if (!pg) throw new Error('no Postgres')
  return startKenlabour({
    core: settings.serverCore,
    databaseUrl: await pg.createDatabase(),
    redisUrl: instances > 1 ? redis?.url : undefined,
    instances,
    ...(before ? { script: beforeMain, name: 'kenlabour-before' as const } : {}),
  })
}
const starter = (name: TargetName) =>
  name === 'kenlabour'
    ? () => kenlabour()
    : name === 'kenlabour-before'
      ? () => kenlabour(1, true)
      : () => startPeer(name, settings.serverCore)

try {
  pg = await startPostgres({ core: settings.loadCore })
  if (workloads.has('W5')) redis = await startRedis({ core: settings.loadCore })
  print(
    `Kenlabour bench (${quick ? 'quick' : 'full'}): ${results.machine.nproc} cores, ${results.machine.cpuModel}`,
  )

  if (['W1', 'W2', 'W5'].some((w) => workloads.has(w))) {
    // Not reported. Without it, whichever target ran first measured worse: its first steps found the
    // load generator's code and the bench's Postgres cold (the same build, first or second in a run of
    // W1 at K = 200 and 400: 0.19 and 0.34 core first, 0.18 and 0.31 second; bench/README.md, log).
    const k = Math.min(400, Math.max(...settings.w1Ks))
    print(`Warm-up: W1 at K = ${k} against ${targets[0]}, not reported`)
    await withTarget('warm-up', starter(targets[0]), (t) => runW1({ ...settings, w1Ks: [k] }, t, () => {}))
  }

  if (workloads.has('floor')) {
    print('Floor: one buffer written to every socket of a room, plain TCP')
    results.floor = await runFloor({
      serverCore: settings.serverCore,
      sockets: Math.max(...settings.w1Ks),
      sizes: [1_000, 8_000, 32_000],
      rounds: quick ? 10 : 100,
    })
    for (const row of results.floor) print(`  ${JSON.stringify(row)}`)
  }

  if (workloads.has('W1')) {
    print('W1: one board, K participants (W4 rides on Kenlabour steps)')
    for (const name of targets) {
      // W4 reads board_updates in the database Kenlabour was given.
      const steps = await withTarget(`W1 ${name}`, starter(name), (target) =>
        runW1(settings, target, logStep, target.databaseUrl),
      )
      results.w1[name] = steps ?? []
      results.kmax[name] = kmaxOf(steps ?? [])
    }
  }

  if (workloads.has('W2')) {
    print('W2: M boards × 5 participants')
    for (const name of targets.filter((t) => t !== 'hocuspocus-unbatched')) {
      results.w2[name] =
        (await withTarget(`W2 ${name}`, starter(name), (t) => runW2(settings, t, logStep))) ?? []
    }
  }

  if (workloads.has('W3') && targets.includes('kenlabour')) {
    print('W3: cold start of a large board, then joins')
    results.w3 = await withTarget(
      'W3 kenlabour',
      () => kenlabour(),
      (t) => runW3(settings, t),
    )
    if (results.w3) print(`  ${JSON.stringify({ ...results.w3, probeRoom: undefined })}`)
    if (results.w3) logStep(results.w3.probeRoom)
  }

  if (workloads.has('W5') && targets.includes('kenlabour')) {
    print('W5: two Kenlabour instances with Redis, participants split')
    results.w5 =
      (await withTarget(
        'W5 kenlabour',
        () => kenlabour(2),
        (t) => runW5(settings, t, logStep),
      )) ?? []
  }

  if (workloads.has('memory')) {
    print('Memory: per idle connection, per loaded board')
    for (const name of targets.filter((t) => t !== 'hocuspocus-unbatched')) {
      const m = await withTarget(`memory ${name}`, starter(name), (t) => runMemory(settings, t))
      if (m) {
        results.memory[name] = m
        print(`  ${name}: ${JSON.stringify(m)}`)
      }
    }
  }

  if (workloads.has('W6') && targets.includes('kenlabour')) {
    print('W6: churn over many boards, memory after GC')
    results.w6 = await withTarget(
      'W6 kenlabour',
      () => kenlabour(),
      (t) => runW6(settings, t),
    )
    if (results.w6) print(`  ${JSON.stringify(results.w6)}`)
  }
} finally {
  await redis?.stop()
  await pg?.stop()
}

results.durationS = Math.round((performance.now() - started) / 1000)
print('')
print(formatTables(results, targetLabels))
const dir = new URL('./results/', import.meta.url).pathname
mkdirSync(dir, { recursive: true })
const file = join(
  dir,
  `${results.date.replaceAll(':', '-').replace(/\..*/, '')}${quick ? '-quick' : ''}.json`,
)
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
print(`\nResults: ${file} (${results.durationS} s)`)
// A smoke run must fail loudly when the harness is broken.
const measuredSomething = Object.values(results.w1).some((steps) => steps?.some((s) => s.doc.count > 0))
if (results.errors.length > 0 || (workloads.has('W1') && !measuredSomething)) process.exitCode = 1

function kmaxOf(steps: Step[]): number | null {
  let best: number | null = null
  for (const step of steps) {
    if (step.passes === true) best = step.size
    else if (step.passes === false) break
  }
  return best
}
