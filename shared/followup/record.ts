/**
 * Follow-up of a project record (issue 15, piste 5 of the councils' note): who follows it (a council
 * member and a partner actor, each with a role), the next step and its date, and the structured support
 * the carrier asks for. Shared by the server and the client.
 */

/** Kinds of support a carrier may ask for (guarantee: the regional guarantee fund for small carriers). */
export const supportKinds = ['engineering', 'funding', 'guarantee', 'partners', 'premises'] as const
export type SupportKind = (typeof supportKinds)[number]

/** How many referents one record may have. */
export const maxReferents = 20

/** One person following a record: a council member (userId) or a partner actor (actorId), never both. */
export interface Referent {
  userId: string | null
  actorId: string | null
  /** The member's display name or the actor's name. */
  name: string
  /** What they do in the pair, e.g. "élu·e référent·e", "pôle ESS". */
  role: string
}

/** What PATCH /api/projects/:id accepts for referents: exactly one of userId and actorId, and a role. */
export interface ReferentInput {
  userId?: string
  actorId?: string
  role: string
}

/** The follow-up fields of a record (GET and PATCH /api/projects/:id). */
export interface FollowupFields {
  referents: Referent[]
  supportKinds: SupportKind[]
  /** The carrier is a small structure (for the guarantee fund). */
  smallStructure: boolean
  nextStep: string
  /** ISO date (YYYY-MM-DD) of the next step, or null. */
  nextStepDate: string | null
}

/** True when the next step's date is before `today` (YYYY-MM-DD): the record is late. */
export function isOverdue(nextStepDate: string | null, today: string): boolean {
  return nextStepDate !== null && nextStepDate < today
}

/** Today as YYYY-MM-DD (UTC). */
export function isoToday(now = new Date()): string {
  return now.toISOString().slice(0, 10)
}
