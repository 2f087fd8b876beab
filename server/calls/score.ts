/**
 * The weighted score of an application: the pure function lives in shared/calls/score.ts (the review
 * panel computes the same number while a person scores); the server's lists and exports read it here.
 */
export {
  isValidScore,
  maxScore,
  minScore,
  type ReviewScores,
  type ScoredCriterion,
  scoredCount,
  weightedScore,
} from '../../shared/calls/score.ts'
