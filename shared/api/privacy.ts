import { type Static, Type } from 'typebox'
import { Nullable } from './common.ts'

/** What POST /api/council/erasure accepts: one guest or one member of the council, never both. */
export const ErasureInput = Type.Object({
  guestId: Type.Optional(
    Type.String({ format: 'uuid', description: 'A guest of one of the council’s workshops' }),
  ),
  userId: Type.Optional(
    Type.String({ format: 'uuid', description: 'A member of the council (not oneself)' }),
  ),
  removeIdeas: Type.Optional(
    Type.Boolean({
      description:
        'true: the person’s ideas leave the boards and the records; false (default): they stay, credited to “Participant·e anonyme”',
    }),
  ),
})
export type ErasureInput = Static<typeof ErasureInput>

/** What an erasure touched. */
export const ErasureResult = Type.Object({
  /** Boards whose document, stored history, snapshots, ballot or authorship changed. */
  boards: Type.Integer({ minimum: 0 }),
  /** Project records whose provenance or history changed. */
  records: Type.Integer({ minimum: 0 }),
})
export type ErasureResult = Static<typeof ErasureResult>

/** What GET /api/privacy answers: the instance's settings the privacy page shows. */
export const PrivacyInfo = Type.Object({
  /** Guests are erased this many months after their workshop closed; 0: only on request. */
  retentionMonths: Type.Integer({ minimum: 0 }),
  /** Whom to ask for erasure (KENLABOUR_PRIVACY_CONTACT); null: the page says to ask the council. */
  contact: Nullable(Type.String()),
})
export type PrivacyInfo = Static<typeof PrivacyInfo>
