import { describe, expect, it } from 'vitest'
import { isCompleteCode, normalizeCode } from './join-code.ts'

describe('join codes as typed', () => {
  it('accepts any case, spaces and dashes, and shows ABCD-EFGH', () => {
    for (const typed of ['abcd-efgh', 'ABCDEFGH', ' abcd efgh ', 'Abcd–Efgh'])
      expect(normalizeCode(typed), typed).toBe('ABCD-EFGH')
  })
  it('knows when a code is whole', () => {
    expect(isCompleteCode('abcd-efg')).toBe(false)
    expect(isCompleteCode('abcd efgh')).toBe(true)
    expect(isCompleteCode('abcd-efgh-i')).toBe(false)
  })
})
