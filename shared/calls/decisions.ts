import type { ReviewDecision } from '../api/review.ts'
import type { Language } from '../projects/labels.ts'

/** A review's decision in words (exports in French, the review panel in the reader's language). */
export const decisionLabels: Record<Language, Record<ReviewDecision | 'none', string>> = {
  fr: { retained: 'Retenue', postponed: 'Ajournée', refused: 'Refusée', none: 'À décider' },
  en: { retained: 'Retained', postponed: 'Postponed', refused: 'Refused', none: 'Undecided' },
}

/** A weighted score the French way: "3,67". */
export function frenchScore(score: number): string {
  return score.toFixed(2).replace('.', ',')
}
