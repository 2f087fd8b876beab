import { describe, expect, it } from 'vitest'
import { mostCommonZone } from './my-zone.ts'

describe('mostCommonZone', () => {
  it('is the zone holding most of my ideas, ideas outside zones left out', () => {
    expect(mostCommonZone(['shape:z1', null, 'shape:z2', 'shape:z2', undefined])).toBe('shape:z2')
  })

  it('is the first met on a tie, and null without any zone', () => {
    expect(mostCommonZone(['shape:z3', 'shape:z1'])).toBe('shape:z3')
    expect(mostCommonZone([null, undefined])).toBeNull()
  })
})
