import { describe, expect, it } from 'vitest'
import { defineMessages, formatDate, formatMessage, formatMoney, pickLocale } from './i18n.tsx'

describe('pickLocale', () => {
  it('keeps a stored choice above everything', () => {
    expect(pickLocale('en', ['fr-FR'])).toBe('en')
    expect(pickLocale('fr', ['en-GB'])).toBe('fr')
  })
  it('follows the first of French or English the browser lists', () => {
    expect(pickLocale(null, ['en-GB', 'fr'])).toBe('en')
    expect(pickLocale(null, ['de-DE', 'fr-CA', 'en'])).toBe('fr')
    expect(pickLocale(null, ['br', 'EN-us'])).toBe('en')
  })
  it('falls back to French', () => {
    expect(pickLocale(null, [])).toBe('fr')
    expect(pickLocale('xx', ['de', 'es'])).toBe('fr')
  })
})

describe('formatMessage', () => {
  it('replaces parameters and formats numbers for the locale', () => {
    expect(formatMessage('Bonjour {name}, {n} idées', { name: 'Anne', n: 1234.5 }, 'fr')).toBe(
      'Bonjour Anne, 1\u202f234,5 idées',
    )
    expect(formatMessage('{n} ideas', { n: 1234.5 }, 'en')).toBe('1,234.5 ideas')
  })
  it('leaves unknown parameters visible rather than blank', () => {
    expect(formatMessage('Bonjour {name}', {}, 'fr')).toBe('Bonjour {name}')
  })
  it('picks plural branches by the locale rules, exact matches first', () => {
    const template = '{count, plural, =0 {aucune idée} one {# idée} other {# idées}}'
    expect(formatMessage(template, { count: 0 }, 'fr')).toBe('aucune idée')
    expect(formatMessage(template, { count: 1 }, 'fr')).toBe('1 idée')
    // French puts 0 and 1 in "one", English only 1.
    expect(formatMessage('{n, plural, one {# vote} other {# votes}}', { n: 1.5 }, 'fr')).toBe('1,5 vote')
    expect(formatMessage('{n, plural, one {# vote} other {# votes}}', { n: 1.5 }, 'en')).toBe('1.5 votes')
    expect(formatMessage(template, { count: 2000 }, 'fr')).toBe('2\u202f000 idées')
  })
  it('handles several plurals and parameters in one message', () => {
    const template =
      '{a, plural, one {# priorité} other {# priorités}} pour {who}, {b, plural, one {# fiche} other {# fiches}}'
    expect(formatMessage(template, { a: 3, b: 1, who: 'le Pays' }, 'fr')).toBe(
      '3 priorités pour le Pays, 1 fiche',
    )
  })
})

describe('formatters', () => {
  it('writes money and dates the French and the British way', () => {
    expect(formatMoney('fr', 12500)).toBe('12\u202f500,00\u00a0€')
    expect(formatMoney('en', 12500)).toBe('€12,500.00')
    const date = new Date(Date.UTC(2026, 10, 26, 12))
    expect(formatDate('fr', date)).toBe('26 novembre 2026')
    expect(formatDate('en', date)).toBe('26 November 2026')
    expect(formatDate('fr', date, 'short')).toBe('26/11/2026')
  })
})

describe('defineMessages', () => {
  it('requires English to have exactly the French keys (checked by tsc)', () => {
    const ok = defineMessages({ fr: { a: 'A', b: 'B' }, en: { a: 'A', b: 'B' } })
    expect(ok.en.b).toBe('B')
    // @ts-expect-error English lacks key b
    defineMessages({ fr: { a: 'A', b: 'B' }, en: { a: 'A' } })
    // @ts-expect-error English has a key French does not
    defineMessages({ fr: { a: 'A' }, en: { a: 'A', c: 'C' } })
  })
})
