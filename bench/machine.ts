import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, setPriority, totalmem } from 'node:os'

/** What the results say about the machine and the software they were measured with. */
export function describeMachine() {
  return {
    // cpus() lists every online core, whatever this process is pinned to.
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
  }
}

function packageVersion(name: string): string {
  try {
    const json = JSON.parse(
      readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8'),
    )
    return json.version
  } catch {
    return 'unknown'
  }
}

export function describeVersions() {
  let commit = 'unknown'
  let dirty = false
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim()
    dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no']).toString().trim() !== ''
  } catch {}
  return {
    kenlabour: { commit, dirty },
    node: process.version,
    yjs: packageVersion('yjs'),
    ws: packageVersion('ws'),
    '@y/websocket-server': packageVersion('@y/websocket-server'),
    '@hocuspocus/server': packageVersion('@hocuspocus/server'),
    postgres: '15 (private instance)',
  }
}

/** Busy time of one CPU core so far, in seconds (/proc/stat: everything but idle and iowait). */
export function coreBusySeconds(core: number): number {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`cpu${core} `))
  if (!line) return 0
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = v[3] + v[4]
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0)
  return (total - idle) / 100
}

/** Pins this process and all its threads to `core` (the load generator's core). */
export function pinSelf(core: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' })
}

/**
 * BENCH_NICE (e.g. -5): the priority given to the load generator and every process it starts, on a
 * machine shared with other work, so that the measured processes are not starved by it. Needs root for
 * negative values. Unset: normal priority.
 */
export function applyBenchPriority(pid: number): void {
  const nice = Number(process.env.BENCH_NICE)
  if (!process.env.BENCH_NICE || !Number.isInteger(nice)) return
  try {
    setPriority(pid, nice)
  } catch {
    // Not permitted (not root): run at normal priority.
  }
}
