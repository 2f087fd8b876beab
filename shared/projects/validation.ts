import type { EditableField, EditableFields, ProjectStatus } from './record.ts'

/**
 * Business rules of a project record, checked on the merged record (what it will be after a change).
 * The server enforces them (400 naming the first field); the client runs the same function to show
 * every field's error before sending. Types and lengths are checked earlier by the route schema.
 */

export type FieldErrorCode =
  | 'required'
  | 'negative'
  | 'precision'
  | 'invalid_date'
  | 'date_order'
  | 'unknown_priority'
  | 'unknown_action'
  | 'action_without_priority'
  | 'empty_name'
  /** Only the client reports it: an amount typed that is not a number (the API receives numbers). */
  | 'invalid_number'

/** A rule broken by one field; `field` may be a path like `fundingSources.1.amount`. */
export interface FieldError {
  field: string
  code: FieldErrorCode
}

/** The priorities and actions of the record's contract, to check codes against. */
export interface ContractCodes {
  priorities: { code: string; actions: { code: string }[] }[]
}

/** What a funded record must have; it stays required after funding (in progress, completed, evaluated). */
const fundedFields: readonly EditableField[] = [
  'title',
  'priorityCode',
  'carrier',
  'objectives',
  'budget',
  'scheduleStart',
  'scheduleEnd',
  'fundingSources',
]

/** Fields that must be filled for a record to be in each status (beyond a title, always required). */
export const requiredByStatus: Record<ProjectStatus, readonly EditableField[]> = {
  candidature: ['title', 'carrier'],
  emerging: ['title'],
  in_instruction: ['title', 'priorityCode', 'carrier'],
  submitted: ['title', 'priorityCode', 'carrier', 'objectives', 'budget', 'scheduleStart', 'scheduleEnd'],
  funded: fundedFields,
  in_progress: fundedFields,
  completed: fundedFields,
  // Evaluated: the three parts of the qualitative evaluation are written (DESIGN.md, "Evaluation").
  evaluated: [...fundedFields, 'evaluationWorked', 'evaluationNotWorked', 'evaluationLessons'],
  abandoned: ['title'],
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = isoDate.exec(value)
  if (!m) return false
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return date.toISOString().slice(0, 10) === value
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value.trim() === ''
  if (Array.isArray(value)) return value.length === 0
  return false
}

/** Euros with at most two decimals (cents). */
function hasCentsPrecision(value: number): boolean {
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6
}

/** Every broken rule of `record`, in the order of the form. Empty when the record is valid. */
export function validateProject(record: EditableFields, contract?: ContractCodes): FieldError[] {
  const errors: FieldError[] = []
  const add = (field: string, code: FieldErrorCode) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, code })
  }

  for (const field of requiredByStatus[record.status] ?? []) {
    if (isEmpty(record[field])) add(field, 'required')
  }

  if (record.priorityCode && contract) {
    const priority = contract.priorities.find((p) => p.code === record.priorityCode)
    if (!priority) add('priorityCode', 'unknown_priority')
    else if (record.actionCode && !priority.actions.some((a) => a.code === record.actionCode))
      add('actionCode', 'unknown_action')
  }
  if (record.actionCode && !record.priorityCode) add('actionCode', 'action_without_priority')

  if (record.budget !== null) {
    if (record.budget < 0) add('budget', 'negative')
    else if (!hasCentsPrecision(record.budget)) add('budget', 'precision')
  }
  record.fundingSources.forEach((source, i) => {
    if (source.name.trim() === '') add(`fundingSources.${i}.name`, 'empty_name')
    if (source.amount !== null) {
      if (source.amount < 0) add(`fundingSources.${i}.amount`, 'negative')
      else if (!hasCentsPrecision(source.amount)) add(`fundingSources.${i}.amount`, 'precision')
    }
  })

  const startValid = record.scheduleStart === null || isIsoDate(record.scheduleStart)
  const endValid = record.scheduleEnd === null || isIsoDate(record.scheduleEnd)
  if (!startValid) add('scheduleStart', 'invalid_date')
  if (!endValid) add('scheduleEnd', 'invalid_date')
  // ISO dates compare correctly as strings.
  if (
    startValid &&
    endValid &&
    record.scheduleStart &&
    record.scheduleEnd &&
    record.scheduleEnd < record.scheduleStart
  )
    add('scheduleEnd', 'date_order')

  if (record.carrier && record.carrier.name.trim() === '') add('carrier.name', 'empty_name')
  record.partners.forEach((partner, i) => {
    if (partner.name.trim() === '') add(`partners.${i}.name`, 'empty_name')
  })
  record.indicators.forEach((indicator, i) => {
    if (indicator.label.trim() === '') add(`indicators.${i}.label`, 'empty_name')
    indicator.measures.forEach((measure, j) => {
      if (!isIsoDate(measure.date)) add(`indicators.${i}.measures.${j}.date`, 'invalid_date')
    })
  })
  return errors
}
