import { type Kysely, sql } from 'kysely'
import { type Review, type ReviewBody, reviewDecisions } from '../../shared/api/review.ts'
import type { AccountActor } from '../auth/sessions.ts'
import type { Database } from '../db/schema.ts'
import { invalidField } from '../errors.ts'
import type { NewHistoryRow } from '../projects/repository.ts'
import type { ProjectRow } from '../projects/tables.ts'
import { isValidScore } from './score.ts'

/**
 * The council's review of an application, as `PATCH /api/projects/:id` `{review}` applies it inside the
 * edit's transaction (projects/edit.ts): the record must answer a call of its council, scores only for
 * that call's criteria and whole from 0 to 5, a decision among retained, postponed, refused (or null
 * while undecided), a reason for a refusal. The body is the whole review and replaces the previous
 * one; who and when are set here, and the change is one history entry (field `review`).
 */

/** A stored review, read leniently (jsonb written by this file or by an archive import). */
export function readReview(value: unknown): Review | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Partial<Review>
  const scores: Record<string, number> = {}
  for (const [id, score] of Object.entries(v.scores ?? {})) if (isValidScore(score)) scores[id] = score
  return {
    scores,
    decision: reviewDecisions.includes(v.decision as never) ? (v.decision as Review['decision']) : null,
    reason: typeof v.reason === 'string' ? v.reason : '',
    reviewedAt: typeof v.reviewedAt === 'string' ? v.reviewedAt : new Date(0).toISOString(),
    reviewedBy: typeof v.reviewedBy === 'string' ? v.reviewedBy : null,
  }
}

/** The column value and the history entry of a review change. */
export interface ReviewChange {
  review: Review
  history: NewHistoryRow
}

const same = (a: Review | null, b: Omit<Review, 'reviewedAt' | 'reviewedBy'>) =>
  a !== null &&
  a.decision === b.decision &&
  a.reason === b.reason &&
  JSON.stringify(Object.entries(a.scores).sort()) === JSON.stringify(Object.entries(b.scores).sort())

/**
 * Checks a review sent for `row` (locked by the caller) and returns what to store, or null when none was
 * sent or it changes nothing. A 400 names the field at fault.
 */
export async function reviewChange(
  db: Kysely<Database>,
  row: ProjectRow,
  actor: AccountActor,
  body: ReviewBody | undefined,
): Promise<ReviewChange | null> {
  if (body === undefined) return null
  const call = row.call_id
    ? await db
        .selectFrom('calls')
        .select(['council_id', 'criteria'])
        .where('id', '=', row.call_id)
        .executeTakeFirst()
    : undefined
  if (!call || call.council_id !== row.council_id)
    throw invalidField(
      'review',
      'Revue : cette fiche ne répond à aucun appel à projets, elle ne se note pas.',
      'not_an_application',
    )
  const criteria = new Set(call.criteria.map((c) => c.id))
  const scores: Record<string, number> = {}
  for (const [id, score] of Object.entries(body.scores)) {
    if (!criteria.has(id))
      throw invalidField(
        `review.scores.${id}`,
        'Revue : ce critère n’est pas un critère de l’appel.',
        'unknown_criterion',
      )
    // The schema already says so; kept for callers that bypass it.
    if (!isValidScore(score))
      throw invalidField(`review.scores.${id}`, 'Revue : une note est un entier de 0 à 5.', 'out_of_range')
    scores[id] = score
  }
  const reason = (body.reason ?? '').trim()
  if (body.decision === 'refused' && reason === '')
    throw invalidField('review.reason', 'Revue : un refus doit être motivé.', 'required')

  const before = readReview(row.review)
  const next = { scores, decision: body.decision, reason }
  if (same(before, next)) return null
  const review: Review = { ...next, reviewedAt: new Date().toISOString(), reviewedBy: actor.userId }
  return {
    review,
    history: {
      projectId: row.id,
      userId: actor.userId,
      userName: actor.displayName,
      source: 'edit',
      field: 'review',
      oldValue: before,
      newValue: review,
    },
  }
}

/**
 * A member's erasure (erasure/repository.ts eraseAccount): the reviews they made, and the review
 * entries of the history, name the council's erased-members account (`standIn`) instead of them; their
 * history entries lose their name (entries on records made from a board are scrubbed there as well,
 * applications have no board).
 */
export async function handOverReviews(
  db: Kysely<Database>,
  userId: string,
  standIn: string,
  label: string,
): Promise<void> {
  const replaced = (column: 'review' | 'old_value' | 'new_value') =>
    sql<never>`jsonb_set(${sql.ref(column)}, '{reviewedBy}', to_jsonb(${standIn}::text))`
  await db
    .updateTable('projects')
    .set({ review: replaced('review') })
    .where(sql<string>`review->>'reviewedBy'`, '=', userId)
    .execute()
  for (const column of ['old_value', 'new_value'] as const)
    await db
      .updateTable('project_history')
      .set({ [column]: replaced(column) })
      .where('field', '=', 'review')
      .where(sql<string>`${sql.ref(column)}->>'reviewedBy'`, '=', userId)
      .execute()
  await db.updateTable('project_history').set({ user_name: label }).where('user_id', '=', userId).execute()
}
