import type { Kysely } from 'kysely'
import type { Database, GuestRole } from '../db/schema.ts'

/** A guest still taking part in a workshop, as the participants list shows them. */
export interface ParticipantRow {
  id: string
  display_name: string
  role: GuestRole
  created_at: Date | string
}

/** The workshop's guests who were not removed, in the order they joined. */
export function listParticipants(db: Kysely<Database>, workshopId: string): Promise<ParticipantRow[]> {
  return db
    .selectFrom('guests')
    .select(['id', 'display_name', 'role', 'created_at'])
    .where('workshop_id', '=', workshopId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/**
 * Marks a guest of the workshop removed (the first removal's time is kept) and deletes their sessions,
 * in one transaction: nobody sees a removed guest with a live session. Their guest row stays, so their
 * ideas and votes keep their author. Undefined when the workshop has no such guest; otherwise the ended
 * sessions, for live connections.
 */
export async function removeParticipant(
  db: Kysely<Database>,
  workshopId: string,
  guestId: string,
  now = new Date(),
): Promise<{ sessionIds: string[] } | undefined> {
  return db.transaction().execute(async (tx) => {
    const guest = await tx
      .selectFrom('guests')
      .select(['id', 'removed_at'])
      .where('id', '=', guestId)
      .where('workshop_id', '=', workshopId)
      .forUpdate()
      .executeTakeFirst()
    if (!guest) return undefined
    if (!guest.removed_at)
      await tx.updateTable('guests').set({ removed_at: now }).where('id', '=', guestId).execute()
    const sessions = await tx.deleteFrom('sessions').where('guest_id', '=', guestId).returning('id').execute()
    return { sessionIds: sessions.map((s) => s.id) }
  })
}
