import type { Kysely } from 'kysely'
import type { Database, User } from '../db/schema.ts'

/** Creates a council (an organisation) and returns its id. */
export async function insertCouncil(db: Kysely<Database>, name: string): Promise<string> {
  const id = crypto.randomUUID()
  await db.insertInto('councils').values({ id, name }).execute()
  return id
}

export async function insertUser(
  db: Kysely<Database>,
  user: { councilId: string; email: string; displayName: string; passwordHash: string },
): Promise<string> {
  const id = crypto.randomUUID()
  await db
    .insertInto('users')
    .values({
      id,
      council_id: user.councilId,
      email: user.email.toLowerCase(),
      display_name: user.displayName,
      password_hash: user.passwordHash,
    })
    .execute()
  return id
}

export function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

export function findCouncil(db: Kysely<Database>, councilId: string) {
  return db.selectFrom('councils').selectAll().where('id', '=', councilId).executeTakeFirst()
}

export function listCouncilMembers(db: Kysely<Database>, councilId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'created_at'])
    .where('council_id', '=', councilId)
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
