import { type Static, Type } from 'typebox'

export const GuestRole = Type.Union([Type.Literal('participant'), Type.Literal('observer')])
export type GuestRole = Static<typeof GuestRole>

/** Generous on length: people paste codes with spaces, dashes or a trailing newline. */
const CodeText = Type.String({ minLength: 1, maxLength: 32 })

/** What POST /api/join accepts. */
export const JoinInput = Type.Object({
  code: CodeText,
  displayName: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
})
export type JoinInput = Static<typeof JoinInput>

/** POST /api/join: the guest's workshop, board and role. */
export const JoinResult = Type.Object({
  workshopId: Type.String({ format: 'uuid' }),
  boardId: Type.String({ format: 'uuid' }),
  role: GuestRole,
  title: Type.String(),
  guestId: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
})
export type JoinResult = Static<typeof JoinResult>

export const CodeParams = Type.Object({ code: CodeText })

/** GET /api/join/:code: what a code opens, for the join page. */
export const JoinPreview = Type.Object({ title: Type.String(), role: GuestRole })
export type JoinPreview = Static<typeof JoinPreview>
