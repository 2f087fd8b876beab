/**
 * The colour of a person's cursor and name tag, derived from their id (account user id or guest id).
 *
 * Why derived, and shared: the server vouches for each person's presence (server/collab/presence-identity.ts)
 * and sets this colour itself, so a client cannot dress up as someone else; the client computes the
 * same colour for its own cursor from the same function, so both sides always agree.
 */

/** Readable on the light canvas, distinct from the idea colours' fills. */
export const PERSON_COLORS: readonly string[] = [
  '#c2255c',
  '#5f3dc4',
  '#1864ab',
  '#0b7285',
  '#2b8a3e',
  '#e8590c',
  '#a61e4d',
  '#364fc7',
]

/** The colour of the person whose id is `id` (stable: a string hash into PERSON_COLORS). */
export function personColor(id: string): string {
  let hash = 0
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0
  return PERSON_COLORS[Math.abs(hash) % PERSON_COLORS.length]!
}
