import type { Kysely } from 'kysely'
import type { ActorList } from '../../shared/api/actors.ts'
import { type ActorType, actorTypes, publicActorTypes } from '../../shared/projects/record.ts'
import { listContractsById } from '../contracts/repository.ts'
import type { Database } from '../db/schema.ts'
import { countFollowingByActor } from '../followup/repository.ts'
import { listCouncilActorsWithProjects } from './repository.ts'

/** An actor with the records it carries or partners, as GET /api/actors lists it. */
export type ActorView = ActorList['actors'][number]

/** Who takes part in a priority's records: involvements per actor type, and public versus private. */
export interface PriorityMix {
  contractId: string
  priorityCode: string | null
  priorityTitle: string | null
  byType: Record<ActorType, number>
  /** Involvements of public actors (collectivité, État). */
  public: number
  /** Involvements of every other type but `autre` (companies, associations, ESS, citizens). */
  private: number
  total: number
}

/** The council's actors with the projects each carries or partners, and the mix of each priority. */
export async function listActors(
  db: Kysely<Database>,
  councilId: string,
): Promise<{ actors: ActorView[]; mixByPriority: PriorityMix[] }> {
  const { actors, links } = await listCouncilActorsWithProjects(db, councilId)
  const following = await countFollowingByActor(db, councilId)
  const views: ActorView[] = actors.map((a) => ({
    id: a.id,
    name: a.name,
    type: a.type,
    projects: links
      .filter((l) => l.actor_id === a.id)
      .map((l) => ({
        id: l.project_id,
        title: l.title,
        status: l.status,
        role: l.role,
        partnerRole: l.partner_role,
        priorityCode: l.priority_code,
        actionCode: l.action_code,
      })),
    following: following.get(a.id) ?? 0,
  }))

  const typeOf = new Map(actors.map((a) => [a.id, a.type]))
  const contracts = await listContractsById(db, [...new Set(links.map((l) => l.contract_id))])
  const mix = new Map<string, PriorityMix>()
  for (const link of links) {
    const key = `${link.contract_id}|${link.priority_code ?? ''}`
    let entry = mix.get(key)
    if (!entry) {
      const contract = contracts.find((c) => c.id === link.contract_id)
      entry = {
        contractId: link.contract_id,
        priorityCode: link.priority_code,
        priorityTitle: contract?.priorities.find((p) => p.code === link.priority_code)?.title ?? null,
        byType: Object.fromEntries(actorTypes.map((t) => [t, 0])) as Record<ActorType, number>,
        public: 0,
        private: 0,
        total: 0,
      }
      mix.set(key, entry)
    }
    const type = typeOf.get(link.actor_id)!
    entry.byType[type] += 1
    entry.total += 1
    if (publicActorTypes.includes(type)) entry.public += 1
    else if (type !== 'autre') entry.private += 1
  }
  const mixByPriority = [...mix.values()].sort(
    (a, b) =>
      a.contractId.localeCompare(b.contractId) ||
      (a.priorityCode ?? '\uffff').localeCompare(b.priorityCode ?? '\uffff'),
  )
  return { actors: views, mixByPriority }
}
