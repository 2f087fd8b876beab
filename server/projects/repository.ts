import { type Kysely, sql, type Updateable } from 'kysely'
import type { Review } from '../../shared/api/review.ts'
import type { SupportKind } from '../../shared/followup/record.ts'
import type {
  EditableField,
  FundingSource,
  HistoryEntry,
  Indicator,
  LooseIdeas,
  ProjectStatus,
  Provenance,
} from '../../shared/projects/record.ts'
import { json } from '../db/connect.ts'
import type { Database } from '../db/schema.ts'
import type { BoardSnapshotRow, ProjectRow, ProjectTable } from './tables.ts'

/** Filters of the project list; every one optional. */
export interface ProjectFilters {
  workshopId?: string
  contractId?: string
  priorityCode?: string
  actionCode?: string
  status?: ProjectStatus
  /** Records asking for this kind of support. */
  supportKind?: SupportKind
}

/** A record to create from a cluster at conversion. */
export interface NewProject {
  id: string
  councilId: string
  workshopId: string
  contractId: string
  clusterId: string
  title: string
  summary: string
  objectives: string
  priorityCode: string | null
  actionCode: string | null
  provenance: Provenance
  needsPriority: boolean
  snapshotId: string
}

/** Column values of a change to a record (a subset of its columns). */
export interface ProjectColumns {
  title?: string
  summary?: string
  priority_code?: string | null
  action_code?: string | null
  objectives?: string
  expected_outcomes?: string
  budget_cents?: number | null
  funding_sources?: FundingSource[]
  schedule_start?: string | null
  schedule_end?: string | null
  indicators?: Indicator[]
  status?: ProjectStatus
  support_needed?: string
  risk_to_secure?: string
  evaluation?: string
  evaluation_worked?: string
  evaluation_not_worked?: string
  evaluation_lessons?: string
  provenance?: Provenance
  edited_fields?: EditableField[]
  cluster_missing?: boolean
  needs_priority?: boolean
  snapshot_id?: string | null
  /** An application's review (calls/review.ts). */
  review?: Review | null
  /** The showcase's switch and fields (showcase/publication.ts). */
  published?: boolean
  public_fields?: string[]
}

/** A history entry to write: one change of a record's field, its id and time given by the insert. */
export type NewHistoryRow = Omit<HistoryEntry, 'id' | 'at'> & { projectId: string }

/** Who wrote each idea and cluster of a board, as the server recorded it (shape_authors). */
export async function listShapeAuthors(
  db: Kysely<Database>,
  boardId: string,
): Promise<{ shapeId: string; displayName: string }[]> {
  const rows = await db
    .selectFrom('shape_authors')
    .select(['shape_id', 'display_name'])
    .where('board_id', '=', boardId)
    .orderBy('shape_id')
    .execute()
  return rows.map((row) => ({ shapeId: row.shape_id, displayName: row.display_name }))
}

/**
 * Keeps the board as it was at a conversion, with the ideas left outside clusters. `createdAt` is given
 * only by a council archive's import (the conversion's own time); `convertedBy` is null there once the
 * account that converted is gone.
 */
export async function insertBoardSnapshot(
  db: Kysely<Database>,
  snapshot: {
    id: string
    workshopId: string
    boardId: string
    records: Record<string, unknown>
    votes: Record<string, Record<string, number>>
    yjsState: Uint8Array
    looseIdeas: LooseIdeas
    convertedBy: string | null
    createdAt?: string
  },
): Promise<void> {
  await db
    .insertInto('board_snapshots')
    .values({
      id: snapshot.id,
      workshop_id: snapshot.workshopId,
      board_id: snapshot.boardId,
      records: json(snapshot.records),
      votes: json(snapshot.votes),
      yjs_state: snapshot.yjsState,
      loose_ideas: json(snapshot.looseIdeas),
      converted_by: snapshot.convertedBy,
      created_at: snapshot.createdAt,
    })
    .execute()
}

/** One snapshot, without its Yjs state. */
export function findBoardSnapshot(
  db: Kysely<Database>,
  snapshotId: string,
): Promise<Omit<BoardSnapshotRow, 'yjs_state'> | undefined> {
  return db
    .selectFrom('board_snapshots')
    .select([
      'id',
      'workshop_id',
      'board_id',
      'records',
      'votes',
      'loose_ideas',
      'converted_by',
      'created_at',
    ])
    .where('id', '=', snapshotId)
    .executeTakeFirst()
}

/** The latest conversion of a workshop (its snapshot's id, time and loose ideas), if any. */
export function findLatestConversion(db: Kysely<Database>, workshopId: string) {
  return db
    .selectFrom('board_snapshots')
    .select(['id', 'created_at', 'loose_ideas', 'converted_by'])
    .where('workshop_id', '=', workshopId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** The records made from a workshop's board: a query the callers order (and lock). */
function workshopProjects(db: Kysely<Database>, workshopId: string) {
  return db.selectFrom('projects').selectAll().where('workshop_id', '=', workshopId)
}

/** Every record made from a workshop's board. */
export function listWorkshopProjects(db: Kysely<Database>, workshopId: string): Promise<ProjectRow[]> {
  return workshopProjects(db, workshopId).orderBy('created_at').execute()
}

/**
 * Every record of a workshop, locked until the transaction ends. Conversion decides from `edited_fields`
 * what it may overwrite: without the lock, a person's edit committed between this read and the
 * conversion's write would be overwritten. With it, the read waits for that edit and sees it.
 */
export function lockWorkshopProjects(db: Kysely<Database>, workshopId: string): Promise<ProjectRow[]> {
  return workshopProjects(db, workshopId).orderBy('id').forUpdate().execute()
}

/** Creates records, in one statement. */
export async function insertProjects(db: Kysely<Database>, projects: NewProject[]): Promise<void> {
  if (projects.length === 0) return
  await db
    .insertInto('projects')
    .values(
      projects.map((p) => ({
        id: p.id,
        council_id: p.councilId,
        workshop_id: p.workshopId,
        contract_id: p.contractId,
        cluster_id: p.clusterId,
        title: p.title,
        summary: p.summary,
        objectives: p.objectives,
        priority_code: p.priorityCode,
        action_code: p.actionCode,
        provenance: json(p.provenance),
        needs_priority: p.needsPriority,
        snapshot_id: p.snapshotId,
      })),
    )
    .execute()
}

/** The jsonb columns among ProjectColumns: written through json(). */
const jsonColumns = new Set<keyof ProjectColumns>([
  'funding_sources',
  'indicators',
  'provenance',
  'edited_fields',
  'review',
  'public_fields',
])

/**
 * Applies a change and (unless told otherwise) bumps the version, returning the new row. Callers hold the row lock
 * (lockProject) or the workshop lock, and have checked the version they were sent.
 */
export async function updateProject(
  db: Kysely<Database>,
  projectId: string,
  columns: ProjectColumns,
  options: { bumpVersion: boolean } = { bumpVersion: true },
): Promise<ProjectRow> {
  const set: Updateable<ProjectTable> = {}
  for (const [key, value] of Object.entries(columns) as [keyof ProjectColumns, unknown][]) {
    if (value === undefined) continue
    if (jsonColumns.has(key)) (set as any)[key] = json(value)
    else (set as any)[key] = value
  }
  return db
    .updateTable('projects')
    .set(set)
    .$if(options.bumpVersion, (q) =>
      q.set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() })),
    )
    .where('id', '=', projectId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Moves records that a re-conversion found unchanged to the new snapshot, in one statement: only the
 * snapshot link and the conversion time change, so the version stays (no needless 409 for editors).
 */
export async function touchProjects(
  db: Kysely<Database>,
  projectIds: string[],
  snapshotId: string,
  convertedAt: string,
): Promise<void> {
  if (projectIds.length === 0) return
  await db
    .updateTable('projects')
    .set({
      snapshot_id: snapshotId,
      provenance: sql<Provenance>`jsonb_set(provenance, '{convertedAt}', to_jsonb(${convertedAt}::text))`,
    })
    .where('id', 'in', projectIds)
    .execute()
}

/** One record, locked until the transaction ends, so a version check and its write are one step. */
export function lockProject(db: Kysely<Database>, projectId: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', projectId).forUpdate().executeTakeFirst()
}

export function findProject(db: Kysely<Database>, projectId: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst()
}

/** The council's records: a query the callers narrow, order (and lock). */
export function councilProjects(db: Kysely<Database>, councilId: string) {
  return db.selectFrom('projects').selectAll().where('council_id', '=', councilId)
}

/** The council's records matching the filters, by priority, action, then title. */
export function listProjects(
  db: Kysely<Database>,
  councilId: string,
  filters: ProjectFilters,
): Promise<ProjectRow[]> {
  let query = councilProjects(db, councilId)
  if (filters.workshopId) query = query.where('workshop_id', '=', filters.workshopId)
  if (filters.contractId) query = query.where('contract_id', '=', filters.contractId)
  if (filters.priorityCode) query = query.where('priority_code', '=', filters.priorityCode)
  if (filters.actionCode) query = query.where('action_code', '=', filters.actionCode)
  if (filters.status) query = query.where('status', '=', filters.status)
  if (filters.supportKind)
    query = query.where(
      sql<boolean>`support_kinds @> (${JSON.stringify([filters.supportKind])}::text)::jsonb`,
    )
  return query.orderBy('priority_code').orderBy('action_code').orderBy('title').orderBy('id').execute()
}

/** Which priorities and actions of these contracts have at least one record that is not abandoned. */
export function listCoveredCodes(db: Kysely<Database>, councilId: string, contractIds: string[]) {
  if (contractIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('projects')
    .select(['contract_id', 'priority_code', 'action_code'])
    .distinct()
    .where('council_id', '=', councilId)
    .where('contract_id', 'in', contractIds)
    .where('status', '<>', 'abandoned')
    .execute()
}

export async function insertHistory(db: Kysely<Database>, rows: NewHistoryRow[]): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('project_history').values(rows.map(historyRow)).execute()
}

/** A history entry as its `project_history` row (its time, `at`, is the insert's unless given). */
export function historyRow(r: NewHistoryRow) {
  return {
    project_id: r.projectId,
    user_id: r.userId,
    user_name: r.userName,
    source: r.source,
    field: r.field,
    old_value: json(r.oldValue ?? null),
    new_value: json(r.newValue ?? null),
  }
}

/** A record's history, newest first. */
export async function listHistory(db: Kysely<Database>, projectId: string) {
  const rows = await db
    .selectFrom('project_history')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({ ...r, id: Number(r.id) }))
}

/** The council's contract ids. */
export async function listCouncilContractIds(db: Kysely<Database>, councilId: string): Promise<string[]> {
  const rows = await db.selectFrom('contracts').select('id').where('council_id', '=', councilId).execute()
  return rows.map((r) => r.id)
}

/** Workshop titles (and councils) by id. */
export function listWorkshopTitles(db: Kysely<Database>, workshopIds: string[]) {
  if (workshopIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('workshops')
    .select(['id', 'title', 'council_id'])
    .where('id', 'in', workshopIds)
    .execute()
}

/** The workshop row, locked until the transaction ends: conversions of one workshop run one at a time. */
export function lockWorkshopForConversion(db: Kysely<Database>, workshopId: string) {
  return db
    .selectFrom('workshops')
    .select(['id', 'council_id', 'contract_id', 'title', 'phase'])
    .where('id', '=', workshopId)
    .forUpdate()
    .executeTakeFirst()
}

/**
 * The council's records from other workshops (or detached ones) whose title resembles `title`
 * (pg_trgm's similarity, at least `threshold`), most similar first. A council holds hundreds of
 * records at most: the council's rows are scanned (its index narrows them), no trigram index needed.
 */
export async function findSimilarProjects(
  db: Kysely<Database>,
  councilId: string,
  workshopId: string,
  title: string,
  threshold = 0.3,
  limit = 3,
) {
  const rows = await db
    .selectFrom('projects')
    .select(['id', 'title', 'provenance', sql<number>`similarity(title, ${title})`.as('similarity')])
    .where('council_id', '=', councilId)
    .where((eb) => eb.or([eb('workshop_id', 'is', null), eb('workshop_id', '<>', workshopId)]))
    .where(sql<boolean>`similarity(title, ${title}) >= ${threshold}`)
    .orderBy('similarity', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    projectId: row.id,
    title: row.title,
    workshopTitle: row.provenance.workshopTitle,
    similarity: Math.round(Number(row.similarity) * 100) / 100,
  }))
}

/** The council's records that clusters of `workshopId` were attached to at an earlier conversion, locked. */
export function lockAttachedProjects(db: Kysely<Database>, councilId: string, workshopId: string) {
  return councilProjects(db, councilId)
    .where(sql<boolean>`provenance->'attached' @> (${JSON.stringify([{ workshopId }])}::text)::jsonb`)
    .orderBy('id')
    .forUpdate()
    .execute()
}

/** The council's records among `ids`, locked (attaching a cluster to them). */
export function lockCouncilProjects(db: Kysely<Database>, councilId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([] as ProjectRow[])
  return councilProjects(db, councilId).where('id', 'in', ids).orderBy('id').forUpdate().execute()
}
