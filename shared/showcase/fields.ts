/**
 * The public showcase of a council's records (DESIGN.md, "Public showcase"): which fields a council may
 * publish, and how a council's name becomes the address of its public page. Shared by the server (what
 * it sends without an account) and the client (the publication panel, the public page).
 */

/**
 * Fields a council may make public on a published record. Title, priority, status and the origin (the
 * call, or the workshop's title) are always public once a record is published; nothing else is unless
 * named here. Never public: the review, the application's answers and contact, referents, support,
 * next step, evaluation, history, ideas and their authors.
 */
export const publicFieldNames = [
  'summary',
  'objectives',
  'expectedOutcomes',
  'action',
  'carrier',
  'partners',
  'budget',
  'funding',
  'schedule',
  'indicators',
] as const
export type PublicField = (typeof publicFieldNames)[number]

/** What a record shows by default when a council first publishes it without choosing. */
export const defaultPublicFields: readonly PublicField[] = ['summary', 'carrier', 'partners', 'funding']

export function isPublicField(name: string): name is PublicField {
  return (publicFieldNames as readonly string[]).includes(name)
}

/** A slug: lower-case ASCII letters and digits in words joined by single hyphens, 2 to 60 characters. */
export const slugPattern = '^[a-z0-9]+(?:-[a-z0-9]+)*$'
export const slugMaxLength = 60

export function isValidSlug(slug: string): boolean {
  return slug.length >= 2 && slug.length <= slugMaxLength && new RegExp(slugPattern).test(slug)
}

/** A council's name as a slug (accents dropped, other characters as hyphens); 'conseil' when none is left. */
export function slugFromName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  let slug = ''
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word
    if (next.length > slugMaxLength - 4) break
    slug = next
  }
  return slug.length >= 2 ? slug : 'conseil'
}
