import type { Results } from './run.ts'
import type { TargetName } from './targets.ts'
import type { Step } from './workloads.ts'

/** Renders the results as Markdown tables (printed, and pasted into bench/README.md). */
export function formatTables(results: Results, labels: Record<TargetName, string>): string {
  const out: string[] = []
  const stepRows = (steps: Step[]) =>
    steps.map((s) =>
      [
        labels[s.target as TargetName] ?? s.target,
        s.size,
        s.doc.p50Ms,
        s.doc.p99Ms,
        s.cursor.p50Ms,
        s.cursor.p99Ms,
        `${s.editsMissing}/${s.editsSent}`,
        s.server.cpuCores,
        s.server.cpuMsPerParticipantPerS,
        s.server.cpuUsPerMessageIn,
        s.server.eldP99Ms ?? 'blocked',
        s.server.rssMiB,
        s.load.cpuCores,
        s.durability ? s.durability.p99Ms : '',
        s.passes === null ? 'discarded' : s.passes ? 'yes' : 'no',
        s.note ?? '',
      ].join(' | '),
    )
  const header =
    '| server | K | doc p50 ms | doc p99 ms | cursor p50 ms | cursor p99 ms | missing/sent | server cores | CPU ms/s per participant | CPU µs per msg in | server ELD p99 ms | RSS MiB | load cores | row p99 ms (W4) | passes | note |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|'
  if (results.floor && results.floor.length > 0) {
    out.push(
      '### The floor: one buffer to every socket of a room (plain TCP, one writer on the server core, one reader on the load core)',
      '',
      '| sockets | bytes | write loop p50 / p99 ms | first socket has it p50 / p99 ms | last socket has it p50 / p99 / max ms | every socket p99 ms |',
      '|---|---|---|---|---|---|',
    )
    for (const f of results.floor)
      out.push(
        `| ${f.sockets} | ${f.bytes} | ${f.writeLoop.p50Ms} / ${f.writeLoop.p99Ms} | ${f.firstReceiver.p50Ms} / ${f.firstReceiver.p99Ms} | ${f.lastReceiver.p50Ms} / ${f.lastReceiver.p99Ms} / ${f.lastReceiver.maxMs} | ${f.everyReceiverP99Ms} |`,
      )
    out.push('')
  }
  const w1 = Object.values(results.w1).flat()
  if (w1.length > 0) {
    out.push('### W1: one board, K participants (W4 column: edit → its row in Postgres)', '', header)
    for (const row of stepRows(w1)) out.push(`| ${row} |`)
    out.push('')
    out.push('| server | K_max (doc p99 ≤ 100 ms, cursor p99 ≤ 250 ms, no drops) |', '|---|---|')
    for (const [name, k] of Object.entries(results.kmax))
      out.push(`| ${labels[name as TargetName]} | ${k ?? 'none'} |`)
    out.push('')
    out.push(...everyReceiverTables('W1', w1, labels))
  }
  const w2 = Object.values(results.w2).flat()
  if (w2.length > 0) {
    out.push('### W2: M boards × 5 participants (K column = M)', '', header)
    for (const row of stepRows(w2)) out.push(`| ${row} |`)
    out.push('')
  }
  if (results.w3) {
    const w3 = results.w3
    out.push(
      '### W3: cold start (Kenlabour, board stored in Postgres, not in memory)',
      '',
      '| ideas | state bytes | first sync ms | joins | join sync p50 / p99 ms | unfinished | probe board doc p99 ms | probe cursor p99 ms |',
      '|---|---|---|---|---|---|---|---|',
      `| ${w3.ideas} | ${w3.stateBytes} | ${w3.firstSyncMs} | ${w3.joins} | ${w3.joinSync.p50Ms} / ${w3.joinSync.p99Ms} | ${w3.joinSync.unfinished} | ${w3.probeRoom.doc.p99Ms} | ${w3.probeRoom.cursor.p99Ms} |`,
      '',
    )
  }
  if (results.w5 && results.w5.length > 0) {
    out.push('### W5: two Kenlabour instances with Redis (both on the server core)', '', header)
    for (const row of stepRows(results.w5)) out.push(`| ${row} |`)
    out.push('')
    out.push(...everyReceiverTables('W5', results.w5, labels))
  }
  if (results.w6) {
    const w6 = results.w6
    out.push(
      '### W6: churn',
      '',
      '| boards | seconds | connects (failed) | heap MiB baseline → peak → after | RSS MiB baseline → after | heap growth |',
      '|---|---|---|---|---|---|',
      `| ${w6.boards} | ${w6.seconds} | ${w6.connects} (${w6.failedConnects}) | ${w6.baseline.heapUsedMiB} → ${w6.duringPeak.heapUsedMiB} → ${w6.after.heapUsedMiB} | ${w6.baseline.rssMiB} → ${w6.after.rssMiB} | ${Math.round(w6.heapGrowth * 1000) / 10} % |`,
      '',
    )
  }
  const memory = Object.entries(results.memory)
  if (memory.length > 0) {
    out.push(
      '### Memory (after GC)',
      '',
      '| server | RSS per idle connection KiB | heap per idle connection KiB | RSS per loaded board MiB | heap per loaded board MiB | ideas |',
      '|---|---|---|---|---|---|',
    )
    for (const [name, m] of memory)
      out.push(
        `| ${labels[name as TargetName]} | ${m.rssPerIdleConnectionKiB} | ${m.heapPerIdleConnectionKiB} | ${m.rssPerLoadedBoardMiB} | ${m.heapPerLoadedBoardMiB} | ${m.boardIdeas} |`,
      )
    out.push('')
  }
  if (results.errors.length > 0) out.push('Errors:', ...results.errors.map((e) => `- ${e}`))
  return out.join('\n')
}

/**
 * The latency at every receiver next to the probes' (stamps.ts), with the load generator's own CPU and
 * lateness; then, for Kenlabour, where the time went inside its room (server/collab/stage-timings.ts).
 */
function everyReceiverTables(workload: string, steps: Step[], labels: Record<TargetName, string>): string[] {
  const pair = (a: number, b: number) => `${a} / ${b}`
  const out = [
    `#### ${workload} at every receiver`,
    '',
    '| server | K | doc p50 / p99 ms, probes | doc p50 / p99 / max ms, every receiver | cursor p50 / p99 ms, probes | cursor p50 / p99 ms, every receiver | deliveries timed | mean doc ms by join order, first tenth → last | receivers with a delivery > 50 ms | server cores | load cores | load ELD p99 ms (main / watchers) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const s of steps) {
    const e = s.everyReceiver
    out.push(
      `| ${[
        labels[s.target as TargetName] ?? s.target,
        s.size,
        pair(s.doc.p50Ms, s.doc.p99Ms),
        `${e.doc.p50Ms} / **${e.doc.p99Ms}** / ${e.doc.maxMs}`,
        pair(s.cursor.p50Ms, s.cursor.p99Ms),
        `${e.cursor.p50Ms} / **${e.cursor.p99Ms}**`,
        `${e.doc.count} (${Math.round(e.docCoverage * 1000) / 10} %)`,
        `${e.meanMsByJoinTenth[0]} → ${e.meanMsByJoinTenth[e.meanMsByJoinTenth.length - 1]} (worst receiver ${e.worstReceiverMeanMs})`,
        `${e.receiversWithLateDeliveries} of ${e.receivers}`,
        s.server.cpuCores,
        s.load.cpuCores,
        pair(s.load.eldP99Ms, e.watcherThreadEldP99Ms),
      ].join(' | ')} |`,
    )
  }
  out.push('')
  const staged = steps.filter((s) => s.server.stages)
  if (staged.length === 0) return out
  out.push(
    `#### ${workload}: where the time goes in Kenlabour's room (rooms of 500 or more; ms)`,
    '',
    '| K | broadcasts | mean bytes | doc wait p50 / p99 | presence wait p50 / p99 | write loop p50 / p99 / max | write µs per connection p50 | review of an update p50 / p99 |',
    '|---|---|---|---|---|---|---|---|',
  )
  for (const s of staged) {
    const g = s.server.stages
    if (!g) continue
    out.push(
      `| ${[
        s.size,
        g.broadcasts,
        g.meanBytes,
        pair(g.docWait.p50, g.docWait.p99),
        pair(g.presenceWait.p50, g.presenceWait.p99),
        `${g.write.p50} / ${g.write.p99} / ${g.write.max}`,
        g.writePerConnectionUs.p50,
        pair(g.review.p50, g.review.p99),
      ].join(' | ')} |`,
    )
  }
  out.push('')
  return out
}
