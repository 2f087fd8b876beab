import { describe, expect, it } from 'vitest'
import { isValidScore, scoredCount, weightedScore } from './score.ts'

const criteria = [
  { id: 'impact', label: 'Impact sur le territoire', weight: 2 },
  { id: 'ess', label: 'Ancrage ESS', weight: 1 },
]

describe('weighted score of an application', () => {
  it('is the weighted mean on 0 to 5, two decimals', () => {
    expect(weightedScore(criteria, { impact: 4, ess: 3 })).toBe(3.67)
    expect(weightedScore(criteria, { impact: 5, ess: 5 })).toBe(5)
    expect(weightedScore(criteria, { impact: 0, ess: 0 })).toBe(0)
    expect(weightedScore(criteria, { impact: 1, ess: 4 })).toBe(2)
    // Weights need not be whole: 0.5 × 2 + 1.5 × 4 over 2.
    expect(
      weightedScore(
        [
          { id: 'a', label: 'A', weight: 0.5 },
          { id: 'b', label: 'B', weight: 1.5 },
        ],
        { a: 2, b: 4 },
      ),
    ).toBe(3.5)
  })

  it('is null until every criterion that weighs is scored', () => {
    expect(weightedScore(criteria, { impact: 4 })).toBeNull()
    expect(weightedScore(criteria, {})).toBeNull()
    expect(weightedScore(criteria, null)).toBeNull()
    expect(weightedScore(criteria, undefined)).toBeNull()
    expect(scoredCount(criteria, { impact: 4 })).toEqual({ scored: 1, total: 2 })
    expect(scoredCount(criteria, { impact: 4, ess: 0 })).toEqual({ scored: 2, total: 2 })
  })

  it('ignores scores of criteria the call no longer has, and criteria that weigh nothing', () => {
    expect(weightedScore(criteria, { impact: 4, ess: 3, removed: 0 })).toBe(3.67)
    const withZero = [...criteria, { id: 'bonus', label: 'Bonus', weight: 0 }]
    expect(weightedScore(withZero, { impact: 4, ess: 3 })).toBe(3.67)
    expect(scoredCount(withZero, { impact: 4, ess: 3 })).toEqual({ scored: 2, total: 2 })
    expect(weightedScore([{ id: 'x', label: 'X', weight: Number.NaN }], { x: 5 })).toBeNull()
    expect(weightedScore([{ id: 'x', label: 'X', weight: -2 }], { x: 5 })).toBeNull()
    expect(weightedScore([], {})).toBeNull()
  })

  it('never counts a value that is not a whole score from 0 to 5', () => {
    for (const bad of [6, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '4', null, true]) {
      expect(isValidScore(bad)).toBe(false)
      expect(weightedScore(criteria, { impact: bad as number, ess: 3 })).toBeNull()
    }
    for (const good of [0, 1, 2, 3, 4, 5]) expect(isValidScore(good)).toBe(true)
    // A key inherited from Object.prototype is not a score.
    expect(weightedScore([{ id: 'constructor', label: 'C', weight: 1 }], {})).toBeNull()
  })
})
