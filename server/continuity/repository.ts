import { type Kysely, sql } from 'kysely'
import type { EarlierIdea, SimilarIdea } from '../../shared/api/continuity.ts'
import { SIMILAR_LIMIT } from '../../shared/api/continuity.ts'
import { deleteRows } from '../db/delete-rows.ts'
import type { Database } from '../db/schema.ts'

/** Where earlier ideas are looked for: the council's workshops on one contract, but one workshop. */
export interface Scope {
  councilId: string
  contractId: string
  /** The workshop asking: its own ideas are never suggested to it. */
  workshopId: string
}

function earlierIdeas(db: Kysely<Database>, scope: Scope) {
  return db
    .selectFrom('archived_ideas as a')
    .innerJoin('workshops as w', 'w.id', 'a.workshop_id')
    .leftJoin('projects as p', 'p.id', 'a.project_id')
    .select([
      'a.id',
      'a.text',
      'a.workshop_id',
      'w.title as workshop_title',
      sql<Date | string>`coalesce(w.closed_at, a.converted_at)`.as('date'),
      'a.project_id',
      'p.title as project_title',
    ])
    .where('a.council_id', '=', scope.councilId)
    .where('a.contract_id', '=', scope.contractId)
    .where('a.workshop_id', '<>', scope.workshopId)
}

type EarlierRow = {
  id: string
  text: string
  workshop_id: string
  workshop_title: string
  date: Date | string
  project_id: string | null
  project_title: string | null
}

function presentEarlier(row: EarlierRow): EarlierIdea {
  return {
    id: row.id,
    text: row.text,
    workshopId: row.workshop_id,
    workshopTitle: row.workshop_title,
    date: new Date(row.date).toISOString(),
    ...(row.project_id ? { projectId: row.project_id } : {}),
    ...(row.project_title ? { projectTitle: row.project_title } : {}),
  }
}

/**
 * The query behind suggestions: the ideas whose pg_trgm similarity to `text` is above its threshold
 * (`%`, 0.3), most similar first. Inside, the five nearest ideas of the scope by trigram distance
 * (`<->`, one minus the similarity): the GiST index `archived_ideas_nearest` hands them over in that
 * order and the walk stops at the fifth (a nearest-neighbour search), where a filter on `%` would make
 * the index find every idea above the threshold (about 1,500 of 20,000 alike ideas) to sort them. Then
 * those above the threshold: as the nearest come first, these are exactly the five best above it.
 * `%` stays outside, as Postgres takes it for a rare match and would then sort rather than walk; the
 * workshop and record are joined to the five afterwards. So shaped, both stores' planners walk the
 * index unprompted (the EXPLAIN test): no transaction with `enable_seqscan` off, as the GIN plan needed.
 * Exported for the EXPLAIN test.
 */
export function similarQuery(db: Kysely<Database>, scope: Scope, text: string) {
  // The table alone (a join here lets Postgres read the whole scope into a hash join, then sort it),
  // ordered by distance alone (a second key makes it sort too); the ideas tied with the fifth come
  // along, so the order below, by id among equals, is the whole answer's.
  const nearest = db
    .selectFrom('archived_ideas')
    .select(['id', 'text'])
    .where('council_id', '=', scope.councilId)
    .where('contract_id', '=', scope.contractId)
    .where('workshop_id', '<>', scope.workshopId)
    .orderBy(sql`text <-> ${text}`)
    .fetch(SIMILAR_LIMIT, 'with ties')
  return earlierIdeas(db, scope)
    .innerJoin(nearest.as('n'), 'n.id', 'a.id')
    .select(sql<number>`similarity(a.text, ${text})`.as('similarity'))
    .where(sql<boolean>`n.text % ${text}`)
    .orderBy('similarity', 'desc')
    .orderBy('a.id')
    .limit(SIMILAR_LIMIT)
}

export async function findSimilar(db: Kysely<Database>, scope: Scope, text: string): Promise<SimilarIdea[]> {
  const rows = await similarQuery(db, scope, text).execute()
  return rows.map((row) => ({ ...presentEarlier(row), similarity: Number(row.similarity) }))
}

/** One earlier idea within `scope`; undefined for any other (another council, contract, this workshop). */
export async function findEarlier(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<EarlierIdea | undefined> {
  const row = await earlierIdeas(db, scope).where('a.id', '=', id).executeTakeFirst()
  return row ? presentEarlier(row) : undefined
}

export async function saveLink(
  db: Kysely<Database>,
  link: { boardId: string; ideaId: string; earlierIdeaId: string; linkedBy: string },
): Promise<void> {
  await db
    .insertInto('idea_links')
    .values({
      board_id: link.boardId,
      shape_id: link.ideaId,
      archived_idea_id: link.earlierIdeaId,
      linked_by: link.linkedBy,
    })
    .onConflict((oc) =>
      oc.columns(['board_id', 'shape_id']).doUpdateSet({
        archived_idea_id: link.earlierIdeaId,
        linked_by: link.linkedBy,
        created_at: new Date(),
      }),
    )
    .execute()
}

export function deleteLink(db: Kysely<Database>, boardId: string, ideaId: string): Promise<boolean> {
  return deleteRows(db, 'idea_links', { board_id: boardId, shape_id: ideaId })
}

/** The board's links, each with the earlier idea it names (kept within the board's scope). */
export async function listLinks(db: Kysely<Database>, scope: Scope, boardId: string) {
  const rows = await earlierIdeas(db, scope)
    .innerJoin('idea_links as l', 'l.archived_idea_id', 'a.id')
    .select('l.shape_id')
    .where('l.board_id', '=', boardId)
    .orderBy('l.created_at')
    .execute()
  return rows.map((row) => ({ ideaId: row.shape_id, earlier: presentEarlier(row) }))
}

/** Ideas left outside clusters in the contract's converted workshops, not yet brought onto a board. */
export function listWaiting(db: Kysely<Database>, councilId: string, contractId: string) {
  return db
    .selectFrom('archived_ideas as a')
    .innerJoin('workshops as w', 'w.id', 'a.workshop_id')
    .select([
      'a.id',
      'a.text',
      'a.priority_code',
      'a.action_code',
      'a.workshop_id',
      'w.title as workshop_title',
      sql<Date | string>`coalesce(w.closed_at, a.converted_at)`.as('date'),
    ])
    .where('a.council_id', '=', councilId)
    .where('a.contract_id', '=', contractId)
    .where('a.loose', '=', true)
    .where('a.carried_to', 'is', null)
    .orderBy('a.priority_code')
    .orderBy('date', 'desc')
    .orderBy('a.text')
    .execute()
}

/** The waiting ideas named by `ids` that may be brought onto `scope`'s workshop. */
export function findCarriable(db: Kysely<Database>, scope: Scope, ids: string[]) {
  return db
    .selectFrom('archived_ideas')
    .select(['id', 'text', 'priority_code', 'action_code'])
    .where('council_id', '=', scope.councilId)
    .where('contract_id', '=', scope.contractId)
    .where('workshop_id', '<>', scope.workshopId)
    .where('loose', '=', true)
    .where('carried_to', 'is', null)
    .where('id', 'in', ids)
    .execute()
}

export async function markCarried(db: Kysely<Database>, ids: string[], workshopId: string): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('archived_ideas')
    .set({ carried_to: workshopId, carried_at: new Date() })
    .where('id', 'in', ids)
    .execute()
}
