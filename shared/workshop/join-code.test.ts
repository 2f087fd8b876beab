import { describe, expect, it } from 'vitest'
import { formatCode, isCompleteCode, parseCode, tidyTypedCode } from './join-code.ts'

describe('join codes as typed', () => {
  it('shows codes as XXXX-XXXX and reads them back in any case, with spaces or dashes', () => {
    expect(formatCode('ABCDEFGH')).toBe('ABCD-EFGH')
    for (const typed of [
      'ABCD-EFGH',
      'abcd-efgh',
      ' abcd efgh\n',
      'AbCdEfGh',
      'ab-cd-ef-gh',
      'ABCD\u2013EFGH',
    ])
      expect(parseCode(typed), typed).toBe('ABCDEFGH')
  })

  it('reads nothing from what cannot be a code', () => {
    for (const typed of ['', 'ABCD-EFG', 'ABCD-EFGHJ', 'ABCD-EFGI', 'ABCD-EFG0', 'ABCD_EFGH', 'ABCDÉFGH'])
      expect(parseCode(typed), typed).toBeNull()
  })

  it('tidies a code field as it is typed: a whole code with its dash, the rest upper-cased', () => {
    for (const typed of ['abcd-efgh', 'ABCDEFGH', ' abcd efgh ', 'Abcd–Efgh'])
      expect(tidyTypedCode(typed), typed).toBe('ABCD-EFGH')
    expect(tidyTypedCode('ab cd')).toBe('ABCD')
    // A mistyped symbol stays visible: the server will say the code is unknown.
    expect(tidyTypedCode('abcd-efg0')).toBe('ABCD-EFG0')
  })

  it('knows when a code is whole', () => {
    expect(isCompleteCode('abcd-efg')).toBe(false)
    expect(isCompleteCode('abcd efgh')).toBe(true)
    expect(isCompleteCode('abcd-efgh-i')).toBe(false)
  })
})
