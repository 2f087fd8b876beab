import type { BoardRole, Collaborator } from './presence.ts'

/** One person on the board, once however many tabs they have open. */
export interface Person {
  /** The first of their tabs (its presence says what they are doing). */
  collaborator: Collaborator
  id: string
  name: string
  role: BoardRole
}

export interface PeopleList {
  /** Everyone but me, facilitators first, then by name (French collation); filtered by the search. */
  people: Person[]
  /** Everyone but me, by role, whatever the search. */
  counts: Record<BoardRole, number>
}

const roleOrder: Record<BoardRole, number> = { facilitator: 0, participant: 1, observer: 2 }
const collator = new Intl.Collator('fr', { sensitivity: 'base' })

/**
 * The people panel's model: one entry per person (several tabs show once), counts by role, and a
 * search on names that ignores case and accents. Cost: one pass and one sort of the people present,
 * done when presence changes; the panel draws only the rows in view (PeoplePanel.tsx).
 */
export function listPeople(collaborators: readonly Collaborator[], meId: string, query: string): PeopleList {
  const byId = new Map<string, Person>()
  for (const collaborator of collaborators) {
    const user = collaborator.presence.user
    if (user.id === meId || byId.has(user.id)) continue
    byId.set(user.id, { collaborator, id: user.id, name: user.name, role: user.role })
  }
  const counts: Record<BoardRole, number> = { facilitator: 0, participant: 0, observer: 0 }
  for (const person of byId.values()) counts[person.role] += 1
  const needle = fold(query.trim())
  const people = [...byId.values()]
    .filter((person) => needle === '' || fold(person.name).includes(needle))
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || collator.compare(a.name, b.name))
  return { people, counts }
}

/** Lower case without accents, for a search that finds "Léa" from "lea". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
}
