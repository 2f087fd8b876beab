import type { Kysely } from 'kysely'
import type { Database, GuestRole } from '../db/schema.ts'
import { generateToken, hashToken } from './tokens.ts'

const DAY = 24 * 60 * 60 * 1000

/** How long sessions live. Idle expiry slides on use; the cap counts from creation and never moves. */
export const sessionLifetimes = {
  account: { idle: 30 * DAY, refreshWhenLeft: 15 * DAY, cap: 90 * DAY },
  guest: { idle: 7 * DAY, refreshWhenLeft: 6 * DAY, cap: 30 * DAY },
} as const

/** Who a valid session belongs to. */
export type Actor = AccountActor | GuestActor

export interface AccountActor {
  kind: 'account'
  sessionId: string
  userId: string
  councilId: string
  email: string
  displayName: string
}

export interface GuestActor {
  kind: 'guest'
  sessionId: string
  guestId: string
  workshopId: string
  role: GuestRole
  displayName: string
}

export interface NewSession {
  /** The secret for the cookie; only its hash is stored. */
  token: string
  sessionId: string
  expiresAt: Date
}

/** Starts a session for an account or a guest. */
export async function createSession(
  db: Kysely<Database>,
  owner: { userId: string } | { guestId: string },
  now = new Date(),
): Promise<NewSession> {
  const token = generateToken()
  const sessionId = hashToken(token)
  const life = 'userId' in owner ? sessionLifetimes.account : sessionLifetimes.guest
  const expiresAt = new Date(now.getTime() + life.idle)
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: 'userId' in owner ? owner.userId : null,
      guest_id: 'guestId' in owner ? owner.guestId : null,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute()
  return { token, sessionId, expiresAt }
}

export interface ValidatedSession {
  actor: Actor
  expiresAt: Date
  /** True when the expiry moved: the cookie must be sent again with the new date. */
  refreshed: boolean
}

/**
 * Checks a token from a cookie. Expired sessions are deleted; live ones slide forward when past half
 * their idle time, but never beyond the absolute cap from creation.
 */
export async function validateSessionToken(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null
  const sessionId = hashToken(token)
  const row = await db
    .selectFrom('sessions')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('guests', 'guests.id', 'sessions.guest_id')
    .select([
      'sessions.id',
      'sessions.created_at',
      'sessions.expires_at',
      'sessions.user_id',
      'sessions.guest_id',
      'users.council_id',
      'users.email',
      'users.display_name as user_name',
      'guests.workshop_id',
      'guests.role',
      'guests.display_name as guest_name',
      'guests.removed_at',
      'users.removed_at as user_removed_at',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst()
  if (!row) return null
  // A removed guest's sessions are deleted with the removal; this also refuses one that raced it.
  if (row.removed_at) return null
  // Likewise a removed council member's (accounts/repository.ts removeMember).
  if (row.user_removed_at) return null
  const createdAt = new Date(row.created_at)
  let expiresAt = new Date(row.expires_at)
  if (now >= expiresAt) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
    return null
  }
  const life = row.user_id ? sessionLifetimes.account : sessionLifetimes.guest
  let refreshed = false
  const capAt = createdAt.getTime() + life.cap
  if (expiresAt.getTime() - now.getTime() < life.refreshWhenLeft && expiresAt.getTime() < capAt) {
    expiresAt = new Date(Math.min(now.getTime() + life.idle, capAt))
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute()
    refreshed = true
  }
  const actor: Actor | null =
    row.user_id && row.council_id && row.email && row.user_name
      ? {
          kind: 'account',
          sessionId,
          userId: row.user_id,
          councilId: row.council_id,
          email: row.email,
          displayName: row.user_name,
        }
      : row.guest_id && row.workshop_id && row.role && row.guest_name
        ? {
            kind: 'guest',
            sessionId,
            guestId: row.guest_id,
            workshopId: row.workshop_id,
            role: row.role,
            displayName: row.guest_name,
          }
        : null
  return actor ? { actor, expiresAt, refreshed } : null
}

/** Ends one session. */
export async function invalidateSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
}
