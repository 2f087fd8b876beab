import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'

/** The council whose public pages answer at `slug`, if any. */
export function findCouncilBySlug(db: Kysely<Database>, slug: string) {
  return db.selectFrom('councils').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst()
}

/** Gives a council a new slug; false when another council holds it (the unique index decides). */
export async function changeSlug(db: Kysely<Database>, councilId: string, slug: string): Promise<boolean> {
  try {
    await db.updateTable('councils').set({ slug }).where('id', '=', councilId).execute()
    return true
  } catch (error) {
    // unique_violation, from postgres.js and PGlite alike
    if ((error as { code?: string }).code === '23505') return false
    throw error
  }
}
