import { type Static, Type } from 'typebox'

/** Shortest password accepted, counted in characters other than spaces. */
export const PASSWORD_MIN_LENGTH = 8
/** Longest password accepted (Argon2 takes any length; this bounds the work per request). */
export const PASSWORD_MAX_LENGTH = 256

/** Who is signed in: an account, or a guest of one workshop. */
export const Me = Type.Object({
  kind: Type.Union([Type.Literal('account'), Type.Literal('guest')]),
  displayName: Type.String(),
  userId: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  councilId: Type.Optional(Type.String()),
  councilName: Type.Optional(Type.String()),
  guestId: Type.Optional(Type.String()),
  workshopId: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
})
export type Me = Static<typeof Me>

/** A new password, with the rule the server checks beyond its length. */
export const NewPassword = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `At least ${PASSWORD_MIN_LENGTH} characters not counting spaces, and not a common or easily guessed password (zxcvbn score 2 or more); refused with 400 password_too_short or password_too_common`,
})

/** What POST /api/auth/signup accepts. */
export const SignupInput = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: NewPassword,
  displayName: Type.String({ minLength: 1, maxLength: 80 }),
  councilName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  inviteToken: Type.Optional(Type.String({ maxLength: 64 })),
})
export type SignupInput = Static<typeof SignupInput>

/** What POST /api/auth/login accepts. */
export const LoginInput = Type.Object({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: PASSWORD_MAX_LENGTH }),
})
export type LoginInput = Static<typeof LoginInput>

/** GET /api/auth/signup-mode: who may sign up without an invitation. */
export const SignupMode = Type.Object({
  mode: Type.Union([Type.Literal('invite'), Type.Literal('open')]),
  invitationNeeded: Type.Boolean(),
})
export type SignupMode = Static<typeof SignupMode>

/** What POST /api/auth/password accepts. */
export const PasswordChange = Type.Object({
  currentPassword: Type.String({ maxLength: PASSWORD_MAX_LENGTH }),
  newPassword: NewPassword,
})
export type PasswordChange = Static<typeof PasswordChange>

export const MemberRole = Type.Union([Type.Literal('admin'), Type.Literal('member')], {
  description: '`admin` may remove members and issue reset links',
})

/** GET /api/council: the signed-in account's council and its members. */
export const CouncilView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The address of the council's public pages: /vitrine/:slug (DESIGN.md, "Public showcase"). */
  slug: Type.String(),
  members: Type.Array(
    Type.Object({
      id: Type.String(),
      email: Type.String(),
      displayName: Type.String(),
      role: MemberRole,
    }),
  ),
})
export type CouncilView = Static<typeof CouncilView>

/** A one-time link handed over by hand (an invitation or a password reset): the token is shown once. */
export const OneTimeLink = Type.Object({
  token: Type.String(),
  path: Type.String(),
  expiresAt: Type.String(),
})
export type OneTimeLink = Static<typeof OneTimeLink>

/** A one-time link's token in a path. */
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 64 }) })

/** A council member's id in a path. */
export const UserParams = Type.Object({ userId: Type.String({ format: 'uuid' }) })

/** GET /api/invites/:token: which council an invitation leads to. */
export const InviteView = Type.Object({ councilName: Type.String() })
export type InviteView = Static<typeof InviteView>

/** GET /api/auth/reset/:token: whom a reset link is for. */
export const ResetView = Type.Object({ displayName: Type.String() })
export type ResetView = Static<typeof ResetView>

/** What POST /api/auth/reset accepts. */
export const ResetInput = Type.Object({ token: Type.String({ maxLength: 64 }), newPassword: NewPassword })
export type ResetInput = Static<typeof ResetInput>
