import { type Kysely, sql } from 'kysely'
import type { Referent, SupportKind } from '../../shared/followup/record.ts'
import { json } from '../db/connect.ts'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database>

/** Referents of these records with their names, in each record's order. */
export async function listReferents(db: Db, projectIds: string[]): Promise<Map<string, Referent[]>> {
  const byProject = new Map<string, Referent[]>()
  if (projectIds.length === 0) return byProject
  const rows = await db
    .selectFrom('project_referents as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('actors as a', 'a.id', 'r.actor_id')
    .select(['r.project_id', 'r.user_id', 'r.actor_id', 'r.role', 'u.display_name', 'a.name'])
    .where('r.project_id', 'in', projectIds)
    .orderBy('r.project_id')
    .orderBy('r.position')
    .execute()
  for (const row of rows) {
    const list = byProject.get(row.project_id) ?? []
    list.push({
      userId: row.user_id,
      actorId: row.actor_id,
      name: row.display_name ?? row.name ?? '',
      role: row.role,
    })
    byProject.set(row.project_id, list)
  }
  return byProject
}

/**
 * Of these ids, the active (not removed) members of the council, locked for share until the
 * transaction ends: a removal waits, then drops the rows written here (accounts/repository.ts).
 */
export async function lockActiveMembers(db: Db, councilId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('council_id', '=', councilId)
    .where('removed_at', 'is', null)
    .where('id', 'in', userIds)
    .forShare()
    .execute()
  return new Set(rows.map((r) => r.id))
}

/** Of these ids, the council's actors, locked for share (a deletion waits, then sees them in use). */
export async function lockCouncilActors(db: Db, councilId: string, actorIds: string[]): Promise<Set<string>> {
  if (actorIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('actors')
    .select('id')
    .where('council_id', '=', councilId)
    .where('id', 'in', actorIds)
    .forShare()
    .execute()
  return new Set(rows.map((r) => r.id))
}

/** Replaces a record's referents. Run inside the transaction that edits the record. */
export async function replaceReferents(
  db: Db,
  projectId: string,
  referents: { userId: string | null; actorId: string | null; role: string }[],
): Promise<void> {
  await db.deleteFrom('project_referents').where('project_id', '=', projectId).execute()
  if (referents.length === 0) return
  await db
    .insertInto('project_referents')
    .values(
      referents.map((r, position) => ({
        id: crypto.randomUUID(),
        project_id: projectId,
        user_id: r.userId,
        actor_id: r.actorId,
        role: r.role,
        position,
      })),
    )
    .execute()
}

/** A removed or erased member follows nothing any more. */
export async function dropUserReferents(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('project_referents').where('user_id', '=', userId).execute()
}

/** The records an actor follows as referent. */
export async function listActorReferentProjects(db: Db, actorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_referents')
    .select('project_id')
    .distinct()
    .where('actor_id', '=', actorId)
    .execute()
  return rows.map((r) => r.project_id)
}

/** Writes a record's follow-up columns (the caller bumps the version). */
export async function updateFollowupColumns(
  db: Db,
  projectId: string,
  columns: {
    supportKinds?: SupportKind[]
    smallStructure?: boolean
    nextStep?: string
    nextStepDate?: string | null
  },
): Promise<void> {
  const set: Record<string, unknown> = {}
  if (columns.supportKinds !== undefined) set.support_kinds = json(columns.supportKinds)
  if (columns.smallStructure !== undefined) set.small_structure = columns.smallStructure
  if (columns.nextStep !== undefined) set.next_step = columns.nextStep
  if (columns.nextStepDate !== undefined) set.next_step_date = columns.nextStepDate
  if (Object.keys(set).length === 0) return
  await db.updateTable('projects').set(set).where('id', '=', projectId).execute()
}

/** The records a member or an actor follows, with their role, in the council. */
export function listFollowed(db: Db, councilId: string, who: { userId: string } | { actorId: string }) {
  return db
    .selectFrom('project_referents as r')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select([
      'p.id',
      'p.title',
      'p.status',
      'p.priority_code',
      'p.next_step',
      'p.next_step_date',
      'r.role',
      (eb) =>
        eb
          .selectFrom('project_actors as pa')
          .innerJoin('actors as a', 'a.id', 'pa.actor_id')
          .select('a.name')
          .whereRef('pa.project_id', '=', 'p.id')
          .where('pa.role', '=', 'carrier')
          .limit(1)
          .as('carrier'),
    ])
    .where('p.council_id', '=', councilId)
    .$if('userId' in who, (q) => q.where('r.user_id', '=', (who as { userId: string }).userId))
    .$if('actorId' in who, (q) => q.where('r.actor_id', '=', (who as { actorId: string }).actorId))
    .orderBy(sql`p.next_step_date asc nulls last`)
    .orderBy('p.title')
    .orderBy('p.id')
    .execute()
}

/** The council's records whose carrier is a small structure asking for a guarantee (not abandoned). */
export function listGuaranteeRows(db: Db, councilId: string) {
  return db
    .selectFrom('projects')
    .selectAll()
    .where('council_id', '=', councilId)
    .where('small_structure', '=', true)
    .where('status', '<>', 'abandoned')
    .where(sql<boolean>`support_kinds @> '["guarantee"]'::jsonb`)
    .orderBy('priority_code')
    .orderBy('title')
    .orderBy('id')
    .execute()
}

/** How many records each actor of the council follows as referent (actors following none are absent). */
export async function countFollowingByActor(db: Db, councilId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('project_referents as r')
    .innerJoin('actors as a', 'a.id', 'r.actor_id')
    .select(['r.actor_id', (eb) => eb.fn.count<string | number>('r.project_id').distinct().as('n')])
    .where('a.council_id', '=', councilId)
    .groupBy('r.actor_id')
    .execute()
  return new Map(rows.map((r) => [r.actor_id!, Number(r.n)]))
}
