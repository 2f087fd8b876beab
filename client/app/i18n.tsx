import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'

/**
 * Translations and locale-aware formatting.
 *
 * The interface speaks French by default and English on request. The first visit follows the browser
 * (`navigator.languages`: the first of French or English it lists, French when neither); the switch in
 * the header overrides it and is remembered in localStorage. `<html lang>` follows the current locale.
 *
 * Each feature owns its strings, in its own `messages.ts`:
 *
 * ```ts
 * // client/board/messages.ts
 * import { defineMessages } from '../app/i18n.tsx'
 * export const messages = defineMessages({
 *   fr: { title: 'Tableau', ideas: '{count, plural, one {# idée} other {# idées}}', hello: 'Bonjour {name}' },
 *   en: { title: 'Board', ideas: '{count, plural, one {# idea} other {# ideas}}', hello: 'Hello {name}' },
 * })
 * ```
 *
 * `en` must have exactly the keys of `fr` (a missing or extra key is a type error). In a component:
 *
 * ```tsx
 * const t = useMessages(messages)
 * t('hello', { name: 'Anne' })   // 'Bonjour Anne'
 * t('ideas', { count: 3 })       // '3 idées' (numbers are formatted for the locale: 1 234,5 in French)
 * ```
 *
 * Templates: `{name}` is replaced by a parameter; `{n, plural, one {…} other {…}}` picks a branch by the
 * locale's plural rules (also `=0`, `=1`…), with `#` standing for the formatted number; plural branches
 * hold plain text and `#` only (no nested `{…}`).
 *
 * Outside messages: `useLocale()` gives `{ locale: 'fr' | 'en', tag: 'fr-FR' | 'en-GB', setLocale,
 * formatDate, formatDateTime, formatNumber, formatMoney }` (tldraw's language comes from `locale`).
 * The same formatters exist as plain functions taking the locale first, for code outside React.
 */

export type Locale = 'fr' | 'en'
export const LOCALES: readonly Locale[] = ['fr', 'en']
/** BCP 47 tags used for dates and numbers: French of France, English of Britain (day/month order, €). */
export const LOCALE_TAGS: Record<Locale, 'fr-FR' | 'en-GB'> = { fr: 'fr-FR', en: 'en-GB' }
export const DEFAULT_LOCALE: Locale = 'fr'
const STORAGE_KEY = 'kenlabour.locale'

/** One feature's strings: French and English with the same keys. */
export interface Messages<K extends string> {
  fr: Record<K, string>
  en: Record<K, string>
}

/**
 * Declares a feature's strings. The keys come from `fr`; `en` must list exactly the same ones.
 */
export function defineMessages<K extends string>(messages: {
  fr: Record<K, string>
  en: Record<NoInfer<K>, string>
}): Messages<K> {
  return messages
}

export type MessageParams = Record<string, string | number>

/** Chooses the locale: the stored choice, else the first of French or English the browser lists, else French. */
export function pickLocale(stored: string | null | undefined, languages: readonly string[]): Locale {
  if (stored === 'fr' || stored === 'en') return stored
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0]
    if (base === 'fr' || base === 'en') return base
  }
  return DEFAULT_LOCALE
}

const PLURAL = /\{(\w+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g
const PLURAL_BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g
const PARAM = /\{(\w+)\}/g

/** Fills a template (see the module comment) with `params`, formatting numbers for `locale`. */
export function formatMessage(template: string, params: MessageParams | undefined, locale: Locale): string {
  const tag = LOCALE_TAGS[locale]
  const show = (value: string | number) => (typeof value === 'number' ? formatNumber(locale, value) : value)
  return template
    .replace(PLURAL, (whole, name: string, branchesText: string) => {
      const value = params?.[name]
      if (typeof value !== 'number') return whole
      const branches = new Map<string, string>()
      for (const [, key, text] of branchesText.matchAll(PLURAL_BRANCH)) branches.set(key!, text!)
      const text =
        branches.get(`=${value}`) ??
        branches.get(new Intl.PluralRules(tag).select(value)) ??
        branches.get('other') ??
        ''
      return text.replaceAll('#', show(value))
    })
    .replace(PARAM, (whole, name: string) => {
      const value = params?.[name]
      return value === undefined ? whole : show(value)
    })
}

/** `1 234,5` (fr) or `1,234.5` (en). */
export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALE_TAGS[locale], options).format(value)
}

/** An amount in euros: `12 500 €` (fr) or `€12,500` (en). */
export function formatMoney(locale: Locale, euros: number): string {
  return formatNumber(locale, euros, { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 })
}

/** A date such as `26 novembre 2026` / `26 November 2026` (style 'long'), or `26/11/2026` ('short'). */
export function formatDate(locale: Locale, date: Date | string | number, style: 'long' | 'short' = 'long') {
  const d = date instanceof Date ? date : new Date(date)
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
    dateStyle: style === 'long' ? 'long' : 'short',
  }).format(d)
}

/** A date and time: `26 novembre 2026 à 14:30` / `26 November 2026 at 14:30`. */
export function formatDateTime(locale: Locale, date: Date | string | number) {
  const d = date instanceof Date ? date : new Date(date)
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: 'long', timeStyle: 'short' }).format(d)
}

export interface LocaleContextValue {
  locale: Locale
  tag: 'fr-FR' | 'en-GB'
  /** Switches the interface language and remembers the choice on this browser. */
  setLocale: (locale: Locale) => void
  formatDate: (date: Date | string | number, style?: 'long' | 'short') => string
  formatDateTime: (date: Date | string | number) => string
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string
  formatMoney: (euros: number) => string
}

const LocaleContext = createContext<LocaleContextValue | null>(null)

function initialLocale(): Locale {
  let stored: string | null = null
  try {
    stored = localStorage.getItem(STORAGE_KEY)
  } catch {
    // Storage can be disabled (private mode, policies): the browser's languages still apply.
  }
  return pickLocale(stored, navigator.languages ?? [navigator.language])
}

/** Provides the current locale to the app; keeps `<html lang>` in step. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale)

  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // Not remembered, but still applied for this visit.
    }
    setLocaleState(next)
  }, [])

  const value = useMemo<LocaleContextValue>(
    () => ({
      locale,
      tag: LOCALE_TAGS[locale],
      setLocale,
      formatDate: (date, style) => formatDate(locale, date, style),
      formatDateTime: (date) => formatDateTime(locale, date),
      formatNumber: (value, options) => formatNumber(locale, value, options),
      formatMoney: (euros) => formatMoney(locale, euros),
    }),
    [locale, setLocale],
  )
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>
}

/** The current locale and formatters for it. */
export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext)
  if (!value) throw new Error('useLocale() needs <LocaleProvider> above it')
  return value
}

/** The translate function for one feature's messages, in the current locale. */
export function useMessages<K extends string>(
  messages: Messages<K>,
): (key: K, params?: MessageParams) => string {
  const { locale } = useLocale()
  return useCallback(
    (key: K, params?: MessageParams) => formatMessage(messages[locale][key] ?? key, params, locale),
    [messages, locale],
  )
}
