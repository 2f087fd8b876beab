import type { Indicator } from '../../shared/projects/indicators.ts'
import { parseNumber } from '../../shared/projects/indicators.ts'
import type { FieldError } from '../../shared/projects/validation.ts'

/**
 * An indicator as the record form edits it: numbers kept as typed ("1 200,5") until saving, so a
 * half-typed value is never rounded away; each row has a key of its own so React keeps its inputs
 * when a row above is removed.
 */
export interface IndicatorRow {
  key: string
  label: string
  unit: string
  baseline: string
  target: string
  measures: MeasureRow[]
}

export interface MeasureRow {
  key: string
  value: string
  date: string
}

/** A number as the form shows it, in the reader's locale (decimal comma in French). */
export function numberText(value: number | null, locale: 'fr' | 'en'): string {
  if (value === null) return ''
  return locale === 'fr' ? String(value).replace('.', ',') : String(value)
}

export function indicatorRows(
  indicators: Indicator[],
  locale: 'fr' | 'en',
  key: () => string,
): IndicatorRow[] {
  return indicators.map((i) => ({
    key: key(),
    label: i.label,
    unit: i.unit,
    baseline: numberText(i.baseline, locale),
    target: numberText(i.target, locale),
    measures: i.measures.map((m) => ({ key: key(), value: numberText(m.value, locale), date: m.date })),
  }))
}

/**
 * The rows as indicators, with every text that is not a number reported (`invalid_number`) and a
 * measure without a value as well (a measure is a value on a date).
 */
export function indicatorsOf(rows: IndicatorRow[]): { indicators: Indicator[]; numberErrors: FieldError[] } {
  const numberErrors: FieldError[] = []
  const number = (text: string, field: string): number | null => {
    const value = parseNumber(text)
    if (Number.isNaN(value)) {
      numberErrors.push({ field, code: 'invalid_number' })
      return null
    }
    return value
  }
  const indicators = rows.map((row, i) => ({
    label: row.label,
    unit: row.unit,
    baseline: number(row.baseline, `indicators.${i}.baseline`),
    target: number(row.target, `indicators.${i}.target`),
    measures: row.measures.map((m, j) => {
      const field = `indicators.${i}.measures.${j}.value`
      const value = number(m.value, field)
      if (value === null && !numberErrors.some((e) => e.field === field))
        numberErrors.push({ field, code: 'required' })
      return { value: value ?? 0, date: m.date }
    }),
  }))
  return { indicators, numberErrors }
}
