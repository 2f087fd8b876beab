import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { type ErasureDeps, erasePeople } from './erase-people.ts'
import { appErasureDeps } from './routes.ts'

/**
 * Retention: the guests of a workshop closed more than N months ago (KENLABOUR_RETENTION_MONTHS, default
 * 12; 0 keeps them until someone asks) are erased as on request, their ideas kept and credited to
 * nobody. A daily job in the server applies it (`startRetentionJob`), and `npm run retention` lists it
 * (`--dry-run`) or applies it by hand (retention-cli.ts). Nothing here logs a person's name: a workshop,
 * its closing date and how many guests.
 */

/** A closed workshop whose guests are due for erasure. */
export interface ExpiredWorkshop {
  workshopId: string
  councilId: string
  title: string
  closedAt: Date
  /** Its guests (participants and observers, removed ones too) still on record. */
  guests: number
}

/** What a run of retention did (or, dry, would do). */
export interface RetentionReport {
  cutoff: Date
  workshops: ExpiredWorkshop[]
  /** Guests erased (0 in a dry run). */
  erased: number
  /** Workshops whose erasure failed (logged; the next run tries again). */
  failed: number
}

/** The moment `months` calendar months before `now`: workshops closed before it are due. */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now)
  const day = cutoff.getUTCDate()
  cutoff.setUTCDate(1)
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months)
  // The same day of that month, or its last day (31 March minus one month: 28 or 29 February).
  const last = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate()
  cutoff.setUTCDate(Math.min(day, last))
  return cutoff
}

/** Workshops closed before `cutoff` that still have guests on record, oldest first. */
export async function findExpiredWorkshops(db: Kysely<Database>, cutoff: Date): Promise<ExpiredWorkshop[]> {
  const rows = await db
    .selectFrom('workshops')
    .innerJoin('guests', 'guests.workshop_id', 'workshops.id')
    .select(['workshops.id', 'workshops.council_id', 'workshops.title', 'workshops.closed_at'])
    .select((eb) => eb.fn.countAll<string | number>().as('guests'))
    .where('workshops.phase', '=', 'closed')
    .where('workshops.closed_at', '<', cutoff)
    .groupBy(['workshops.id', 'workshops.council_id', 'workshops.title', 'workshops.closed_at'])
    .orderBy('workshops.closed_at')
    .execute()
  return rows.map((row) => ({
    workshopId: row.id,
    councilId: row.council_id,
    title: row.title,
    closedAt: new Date(row.closed_at!),
    guests: Number(row.guests),
  }))
}

/**
 * Erases the guests of every workshop closed more than `months` months before `now` (nothing with a dry
 * run: the report lists what would be erased). One workshop at a time, its guests together; a workshop
 * whose erasure fails is logged and left for the next run.
 */
export async function runRetention(
  deps: ErasureDeps,
  options: { months: number; now: Date; dryRun?: boolean },
): Promise<RetentionReport> {
  const cutoff = retentionCutoff(options.now, options.months)
  const workshops = options.months > 0 ? await findExpiredWorkshops(deps.db, cutoff) : []
  const report: RetentionReport = { cutoff, workshops, erased: 0, failed: 0 }
  if (options.dryRun) return report
  for (const workshop of workshops) {
    try {
      const guests = await deps.db
        .selectFrom('guests')
        .select('id')
        .where('workshop_id', '=', workshop.workshopId)
        .execute()
      const outcome = await erasePeople(deps, {
        councilId: workshop.councilId,
        kind: 'guest',
        actorIds: guests.map((g) => g.id),
        removeIdeas: false,
        requestedBy: null,
        source: 'retention',
      })
      report.erased += outcome?.people ?? 0
      deps.log.info(
        {
          workshopId: workshop.workshopId,
          closedAt: workshop.closedAt.toISOString(),
          guests: outcome?.people ?? 0,
        },
        'retention: guests of a closed workshop erased',
      )
    } catch (error) {
      report.failed += 1
      deps.log.error(
        { err: error, workshopId: workshop.workshopId },
        'retention: erasing the guests of a closed workshop failed; the next run tries again',
      )
    }
  }
  return report
}

/** How the daily job keeps time (tests give their own). */
export interface RetentionSchedule {
  /** The current time. */
  clock: () => Date
  /** Delay before the first run after start, ms. */
  firstDelayMs: number
  /** Between runs, ms. */
  intervalMs: number
}

const HOUR = 60 * 60 * 1000

export const defaultRetentionSchedule: RetentionSchedule = {
  clock: () => new Date(),
  // Not at start: a restart loop must not run it each time, and a fresh instance has work to do first.
  // Spread over an hour, so instances started together do not run it at the same moment.
  firstDelayMs: 10 * 60 * 1000 + Math.random() * HOUR,
  intervalMs: 24 * HOUR,
}

/** The daily retention job of a running server. */
export interface RetentionJob {
  /** Runs now (one run at a time: a run already under way is awaited instead). */
  runNow(): Promise<RetentionReport>
  stop(): void
}

/**
 * Starts the daily job with `run`; its timers never keep the process alive. A run that fails is logged
 * (the next one tries again).
 */
export function startRetentionJob(
  run: (now: Date) => Promise<RetentionReport>,
  schedule: RetentionSchedule,
  log: Pick<FastifyInstance['log'], 'error'>,
): RetentionJob {
  let running: Promise<RetentionReport> | null = null
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const runNow = () => {
    running ??= run(schedule.clock()).finally(() => {
      running = null
    })
    return running
  }
  const next = (delayMs: number) => {
    if (stopped) return
    timer = setTimeout(() => {
      runNow()
        .catch((error: unknown) => log.error({ err: error }, 'retention run failed'))
        .finally(() => next(schedule.intervalMs))
    }, delayMs)
    timer.unref()
  }
  next(schedule.firstDelayMs)
  return {
    runNow,
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The daily retention job; null when KENLABOUR_RETENTION_MONTHS is 0. */
    retention: RetentionJob | null
  }
}

/**
 * The server's retention job: started once the app is ready (the live boards exist), stopped when it
 * closes. Off when `retentionMonths` is 0.
 */
export const retentionPlugin = fp(
  async (app: FastifyInstance, options: { schedule?: Partial<RetentionSchedule> }) => {
    const schedule = { ...defaultRetentionSchedule, ...options.schedule }
    app.decorate('retention', null)
    if (app.config.retentionMonths <= 0) return
    app.addHook('onReady', async () => {
      app.retention = startRetentionJob(
        (now) => runRetention(appErasureDeps(app), { months: app.config.retentionMonths, now }),
        schedule,
        app.log,
      )
    })
    app.addHook('preClose', async () => {
      app.retention?.stop()
    })
  },
  { name: 'retention' },
)
