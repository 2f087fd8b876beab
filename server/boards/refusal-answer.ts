import type { Refusal, RefusalCode } from '../collab/validation.ts'
import { HttpError } from '../errors.ts'

/**
 * The HTTP answer to a change the live review undid (server/collab/review/refusals.ts): the same code
 * and message a live client receives, with the status that says whose move it is. Who may not do this
 * at all: 403; not now (phase, lock, a full board): 409; too fast: 429; a change the board cannot take:
 * 400.
 */
const statusOf: Partial<Record<RefusalCode, number>> = {
  not_author: 403,
  facilitators_only: 403,
  too_many_ideas: 429,
  invalid_record: 400,
  invalid_entry: 400,
  shape_type_refused: 400,
  image_not_uploaded: 400,
  broken_reference: 400,
}

export function refusalError(refusal: Refusal): HttpError {
  return new HttpError(statusOf[refusal.code] ?? 409, refusal.code, refusal.message)
}
