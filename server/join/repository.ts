import type { Kysely } from 'kysely'
import type { Database, GuestRole } from '../db/schema.ts'

/** Records a guest of a workshop and the code they came in with; returns the guest's id. */
export async function insertGuest(
  db: Kysely<Database>,
  guest: { workshopId: string; displayName: string; role: GuestRole; code: string },
): Promise<string> {
  const id = crypto.randomUUID()
  await db
    .insertInto('guests')
    .values({
      id,
      workshop_id: guest.workshopId,
      display_name: guest.displayName,
      role: guest.role,
      code: guest.code,
    })
    .execute()
  return id
}

/**
 * Ends the sessions of every guest who joined the workshop with `code` (a code being revoked). The guest
 * rows stay: their ideas and votes keep their author. Returns who lost access, for live connections.
 */
export async function endGuestSessionsByCode(
  db: Kysely<Database>,
  workshopId: string,
  code: string,
): Promise<{ guestIds: string[]; sessionIds: string[] }> {
  const guests = await db
    .selectFrom('guests')
    .select('id')
    .where('workshop_id', '=', workshopId)
    .where('code', '=', code)
    .execute()
  const guestIds = guests.map((g) => g.id)
  if (guestIds.length === 0) return { guestIds, sessionIds: [] }
  const sessions = await db.deleteFrom('sessions').where('guest_id', 'in', guestIds).returning('id').execute()
  return { guestIds, sessionIds: sessions.map((s) => s.id) }
}
