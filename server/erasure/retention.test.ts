import { beforeAll, describe, expect, it, vi } from 'vitest'
import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { parseRetentionMonths } from '../config.ts'
import { signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { retentionCutoff, startRetentionJob } from './retention.ts'
import { runRetentionCommand } from './retention-cli.ts'
import { dumpStore } from './testing/store-dump.ts'

/** The injected clock: every run of these tests happens on this day. */
const NOW = new Date('2027-06-15T09:00:00Z')

describe('the retention period', () => {
  it('counts calendar months back, to the last day of a shorter month', () => {
    expect(retentionCutoff(NOW, 12).toISOString()).toBe('2026-06-15T09:00:00.000Z')
    expect(retentionCutoff(new Date('2027-03-31T12:00:00Z'), 1).toISOString()).toBe(
      '2027-02-28T12:00:00.000Z',
    )
    expect(retentionCutoff(new Date('2028-03-31T12:00:00Z'), 1).toISOString()).toBe(
      '2028-02-29T12:00:00.000Z',
    )
    expect(retentionCutoff(new Date('2027-01-10T00:00:00Z'), 14).toISOString()).toBe(
      '2025-11-10T00:00:00.000Z',
    )
  })

  it('is read from KENLABOUR_RETENTION_MONTHS: 12 unset, 0 off, nothing else', () => {
    expect(parseRetentionMonths(undefined)).toBe(12)
    expect(parseRetentionMonths(' 6 ')).toBe(6)
    expect(parseRetentionMonths('0')).toBe(0)
    expect(() => parseRetentionMonths('-1')).toThrow(/KENLABOUR_RETENTION_MONTHS/)
    expect(() => parseRetentionMonths('douze')).toThrow(/KENLABOUR_RETENTION_MONTHS/)
  })

  it('runs the daily job on its clock, one run at a time, and stops', async () => {
    // The job's timers on a fake clock: time moves only when the test says so.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const runs: Date[] = []
      const job = startRetentionJob(
        async (now) => {
          runs.push(now)
          return { cutoff: now, workshops: [], erased: 0, failed: 0 }
        },
        { clock: () => NOW, firstDelayMs: 5, intervalMs: 20 },
        { error: () => {} },
      )
      await vi.advanceTimersByTimeAsync(4)
      expect(runs).toHaveLength(0)
      await vi.advanceTimersByTimeAsync(1)
      expect(runs).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(20)
      expect(runs).toHaveLength(2)
      // Runs asked for by hand: one at a time (a second ask while one is under way joins it).
      const asked = job.runNow()
      expect(job.runNow()).toBe(asked)
      await asked
      expect(runs).toHaveLength(3)
      job.stop()
      await vi.advanceTimersByTimeAsync(1_000)
      expect(runs).toHaveLength(3)
      expect(runs.every((at) => at === NOW)).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })
})

describeEachStore('retention of closed workshops’ guests ($name)', (target) => {
  let serial = 0
  // The daily job on the injected clock, far from its first run: the tests start it themselves.
  const suite = suiteApp(target, { retention: { clock: () => NOW, firstDelayMs: 3_600_000 } })
  beforeAll(async () => {
    await suite.app.ready()
  })

  /** A workshop whose guests wrote an idea each, closed on `closedAt` (null: still open). */
  async function workshop(guestNames: string[], closedAt: Date | null) {
    serial += 1
    const facilitator = await signUp(suite.app)
    const created = await createWorkshop(suite.app, facilitator.cookie, { title: `Atelier ${serial}` })
    const guests = []
    for (const name of guestNames) {
      const guest = await joinAsGuest(suite.app, created.joinCode, name)
      const posted = await suite.app.inject({
        method: 'POST',
        url: `/api/boards/${created.boardId}/ideas`,
        headers: { cookie: guest.cookie },
        payload: { text: `Idée de l’atelier ${serial}`, priorityCode: 'P1' },
      })
      expect(posted.statusCode, posted.body).toBe(201)
      guests.push({ ...guest, ideaId: posted.json().id as string })
    }
    // What the live board keeps behind (authorship) is stored before the command line looks: it works
    // on storage, as when no server runs.
    await suite.app.liveBoards.withRoom(created.boardId, (room) => room.context.flush())
    if (closedAt) {
      const closed = await suite.app.inject({
        method: 'PATCH',
        url: `/api/workshops/${created.id}`,
        headers: { cookie: facilitator.cookie },
        payload: { phase: 'closed' },
      })
      expect(closed.statusCode, closed.body).toBe(200)
      await suite.store.db
        .updateTable('workshops')
        .set({ closed_at: closedAt })
        .where('id', '=', created.id)
        .execute()
    }
    return { ...created, facilitator, guests }
  }

  it('lists the guests due, by workshop, and changes nothing (dry run)', async () => {
    const old = await workshop(
      ['Aodren Ancien-Test', 'Bleuenn Ancienne-Test'],
      new Date('2026-03-01T10:00:00Z'),
    )
    const recent = await workshop(['Cléo Récente-Test'], new Date('2027-04-01T10:00:00Z'))
    const open = await workshop(['Dewi Ouvert-Test'], null)
    const before = await dumpStore(suite.store.db)
    const lines: string[] = []
    const code = await runRetentionCommand(['--dry-run'], {
      deps: { db: suite.store.db, log: { info: () => {}, warn: () => {}, error: () => {} } },
      months: 12,
      now: () => NOW,
      out: (line) => lines.push(line),
    })
    expect(code).toBe(0)
    const output = lines.join('\n')
    expect(output).toContain(`${old.id}  closed 2026-03-01  2 guest(s)`)
    expect(output).not.toContain(recent.id)
    expect(output).not.toContain(open.id)
    expect(output).toContain('Nothing was changed (--dry-run).')
    for (const name of ['Aodren', 'Bleuenn', 'Cléo', 'Dewi']) expect(output).not.toContain(name)
    expect(await dumpStore(suite.store.db)).toBe(before)
  })

  it('erases exactly the guests of workshops closed long enough ago (the server’s daily job)', async () => {
    const before = await dumpStore(suite.store.db)
    for (const name of [
      'Aodren Ancien-Test',
      'Bleuenn Ancienne-Test',
      'Cléo Récente-Test',
      'Dewi Ouvert-Test',
    ])
      expect(before).toContain(name)
    const report = await suite.app.retention!.runNow()
    expect(report.erased).toBe(2)
    expect(report.failed).toBe(0)
    const after = await dumpStore(suite.store.db)
    expect(after).not.toContain('Aodren Ancien-Test')
    expect(after).not.toContain('Bleuenn Ancienne-Test')
    expect(after).toContain('Cléo Récente-Test')
    expect(after).toContain('Dewi Ouvert-Test')
    const [old] = report.workshops
    const board = await suite.store.db
      .selectFrom('boards')
      .select('id')
      .where('workshop_id', '=', old!.workshopId)
      .executeTakeFirstOrThrow()
    const credits = await suite.app.liveBoards.read(board.id, (doc) =>
      [...boardRecords(doc).values()]
        .filter((r) => r.typeName === 'shape' && r.type === 'idea')
        .map((r) => (r.props as { authorName: string }).authorName),
    )
    expect(credits).toEqual([ERASED_AUTHOR_NAME, ERASED_AUTHOR_NAME])
    const audit = await suite.store.db
      .selectFrom('erasures')
      .selectAll()
      .where('source', '=', 'retention')
      .execute()
    expect(audit).toEqual([
      expect.objectContaining({
        kind: 'guest',
        people: 2,
        requested_by: null,
        remove_ideas: false,
        boards: 1,
      }),
    ])
    // A second run finds nobody left to erase.
    expect((await suite.app.retention!.runNow()).erased).toBe(0)
  })

  it('erases through the command line too, and does nothing when the period is 0', async () => {
    await workshop(['Erwan Ligne-Test'], new Date('2025-01-01T10:00:00Z'))
    const lines: string[] = []
    const context = {
      deps: { db: suite.store.db, log: { info: () => {}, warn: () => {}, error: () => {} } },
      months: 0,
      now: () => NOW,
      out: (line: string) => lines.push(line),
    }
    expect(await runRetentionCommand([], context)).toBe(0)
    expect(lines.join('\n')).toContain('Retention is off')
    expect(await dumpStore(suite.store.db)).toContain('Erwan Ligne-Test')
    expect(await runRetentionCommand(['--months', '12'], context)).toBe(0)
    expect(lines.join('\n')).toContain('1 guest(s) erased.')
    expect(await dumpStore(suite.store.db)).not.toContain('Erwan Ligne-Test')
    expect(await runRetentionCommand(['--nonsense'], context)).toBe(2)
  })
})
