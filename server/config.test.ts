import { describe, expect, it } from 'vitest'
import { readConfig } from './config.ts'

describe('the scale-out grace period (KENLABOUR_RELAY_GRACE_MS)', () => {
  it('is 8 s unless set, and read from the environment once, with the rest of the configuration', () => {
    expect(readConfig({}).relayGraceMs).toBe(8_000)
    expect(readConfig({ KENLABOUR_RELAY_GRACE_MS: '3000' }).relayGraceMs).toBe(3_000)
    // Unreadable or zero: the default, as for the other durations of config.ts.
    expect(readConfig({ KENLABOUR_RELAY_GRACE_MS: 'vite' }).relayGraceMs).toBe(8_000)
    expect(readConfig({ KENLABOUR_RELAY_GRACE_MS: '0' }).relayGraceMs).toBe(8_000)
  })
})
