import type { Kysely } from 'kysely'
import { type ActorType, normaliseActorName } from '../../shared/projects/record.ts'
import type { Database } from '../db/schema.ts'
import type { ActorRow } from './tables.ts'

/** One involvement of an actor in a project. */
export interface ProjectActorLink {
  projectId: string
  actorId: string
  name: string
  type: ActorType
  role: 'carrier' | 'partner'
  partnerRole: string
  position: number
}

/**
 * The council's actor with this name (compared normalised), created when new. Atomic under concurrent
 * edits: the unique (council, normalised name) constraint decides, and the losing insert updates the
 * existing row instead of failing, so two records naming the same new partner at once share one actor.
 * The type given last wins: an actor has one type, whichever record corrected it.
 */
export async function upsertActor(
  db: Kysely<Database>,
  councilId: string,
  name: string,
  type: ActorType,
): Promise<ActorRow> {
  const trimmed = name.trim().replace(/\s+/g, ' ')
  return db
    .insertInto('actors')
    .values({
      id: crypto.randomUUID(),
      council_id: councilId,
      name: trimmed,
      normalised_name: normaliseActorName(trimmed),
      type,
    })
    .onConflict((oc) =>
      oc.columns(['council_id', 'normalised_name']).doUpdateSet((eb) => ({ type: eb.ref('excluded.type') })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Replaces a project's carrier and partners. Run inside the transaction that edits the project. */
export async function replaceProjectActors(
  db: Kysely<Database>,
  projectId: string,
  links: { actorId: string; role: 'carrier' | 'partner'; partnerRole: string; position: number }[],
): Promise<void> {
  await db.deleteFrom('project_actors').where('project_id', '=', projectId).execute()
  if (links.length === 0) return
  await db
    .insertInto('project_actors')
    .values(
      links.map((l) => ({
        project_id: projectId,
        actor_id: l.actorId,
        role: l.role,
        partner_role: l.partnerRole,
        position: l.position,
      })),
    )
    .execute()
}

/** Carriers and partners of the given projects, in their order. */
export async function listProjectActors(
  db: Kysely<Database>,
  projectIds: string[],
): Promise<ProjectActorLink[]> {
  if (projectIds.length === 0) return []
  const rows = await db
    .selectFrom('project_actors')
    .innerJoin('actors', 'actors.id', 'project_actors.actor_id')
    .select([
      'project_actors.project_id',
      'project_actors.actor_id',
      'project_actors.role',
      'project_actors.partner_role',
      'project_actors.position',
      'actors.name',
      'actors.type',
    ])
    .where('project_actors.project_id', 'in', projectIds)
    .orderBy('project_actors.project_id')
    .orderBy('project_actors.role')
    .orderBy('project_actors.position')
    .execute()
  return rows.map((r) => ({
    projectId: r.project_id,
    actorId: r.actor_id,
    name: r.name,
    type: r.type,
    role: r.role,
    partnerRole: r.partner_role,
    position: r.position,
  }))
}

/** The council's actors by name, with every project each is involved in (title, priority, role). */
export async function listCouncilActorsWithProjects(db: Kysely<Database>, councilId: string) {
  const actors = await db
    .selectFrom('actors')
    .selectAll()
    .where('council_id', '=', councilId)
    .orderBy('normalised_name')
    .execute()
  const links = await db
    .selectFrom('project_actors')
    .innerJoin('actors', 'actors.id', 'project_actors.actor_id')
    .innerJoin('projects', 'projects.id', 'project_actors.project_id')
    .select([
      'project_actors.actor_id',
      'project_actors.role',
      'project_actors.partner_role',
      'projects.id as project_id',
      'projects.title',
      'projects.status',
      'projects.contract_id',
      'projects.priority_code',
      'projects.action_code',
    ])
    .where('actors.council_id', '=', councilId)
    .orderBy('projects.title')
    .orderBy('projects.id')
    .execute()
  return { actors, links }
}
