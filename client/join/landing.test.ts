import { describe, expect, it } from 'vitest'
import { landingPath } from './landing.ts'

describe('landingPath', () => {
  it('sends a phone to the phone page and a larger screen to the canvas', () => {
    expect(landingPath('0b4c6a52-1f7e-4a8e-9d3c-5e2f1a7b9c10', true)).toBe(
      '/poster/0b4c6a52-1f7e-4a8e-9d3c-5e2f1a7b9c10',
    )
    expect(landingPath('0b4c6a52-1f7e-4a8e-9d3c-5e2f1a7b9c10', false)).toBe(
      '/tableau/0b4c6a52-1f7e-4a8e-9d3c-5e2f1a7b9c10',
    )
  })

  it('keeps an odd board id inside its path segment', () => {
    expect(landingPath('a/b?c', true)).toBe('/poster/a%2Fb%3Fc')
  })
})
