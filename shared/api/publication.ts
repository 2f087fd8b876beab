import { Type } from 'typebox'
import { publicFieldNames } from '../showcase/fields.ts'

/** The publication part of a record (DESIGN.md, "Public showcase"); no import of projects.ts (it imports this). */

const PublicFieldName = Type.Unsafe<(typeof publicFieldNames)[number]>(
  Type.String({ enum: [...publicFieldNames], description: 'A field shown on the public showcase' }),
)

/** Added to PATCH /api/projects/:id: the switch (off by default) and the fields shown once published. */
export const PublicationPatch = {
  published: Type.Optional(Type.Boolean()),
  publicFields: Type.Optional(
    Type.Array(PublicFieldName, { maxItems: publicFieldNames.length, uniqueItems: true }),
  ),
}

/** Added to a record's answer. */
export const PublicationRecordFields = {
  published: Type.Boolean(),
  publicFields: Type.Array(PublicFieldName),
}
