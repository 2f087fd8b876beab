import { type Static, Type } from 'typebox'

/** What DELETE /api/council takes: the council's name, typed by the person as confirmation. */
export const CouncilDeletion = Type.Object({
  confirm: Type.String({
    maxLength: 200,
    description:
      'The council’s name as typed by the person (spaces around ignored); else 400 confirmation_mismatch',
  }),
})
export type CouncilDeletion = Static<typeof CouncilDeletion>

/** The empty answer of a delete (204). */
export const Deleted = Type.Null()

/**
 * Is `typed` the council's `name`, as people read them? Spaces around and repeated spaces do not
 * count, Unicode forms are compared composed; case does (a deliberate retyping, not a guess). The
 * server decides with it, and the client enables its delete button with the same rule.
 */
export function typedNameMatches(typed: string, name: string): boolean {
  const tidy = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ')
  return tidy(typed) !== '' && tidy(typed) === tidy(name)
}
