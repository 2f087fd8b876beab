import {
  type ApplicationInput,
  type CallQuestion,
  type CallState,
  callLimits,
} from '../../shared/api/calls.ts'
import type { ContractPriority } from '../db/schema.ts'
import { conflict, invalidField } from '../errors.ts'
import type { CallValues } from './repository.ts'

/**
 * The rules of a call and of an application that the schemas cannot say: codes of the call's contract,
 * dates in order, unique ids, choices for choice questions, answers that fit their questions. Each
 * refusal is a 400 naming the field at fault.
 */

/** Where a call stands at `now`. */
export function callState(
  call: { opens_at: Date | string; closes_at: Date | string },
  now = new Date(),
): CallState {
  if (now < new Date(call.opens_at)) return 'upcoming'
  if (now >= new Date(call.closes_at)) return 'closed'
  return 'open'
}

/** Refuses a carrier's application or edit unless the call is open (409). */
export function assertOpen(call: { opens_at: Date | string; closes_at: Date | string }): void {
  const state = callState(call)
  if (state === 'upcoming')
    throw conflict(
      'Cet appel n’est pas encore ouvert : il n’accepte pas encore de candidatures.',
      'call_not_open',
    )
  if (state === 'closed')
    throw conflict(
      'Cet appel est clos : les candidatures ne se déposent ni ne se modifient plus.',
      'call_closed',
    )
}

/** What the checks read of a call. */
export type CallFields = Pick<
  CallValues,
  'priorityCodes' | 'actionCodes' | 'opensAt' | 'closesAt' | 'questions' | 'criteria'
>

function assertUnique(ids: string[], field: string): void {
  const seen = new Set<string>()
  ids.forEach((id, i) => {
    if (seen.has(id)) throw invalidField(`${field}.${i}.id`, `Identifiant en double : ${id}.`, 'duplicate')
    seen.add(id)
  })
}

/** Checks a call's fields (as they will be stored) against its contract's priorities and actions. */
export function checkCall(fields: CallFields, priorities: ContractPriority[]): void {
  const known = new Map(priorities.map((p) => [p.code, p]))
  fields.priorityCodes.forEach((code, i) => {
    if (!known.has(code))
      throw invalidField(`priorityCodes.${i}`, `Priorité inconnue dans ce contrat : ${code}.`, 'unknown_code')
  })
  if (new Set(fields.priorityCodes).size !== fields.priorityCodes.length)
    throw invalidField('priorityCodes', 'Priorité en double.', 'duplicate')
  const actions = new Set(
    fields.priorityCodes.flatMap((code) => known.get(code)?.actions.map((a) => a.code) ?? []),
  )
  fields.actionCodes.forEach((code, i) => {
    if (!actions.has(code))
      throw invalidField(
        `actionCodes.${i}`,
        `Fiche-action inconnue parmi les priorités de l’appel : ${code}.`,
        'unknown_code',
      )
  })
  if (new Set(fields.actionCodes).size !== fields.actionCodes.length)
    throw invalidField('actionCodes', 'Fiche-action en double.', 'duplicate')
  const opens = Date.parse(fields.opensAt)
  const closes = Date.parse(fields.closesAt)
  if (!(closes > opens))
    throw invalidField('closesAt', 'La clôture doit venir après l’ouverture.', 'before_opening')
  assertUnique(
    fields.questions.map((q) => q.id),
    'questions',
  )
  fields.questions.forEach((q, i) => {
    if (q.type === 'choice') {
      const choices = q.choices ?? []
      if (choices.length < 2)
        throw invalidField(
          `questions.${i}.choices`,
          'Une question à choix propose au moins deux choix.',
          'too_few',
        )
      if (new Set(choices).size !== choices.length)
        throw invalidField(`questions.${i}.choices`, 'Choix en double.', 'duplicate')
    } else if (q.choices !== undefined && q.choices.length > 0)
      throw invalidField(
        `questions.${i}.choices`,
        'Seule une question à choix propose des choix.',
        'not_choice',
      )
  })
  assertUnique(
    fields.criteria.map((c) => c.id),
    'criteria',
  )
}

/** A question as stored: choices only on choice questions. */
export function storedQuestion(q: CallQuestion): CallQuestion {
  const { choices, ...rest } = q
  return q.type === 'choice' ? { ...rest, choices: choices ?? [] } : rest
}

/**
 * Checks a carrier's answers against the call's questions and returns them as stored (trimmed text,
 * blank optional answers left out). Unknown question ids, wrong types, sizes and missing required
 * answers are refused.
 */
export function checkAnswers(
  questions: CallQuestion[],
  answers: ApplicationInput['answers'],
): Record<string, string | number> {
  const byId = new Map(questions.map((q) => [q.id, q]))
  for (const id of Object.keys(answers))
    if (!byId.has(id))
      throw invalidField(`answers.${id}`, 'Réponse à une question inconnue.', 'unknown_question')
  const stored: Record<string, string | number> = {}
  for (const q of questions) {
    const field = `answers.${q.id}`
    const value = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined
    const blank = value === undefined || (typeof value === 'string' && value.trim() === '')
    if (blank) {
      if (q.required) throw invalidField(field, `Réponse requise : ${q.label}`, 'required')
      continue
    }
    if (q.type === 'number') {
      const n = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'))
      if (!Number.isFinite(n) || Math.abs(n) > callLimits.number)
        throw invalidField(field, `Un nombre est attendu : ${q.label}`, 'not_a_number')
      stored[q.id] = n
      continue
    }
    if (typeof value !== 'string') throw invalidField(field, `Un texte est attendu : ${q.label}`, 'not_text')
    const text = value.trim()
    const max = q.type === 'long' ? callLimits.longAnswer : callLimits.shortAnswer
    if (text.length > max)
      throw invalidField(field, `Réponse trop longue (${max} caractères au plus).`, 'too_long')
    if (q.type === 'short' && /[\r\n]/.test(text))
      throw invalidField(field, 'Une réponse courte tient sur une ligne.', 'multiline')
    if (q.type === 'choice' && !(q.choices ?? []).includes(text))
      throw invalidField(field, `Choix inconnu : ${q.label}`, 'unknown_choice')
    stored[q.id] = text
  }
  return stored
}

/** The priority an application goes under: the one chosen among the call's, or its only one. */
export function applicationPriority(callPriorities: string[], chosen: string | undefined): string | null {
  if (chosen !== undefined) {
    if (!callPriorities.includes(chosen))
      throw invalidField('priorityCode', 'Priorité hors de cet appel.', 'unknown_code')
    return chosen
  }
  if (callPriorities.length === 1) return callPriorities[0]!
  throw invalidField(
    'priorityCode',
    'Choisissez la priorité de votre projet parmi celles de l’appel.',
    'required',
  )
}
