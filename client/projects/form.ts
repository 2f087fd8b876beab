import type {
  EditableField,
  EditableFields,
  FundingSource,
  PartnerRef,
} from '../../shared/projects/record.ts'
import { type ContractCodes, type FieldError, validateProject } from '../../shared/projects/validation.ts'
import { type IndicatorRow, indicatorRows, indicatorsOf } from '../evaluation/indicator-form.ts'

/**
 * The record form's state: the editable fields, with amounts kept as typed (French "12 500,50") until
 * saving, so a half-typed number is never rounded away under the user's fingers.
 */
export interface FormState
  extends Omit<EditableFields, 'budget' | 'fundingSources' | 'partners' | 'indicators'> {
  budget: string
  /** Rows carry a `key` of the form's own, so React keeps each row's inputs when one above is removed. */
  fundingSources: (Omit<FundingSource, 'amount'> & { amount: string; key: string })[]
  partners: (PartnerRef & { key: string })[]
  /** Numbers as typed, like amounts (evaluation/indicator-form.ts). */
  indicators: IndicatorRow[]
}

let rowCounter = 0
/** A key for a new row of the form. */
export function newRowKey(): string {
  rowCounter += 1
  return `row-${rowCounter}`
}

/** "12 500,50" or "12500.5" → 12500.5; '' → null; anything else → NaN. */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  if (cleaned === '') return null
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN
}

/** An amount as the form shows it, in the reader's locale (decimal comma in French). */
export function amountText(value: number | null, locale: 'fr' | 'en'): string {
  if (value === null) return ''
  const text = Number.isInteger(value) ? String(value) : value.toFixed(2)
  return locale === 'fr' ? text.replace('.', ',') : text
}

export function toForm(fields: EditableFields, locale: 'fr' | 'en'): FormState {
  return {
    ...fields,
    budget: amountText(fields.budget, locale),
    fundingSources: fields.fundingSources.map((f) => ({
      ...f,
      amount: amountText(f.amount, locale),
      key: newRowKey(),
    })),
    partners: fields.partners.map((p) => ({ ...p, key: newRowKey() })),
    indicators: indicatorRows(fields.indicators, locale, newRowKey),
  }
}

/** The form as record fields, with the amounts that are not numbers reported as errors. */
export function fromForm(form: FormState): { fields: EditableFields; numberErrors: FieldError[] } {
  const numberErrors: FieldError[] = []
  const budget = parseAmount(form.budget)
  if (Number.isNaN(budget)) numberErrors.push({ field: 'budget', code: 'invalid_number' })
  const fundingSources = form.fundingSources.map((f, i) => {
    const amount = parseAmount(f.amount)
    if (Number.isNaN(amount))
      numberErrors.push({ field: `fundingSources.${i}.amount`, code: 'invalid_number' })
    return { ...f, amount: Number.isNaN(amount) ? null : amount }
  })
  const { indicators, numberErrors: indicatorErrors } = indicatorsOf(form.indicators)
  numberErrors.push(...indicatorErrors)
  return {
    fields: {
      ...form,
      title: form.title,
      budget: Number.isNaN(budget) ? null : budget,
      fundingSources,
      partners: form.partners.map(({ key: _key, ...p }) => p),
      indicators,
      scheduleStart: form.scheduleStart || null,
      scheduleEnd: form.scheduleEnd || null,
      priorityCode: form.priorityCode || null,
      actionCode: form.actionCode || null,
    },
    numberErrors,
  }
}

/** Every error of the form: numbers that do not parse, then the shared business rules. */
export function formErrors(form: FormState, contract?: ContractCodes): FieldError[] {
  const { fields, numberErrors } = fromForm(form)
  const trimmed = { ...fields, title: fields.title.trim(), objectives: fields.objectives.trim() }
  return [
    ...numberErrors,
    ...validateProject(trimmed, contract).filter((e) => !numberErrors.some((n) => n.field === e.field)),
  ]
}

/** Fields whose value differs between two versions of the record. */
export function changedFields(
  before: EditableFields,
  after: EditableFields,
  fields: readonly EditableField[],
): EditableField[] {
  return fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
}
