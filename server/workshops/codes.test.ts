import { describe, expect, it } from 'vitest'
import { CODE_ALPHABET } from '../../shared/workshop/join-code.ts'
import { generateCode, symbolsFromBytes } from './codes.ts'

describe('workshop codes', () => {
  it('uses 31 symbols without look-alikes', () => {
    expect(CODE_ALPHABET).toHaveLength(31)
    expect(new Set(CODE_ALPHABET).size).toBe(31)
    for (const lookalike of ['I', 'L', 'O', '0', '1']) expect(CODE_ALPHABET).not.toContain(lookalike)
  })

  it('generates 8 symbols of the alphabet, all different across many draws', () => {
    const codes = Array.from({ length: 2000 }, generateCode)
    for (const code of codes) expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$/)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('drops the bytes at or above 248 so that no symbol is favoured', () => {
    expect(symbolsFromBytes(Uint8Array.from([0, 30, 31, 61, 247, 248, 250, 255]))).toBe('A9A99')
  })

  it('spreads symbols evenly (chi-square over 248,000 symbols)', () => {
    const counts = new Map<string, number>()
    const draws = 31_000
    for (let i = 0; i < draws; i += 1) for (const c of generateCode()) counts.set(c, (counts.get(c) ?? 0) + 1)
    const expected = (draws * 8) / 31
    let chi2 = 0
    for (const symbol of CODE_ALPHABET) chi2 += ((counts.get(symbol) ?? 0) - expected) ** 2 / expected
    // 30 degrees of freedom: a fair generator exceeds 80 about once in a million runs; `byte % 31`
    // without rejection would put the first 8 symbols 1/8 above the others and give a chi-square near 700.
    expect(chi2).toBeLessThan(80)
  })
})
