import type { AccessEvents } from '../auth/access-events.ts'
import type { ErasureDeps } from './erase-people.ts'
import { runRetention } from './retention.ts'

export const retentionUsage = `Usage: npm run retention -- [--dry-run] [--months N]

  --dry-run    lists the closed workshops whose guests are due for erasure (workshop, closing date,
               number of guests) and changes nothing
  --months N   the retention period in months (default: KENLABOUR_RETENTION_MONTHS, else 12)

Without --dry-run, erases the guests of every workshop closed more than N months ago, as the server's
daily job does: their names and ids leave the boards, snapshots and records, their ideas stay, credited
to "Participant·e anonyme". Acts on the store named by DATABASE_URL, else KENLABOUR_DATA_DIR (./data):
with the embedded store, stop the server first. With Postgres and a running server, boards open at that
moment show the change once they reload; the server's own daily job covers live boards.
`

export interface RetentionCommandContext {
  /** The store and the rest of an erasure outside a server (no live boards). */
  deps: Omit<ErasureDeps, 'live' | 'settleMs' | 'revoke'>
  /** KENLABOUR_RETENTION_MONTHS as the configuration read it. */
  months: number
  now: () => Date
  /** Revocations of ended sessions, for live sockets (a Redis relay when configured). */
  access?: AccessEvents
  out: (line: string) => void
}

/** Parses the arguments; null when they are wrong. */
export function parseRetentionArgs(args: string[]): { dryRun: boolean; months?: number } | null {
  let dryRun = false
  let months: number | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--dry-run') dryRun = true
    else if (arg === '--months' && /^\d+$/.test(args[i + 1] ?? '')) months = Number(args[++i])
    else if (/^--months=\d+$/.test(arg)) months = Number(arg.slice('--months='.length))
    else return null
  }
  return { dryRun, months }
}

/**
 * The operator's retention command (`npm run retention -- …`, scripts/retention.ts). Returns the exit
 * code; what it prints names workshops, never people.
 */
export async function runRetentionCommand(args: string[], context: RetentionCommandContext): Promise<number> {
  const parsed = parseRetentionArgs(args)
  if (!parsed) {
    context.out(retentionUsage)
    return 2
  }
  const months = parsed.months ?? context.months
  if (months === 0) {
    context.out('Retention is off (KENLABOUR_RETENTION_MONTHS=0): guests are kept until erased on request.')
    return 0
  }
  const report = await runRetention(
    {
      ...context.deps,
      revoke: context.access ? (event) => context.access!.revoke(event) : undefined,
      settleMs: 0,
    },
    { months, now: context.now(), dryRun: parsed.dryRun },
  )
  const cutoff = report.cutoff.toISOString().slice(0, 10)
  if (report.workshops.length === 0) {
    context.out(`No workshop closed before ${cutoff} (${months} months ago) has guests on record.`)
    return 0
  }
  context.out(
    parsed.dryRun
      ? `Would erase the guests of ${report.workshops.length} workshop(s) closed before ${cutoff} (${months} months ago):`
      : `Guests of ${report.workshops.length} workshop(s) closed before ${cutoff} (${months} months ago):`,
  )
  for (const workshop of report.workshops)
    context.out(
      `  ${workshop.workshopId}  closed ${workshop.closedAt.toISOString().slice(0, 10)}  ${workshop.guests} guest(s)  «${workshop.title}»`,
    )
  if (parsed.dryRun) {
    context.out('Nothing was changed (--dry-run).')
    return 0
  }
  context.out(`${report.erased} guest(s) erased.`)
  if (report.failed > 0) {
    context.out(`${report.failed} workshop(s) failed (see the errors above); run the command again.`)
    return 1
  }
  return 0
}
