import { type PublicField, publicFieldNames } from '../../shared/showcase/fields.ts'
import type { ProjectRow } from '../projects/tables.ts'

/** The publication part of PATCH /api/projects/:id (shared/api/publication.ts checks the names). */
export interface PublicationPatch {
  published?: boolean
  publicFields?: PublicField[]
}

/** A record's publication as its answer carries it. */
export function publicationOf(row: ProjectRow): { published: boolean; publicFields: PublicField[] } {
  return { published: row.published, publicFields: orderedFields(row.public_fields) }
}

/** Known names only, in the list's order (an old or hand-written row cannot widen what is shown). */
function orderedFields(names: readonly string[]): PublicField[] {
  return publicFieldNames.filter((name) => names.includes(name))
}

/**
 * What a change of publication writes: the columns and one history entry per changed part. Called
 * inside editProject's transaction, on the locked row of the actor's own council.
 */
export function planPublication(
  row: ProjectRow,
  patch: PublicationPatch,
): {
  columns: { published?: boolean; public_fields?: PublicField[] }
  changes: { field: 'published' | 'publicFields'; oldValue: unknown; newValue: unknown }[]
} {
  const before = publicationOf(row)
  const columns: { published?: boolean; public_fields?: PublicField[] } = {}
  const changes: { field: 'published' | 'publicFields'; oldValue: unknown; newValue: unknown }[] = []
  if (patch.published !== undefined && patch.published !== before.published) {
    columns.published = patch.published
    changes.push({ field: 'published', oldValue: before.published, newValue: patch.published })
  }
  if (patch.publicFields !== undefined) {
    const after = orderedFields(patch.publicFields)
    if (JSON.stringify(after) !== JSON.stringify(before.publicFields)) {
      columns.public_fields = after
      changes.push({ field: 'publicFields', oldValue: before.publicFields, newValue: after })
    }
  }
  return { columns, changes }
}
