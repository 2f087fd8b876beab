import { describe, expect, it } from 'vitest'
import { exportText, findRefusedText, isRefusedText, withoutRefusedText } from './text-rule.ts'

describe('the text rule', () => {
  it('refuses NUL and lone surrogates, and nothing else', () => {
    for (const text of ['a\u0000b', '\ud83d', 'x\ude00', '\ude00\ud83d', 'ok\ud83d'])
      expect(isRefusedText(text)).toBe(true)
    for (const text of [
      '',
      'é',
      '😀',
      '👩‍👩‍👧‍👦',
      '\u0001\u007f\u009b',
      '\u202e',
      'Z\u0351',
      '\ufffd',
      '\uffff',
    ])
      expect(isRefusedText(text), JSON.stringify(text)).toBe(false)
  })

  it('names the first refused string of a request part, keys included', () => {
    expect(findRefusedText({ title: 'ok', carrier: { name: 'a\u0000' } })).toBe('carrier.name')
    expect(findRefusedText({ partners: [{ role: 'ok' }, { role: '\ud83d' }] })).toBe('partners.1.role')
    expect(findRefusedText({ 'clé\u0000': 1 })).toBe('clé\\0')
    expect(findRefusedText('\u0000')).toBe('')
    expect(findRefusedText({ a: ['ok', 1, null, true], b: { c: '😀' } })).toBeNull()
  })

  it('removes what a document must not hold, keeping tabs, line feeds and whole emoji', () => {
    expect(exportText('a\u0000b\u0007c\u001b[1m\u007fd\u0085e\tf\r\ng\rh\u2028i\ud83d😀\ude00')).toBe(
      'abc[1mde\tf\ng\nh\ni😀',
    )
    expect(withoutRefusedText({ 'k\u0000': ['t\u0000\ud83d', 2, { x: '\ude00ok' }] })).toEqual({
      k: ['t', 2, { x: 'ok' }],
    })
  })
})
