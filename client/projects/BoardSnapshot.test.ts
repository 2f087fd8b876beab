import { describe, expect, it } from 'vitest'
import { fitTitle } from './BoardSnapshot.tsx'

describe('snapshot titles', () => {
  it('keeps a short title whole and cuts a long one to the width of its box', () => {
    expect(fitTitle('P1', 3000, 1000, 0.08)).toEqual({ text: 'P1', size: 80 })
    const long = fitTitle('Plateforme de covoiturage solidaire pour les zones rurales', 1000, 700, 0.12)
    expect(long.size).toBeCloseTo(1000 / 14)
    expect(long.text.endsWith('…')).toBe(true)
    expect(long.text.length * long.size * 0.55).toBeLessThanOrEqual(1000)
  })
})
