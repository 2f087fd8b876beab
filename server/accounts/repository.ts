import { type Kysely, sql } from 'kysely'
import { isValidSlug, slugFromName } from '../../shared/showcase/fields.ts'
import type { Database, User, UserRole } from '../db/schema.ts'
import { dropUserReferents } from '../followup/repository.ts'

/** Creates a council (an organisation), with a free slug made from its name, and returns its id. */
export async function insertCouncil(db: Kysely<Database>, name: string): Promise<string> {
  const id = crypto.randomUUID()
  await insertCouncilWithSlug(db, { id, name })
  return id
}

/**
 * Inserts a council with the first free slug among `wanted`, `wanted-2`, `wanted-3`… and returns that
 * slug. The unique index decides: a slug taken between the look-up and the insert (two sign-ups with
 * one name at once) is skipped by `on conflict do nothing`, never turned into an error.
 */
export async function insertCouncilWithSlug(
  db: Kysely<Database>,
  council: { id: string; name: string; createdAt?: string | Date },
  wanted: string = slugFromName(council.name),
): Promise<string> {
  // An archive's slug is kept when it is a slug; anything else (a hand-edited file) is made one.
  if (!isValidSlug(wanted)) wanted = slugFromName(wanted)
  const taken = new Set(
    (
      await db
        .selectFrom('councils')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', wanted), eb('slug', 'like', `${likeEscaped(wanted)}-%`)]))
        .execute()
    ).map((r) => r.slug),
  )
  for (let n = 1; ; n++) {
    const slug = n === 1 ? wanted : `${wanted}-${n}`
    if (taken.has(slug)) continue
    const inserted = await db
      .insertInto('councils')
      .values({
        id: council.id,
        name: council.name,
        slug,
        ...(council.createdAt ? { created_at: council.createdAt } : {}),
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (inserted) return slug
  }
}

function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Creates an account; `role` defaults to admin for the council's first account, member after. */
export async function insertUser(
  db: Kysely<Database>,
  user: { councilId: string; email: string; displayName: string; passwordHash: string; role?: UserRole },
): Promise<string> {
  const id = crypto.randomUUID()
  // Unless told, a council's first account administers it and later ones are members.
  const role =
    user.role ??
    ((await db
      .selectFrom('users')
      .select('id')
      .where('council_id', '=', user.councilId)
      .where('removed_at', 'is', null)
      .limit(1)
      .executeTakeFirst())
      ? 'member'
      : 'admin')
  await db
    .insertInto('users')
    .values({
      id,
      council_id: user.councilId,
      email: user.email.toLowerCase(),
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role,
    })
    .execute()
  return id
}

/** The account of an address; a removed member has none (its row keeps no address). */
export function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .where('removed_at', 'is', null)
    .executeTakeFirst()
}

export function findUser(db: Kysely<Database>, userId: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst()
}

export function findCouncil(db: Kysely<Database>, councilId: string) {
  return db.selectFrom('councils').selectAll().where('id', '=', councilId).executeTakeFirst()
}

export function listCouncilMembers(db: Kysely<Database>, councilId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'created_at'])
    .where('council_id', '=', councilId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .execute()
}

/** True when the store holds no account yet (the demo seed runs only then). */
export async function storeIsEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  return row === undefined
}

export async function insertInvite(
  db: Kysely<Database>,
  invite: { id: string; councilId: string; createdBy: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('council_invites')
    .values({
      id: invite.id,
      council_id: invite.councilId,
      created_by: invite.createdBy,
      expires_at: invite.expiresAt,
    })
    .execute()
}

/** A usable invitation (unused, unexpired) with its council's name. */
export function findOpenInvite(db: Kysely<Database>, inviteId: string, now = new Date()) {
  return db
    .selectFrom('council_invites')
    .innerJoin('councils', 'councils.id', 'council_invites.council_id')
    .select(['council_invites.id', 'council_invites.council_id', 'councils.name as council_name'])
    .where('council_invites.id', '=', inviteId)
    .where('council_invites.used_by', 'is', null)
    .where('council_invites.expires_at', '>', now)
    .executeTakeFirst()
}

/** Marks an invitation used; false when someone else used it first. */
export async function consumeInvite(
  db: Kysely<Database>,
  inviteId: string,
  userId: string,
): Promise<boolean> {
  const result = await db
    .updateTable('council_invites')
    .set({ used_by: userId })
    .where('id', '=', inviteId)
    .where('used_by', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Serialises sign-ups within `tx` (a transaction-scoped advisory lock), so that "is this the instance's
 * first account?" has one answer even when two people sign up at the same instant.
 */
export async function lockSignups(tx: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(727001)`.execute(tx)
}

export async function setPasswordHash(db: Kysely<Database>, userId: string, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute()
}

/**
 * Ends sessions of an account, all of them or all but `exceptSessionId`; returns the ids of those
 * ended (for the live sockets to close).
 */
export async function deleteSessionsOfUser(
  db: Kysely<Database>,
  userId: string,
  exceptSessionId?: string,
): Promise<string[]> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId)
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId)
  const rows = await query.returning('id').execute()
  return rows.map((r) => r.id)
}

/**
 * Removes a member from its council: the row stays (workshops, contracts and history still name who
 * made them, by display name) but loses its address and password, so nobody signs in as it again and
 * the address may be invited anew; its sessions, invitations and reset links go. It stops facilitating
 * workshops; one it facilitated alone passes to `successorId` (the administrator removing it), so no
 * workshop is left without anyone to run it. Returns the ended session ids, or null when no such active
 * member of `councilId` exists.
 */
export async function removeMember(
  db: Kysely<Database>,
  councilId: string,
  userId: string,
  successorId: string,
  now = new Date(),
): Promise<string[] | null> {
  return db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable('users')
      .set({
        removed_at: now,
        email: `removed-${userId}@removed.invalid`,
        password_hash: '!',
        role: 'member',
      })
      .where('id', '=', userId)
      .where('council_id', '=', councilId)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) return null
    const alone = await tx
      .selectFrom('workshop_facilitators as mine')
      .select('mine.workshop_id')
      .where('mine.user_id', '=', userId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('workshop_facilitators as other')
              .select('other.user_id')
              .whereRef('other.workshop_id', '=', 'mine.workshop_id')
              .where('other.user_id', '!=', userId),
          ),
        ),
      )
      .execute()
    if (alone.length > 0)
      await tx
        .insertInto('workshop_facilitators')
        .values(alone.map((row) => ({ workshop_id: row.workshop_id, user_id: successorId })))
        .execute()
    await tx.deleteFrom('workshop_facilitators').where('user_id', '=', userId).execute()
    // A removed member follows no record any more (followup/).
    await dropUserReferents(tx, userId)
    await tx.deleteFrom('password_resets').where('user_id', '=', userId).execute()
    await tx
      .deleteFrom('council_invites')
      .where('created_by', '=', userId)
      .where('used_by', 'is', null)
      .execute()
    return deleteSessionsOfUser(tx, userId)
  })
}

export async function insertPasswordReset(
  db: Kysely<Database>,
  reset: { id: string; userId: string; createdBy: string | null; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({ id: reset.id, user_id: reset.userId, created_by: reset.createdBy, expires_at: reset.expiresAt })
    .execute()
}

/** A usable reset link (unused, unexpired, of an account not removed) with whom it is for. */
export function findOpenPasswordReset(db: Kysely<Database>, resetId: string, now = new Date()) {
  return db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['password_resets.id', 'password_resets.user_id', 'users.email', 'users.display_name'])
    .where('password_resets.id', '=', resetId)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', now)
    .where('users.removed_at', 'is', null)
    .executeTakeFirst()
}

/** Marks a reset link used (and every other link of the account void); false when already used. */
export async function consumePasswordReset(
  db: Kysely<Database>,
  resetId: string,
  userId: string,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('id', '=', resetId)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return false
  await db.deleteFrom('password_resets').where('user_id', '=', userId).where('id', '!=', resetId).execute()
  return true
}
