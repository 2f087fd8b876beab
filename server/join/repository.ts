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
