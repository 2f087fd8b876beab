import { describe, expect, it } from 'vitest'
import { indicatorRows, indicatorsOf } from './indicator-form.ts'

let n = 0
const key = () => `k${++n}`

describe('indicator form', () => {
  it('shows numbers the reader’s way and reads them back', () => {
    const indicators = [
      {
        label: 'Surface',
        unit: 'm²',
        baseline: 0,
        target: 1200.5,
        measures: [{ value: 640.25, date: '2027-06-30' }],
      },
    ]
    const rows = indicatorRows(indicators, 'fr', key)
    expect(rows[0]).toMatchObject({ baseline: '0', target: '1200,5', measures: [{ value: '640,25' }] })
    expect(indicatorRows(indicators, 'en', key)[0]!.target).toBe('1200.5')
    expect(indicatorsOf(rows)).toEqual({ indicators, numberErrors: [] })
  })

  it('reports what is not a number, and a measure without a value, by field', () => {
    const { indicators, numberErrors } = indicatorsOf([
      {
        key: 'a',
        label: 'Emplois',
        unit: '',
        baseline: '',
        target: 'dix',
        measures: [
          { key: 'b', value: '', date: '2027-06-30' },
          { key: 'c', value: '1 200', date: '2028-06-30' },
        ],
      },
    ])
    expect(numberErrors).toEqual([
      { field: 'indicators.0.target', code: 'invalid_number' },
      { field: 'indicators.0.measures.0.value', code: 'required' },
    ])
    expect(indicators[0]).toMatchObject({ baseline: null, target: null })
    expect(indicators[0]!.measures[1]).toEqual({ value: 1200, date: '2028-06-30' })
  })
})
