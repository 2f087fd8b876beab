import { describe, expect, it } from 'vitest'
import { defaultLiveState, liveStateOfRow, timerRemainingMs } from '../../shared/workshop/live-state.ts'
import { applyWorkshopPatch } from './live-state.ts'

const me = { userId: 'u1', displayName: 'Anne' }
const T0 = 1_800_000_000_000
/** A timer of `durationMs` started at T0 on the default state. */
const timerStarted = (durationMs: number) =>
  applyWorkshopPatch(defaultLiveState, { timer: { action: 'start', durationMs } }, me, T0)

describe('workshop live state', () => {
  it('reads defaults for what a row lacks, with phase and locked from their columns', () => {
    expect(liveStateOfRow({ phase: 'voting', locked: true, state: {} })).toEqual({
      ...defaultLiveState,
      phase: 'voting',
      locked: true,
    })
    expect(
      liveStateOfRow({
        phase: 'ideation',
        locked: false,
        state: { vote: { revealed: true }, cursorsHidden: true },
      }),
    ).toMatchObject({ cursorsHidden: true, vote: { dotsPerParticipant: 5, target: 'ideas', revealed: true } })
  })

  it('changes only what the request names', () => {
    const next = applyWorkshopPatch(
      defaultLiveState,
      { phase: 'clustering', cursorsHidden: true, vote: { dotsPerParticipant: 3 } },
      me,
      T0,
    )
    expect(next).toEqual({
      ...defaultLiveState,
      phase: 'clustering',
      cursorsHidden: true,
      vote: { ...defaultLiveState.vote, dotsPerParticipant: 3 },
    })
    expect(defaultLiveState.vote.dotsPerParticipant).toBe(5)
  })

  it('starts follow-me on the requesting facilitator and stops it', () => {
    const on = applyWorkshopPatch(defaultLiveState, { followMe: true }, me, T0)
    expect(on.followMe).toEqual({ presenterId: 'u1', presenterName: 'Anne' })
    expect(applyWorkshopPatch(on, { followMe: false }, me, T0).followMe).toBeNull()
  })

  it('deduplicates locked shape ids', () => {
    const next = applyWorkshopPatch(
      defaultLiveState,
      { lockedShapeIds: ['shape:a', 'shape:b', 'shape:a'] },
      me,
      T0,
    )
    expect(next.lockedShapeIds).toEqual(['shape:a', 'shape:b'])
  })

  it('runs a timer on server time: start, pause, resume, add a minute, reset', () => {
    const started = timerStarted(300_000)
    expect(started.timer).toEqual({
      durationMs: 300_000,
      endsAt: T0 + 300_000,
      remainingMs: 300_000,
      sound: true,
    })

    const paused = applyWorkshopPatch(started, { timer: { action: 'pause' } }, me, T0 + 100_000)
    expect(paused.timer).toMatchObject({ endsAt: null, remainingMs: 200_000 })
    expect(timerRemainingMs(paused.timer, T0 + 999_999)).toBe(200_000)
    // A second pause (another facilitator's click) changes nothing.
    expect(applyWorkshopPatch(paused, { timer: { action: 'pause' } }, me, T0 + 150_000).timer).toEqual(
      paused.timer,
    )

    const resumed = applyWorkshopPatch(paused, { timer: { action: 'resume' } }, me, T0 + 500_000)
    expect(resumed.timer).toMatchObject({ endsAt: T0 + 700_000 })
    expect(applyWorkshopPatch(resumed, { timer: { action: 'resume' } }, me, T0 + 600_000).timer).toEqual(
      resumed.timer,
    )

    const longer = applyWorkshopPatch(resumed, { timer: { action: 'addMinute' } }, me, T0 + 600_000)
    expect(longer.timer).toMatchObject({ durationMs: 360_000, endsAt: T0 + 760_000 })

    const pausedLonger = applyWorkshopPatch(paused, { timer: { action: 'addMinute', sound: false } }, me, T0)
    expect(pausedLonger.timer).toEqual({
      durationMs: 360_000,
      endsAt: null,
      remainingMs: 260_000,
      sound: false,
    })

    const reset = applyWorkshopPatch(longer, { timer: { action: 'reset' } }, me, T0 + 700_000)
    expect(reset.timer).toEqual({ durationMs: 360_000, endsAt: null, remainingMs: 360_000, sound: true })
    // Start again without a length: the previous one.
    const again = applyWorkshopPatch(reset, { timer: { action: 'start' } }, me, T0 + 800_000)
    expect(again.timer).toMatchObject({ endsAt: T0 + 800_000 + 360_000 })
  })

  it('adds a minute from now to a timer that already ran out', () => {
    const started = timerStarted(60_000)
    const late = applyWorkshopPatch(started, { timer: { action: 'addMinute' } }, me, T0 + 120_000)
    expect(late.timer?.endsAt).toBe(T0 + 180_000)
  })

  it('refuses timer actions without a timer, and a start without any length', () => {
    for (const action of ['pause', 'resume', 'addMinute', 'reset'] as const)
      expect(() => applyWorkshopPatch(defaultLiveState, { timer: { action } }, me, T0), action).toThrow(
        expect.objectContaining({ statusCode: 409, code: 'no_timer' }),
      )
    expect(() => applyWorkshopPatch(defaultLiveState, { timer: { action: 'start' } }, me, T0)).toThrow(
      expect.objectContaining({ statusCode: 400 }),
    )
  })
})
