import { describe, expect, it } from 'vitest'
import {
  countReached,
  type Indicator,
  indicatorReached,
  latestMeasure,
  parseNumber,
  readIndicator,
} from './indicators.ts'

const indicator = (over: Partial<Indicator>): Indicator => ({
  label: 'Emplois',
  unit: 'emplois',
  baseline: null,
  target: 10,
  measures: [],
  ...over,
})

describe('indicators', () => {
  it('takes the measure with the latest date as the latest, whatever the order written', () => {
    const measures = [
      { value: 8, date: '2028-06-30' },
      { value: 3, date: '2027-06-30' },
      { value: 9, date: '2028-06-30' },
    ]
    expect(latestMeasure({ measures })).toEqual({ value: 9, date: '2028-06-30' })
    expect(latestMeasure({ measures: [] })).toBeUndefined()
  })

  it('counts a rising target reached at or above it, by the latest measure only', () => {
    expect(indicatorReached(indicator({ measures: [{ value: 10, date: '2027-01-01' }] }))).toBe(true)
    expect(indicatorReached(indicator({ measures: [{ value: 9.99, date: '2027-01-01' }] }))).toBe(false)
    // Reached once, then fell back: not reached.
    const fell = indicator({
      baseline: 2,
      measures: [
        { value: 12, date: '2027-01-01' },
        { value: 7, date: '2028-01-01' },
      ],
    })
    expect(indicatorReached(fell)).toBe(false)
  })

  it('counts a target below the baseline as a decrease to reach', () => {
    const waste = indicator({ label: 'Déchets', unit: 't', baseline: 120, target: 80 })
    expect(indicatorReached({ ...waste, measures: [{ value: 80, date: '2027-01-01' }] })).toBe(true)
    expect(indicatorReached({ ...waste, measures: [{ value: 95, date: '2027-01-01' }] })).toBe(false)
    // Target equal to the baseline: keep it (at or above).
    expect(indicatorReached(indicator({ baseline: 10, measures: [{ value: 10, date: '2027-01-01' }] }))).toBe(
      true,
    )
  })

  it('has no answer without a target, and is not reached before any measure', () => {
    expect(
      indicatorReached(indicator({ target: null, measures: [{ value: 3, date: '2027-01-01' }] })),
    ).toBeNull()
    expect(indicatorReached(indicator({}))).toBe(false)
    expect(
      countReached([
        indicator({ measures: [{ value: 11, date: '2027-01-01' }] }),
        indicator({}),
        indicator({ target: null }),
      ]),
    ).toEqual({ withTarget: 2, reached: 1 })
  })

  it('reads numbers as French and English forms write them', () => {
    expect(parseNumber('1 200,5')).toBe(1200.5)
    expect(parseNumber('1\u202f200')).toBe(1200)
    expect(parseNumber('-3.5')).toBe(-3.5)
    expect(parseNumber('')).toBeNull()
    expect(parseNumber('douze')).toBeNaN()
    expect(parseNumber('12 à 18')).toBeNaN()
  })

  it('reads an indicator written before measures existed', () => {
    expect(readIndicator({ label: 'Structures hébergées', target: '12' })).toEqual({
      label: 'Structures hébergées',
      unit: '',
      baseline: null,
      target: 12,
      measures: [],
    })
    expect(readIndicator({ label: 'Taux de remplissage', target: '75 %' })).toMatchObject({
      unit: '%',
      target: 75,
    })
    expect(readIndicator({ label: 'Structures', target: '12 à 18 mois' })).toEqual({
      label: 'Structures (cible : 12 à 18 mois)',
      unit: '',
      baseline: null,
      target: null,
      measures: [],
    })
    expect(readIndicator({ label: 'Sans cible', target: '' })).toMatchObject({
      label: 'Sans cible',
      target: null,
    })
    const today = indicator({ measures: [{ value: 1, date: '2027-01-01' }] })
    expect(readIndicator(today)).toEqual(today)
  })
})
