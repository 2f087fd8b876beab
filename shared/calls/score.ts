/**
 * The weighted score of an application (issue 15, review): each criterion of the call is scored 0 to 5
 * (whole points) and weighs `weight`; the score is the weighted mean, still on 0 to 5, rounded to two
 * decimals: Σ(weight × score) / Σ(weight). A committee reads "3,67 / 5" the way it read each criterion.
 *
 * Only a complete review has a score: while a criterion that weighs is unscored the answer is null
 * (a partial mean would rank a half-read application above a fully read one). Scores for criteria the
 * call no longer has are ignored; criteria whose weight is not a positive number count for nothing;
 * a call without such criteria gives null. Shared: the server lists and exports it, the review panel
 * shows it while a person scores.
 */

export interface ScoredCriterion {
  id: string
  label: string
  weight: number
}

/** criterion id → 0..5 */
export type ReviewScores = Record<string, number>

export const minScore = 0
export const maxScore = 5

/** Whether `value` is a score a review may hold: a whole number from 0 to 5. */
export function isValidScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= minScore && value <= maxScore
}

function weighs(criterion: ScoredCriterion): boolean {
  return Number.isFinite(criterion.weight) && criterion.weight > 0
}

/** The weighted mean on 0..5 (two decimals), or null until every criterion that weighs is scored. */
export function weightedScore(
  criteria: readonly ScoredCriterion[],
  scores: ReviewScores | null | undefined,
): number | null {
  let total = 0
  let weights = 0
  for (const criterion of criteria) {
    if (!weighs(criterion)) continue
    const score = scores
      ? Object.hasOwn(scores, criterion.id)
        ? scores[criterion.id]
        : undefined
      : undefined
    if (!isValidScore(score)) return null
    total += criterion.weight * score
    weights += criterion.weight
  }
  if (weights === 0) return null
  return Math.round((total / weights) * 100) / 100
}

/** How many of the criteria that weigh are scored, out of how many (the panel's "3 / 4"). */
export function scoredCount(
  criteria: readonly ScoredCriterion[],
  scores: ReviewScores | null | undefined,
): { scored: number; total: number } {
  const counted = criteria.filter(weighs)
  return {
    scored: counted.filter((c) => scores && Object.hasOwn(scores, c.id) && isValidScore(scores[c.id])).length,
    total: counted.length,
  }
}
