import { type Kysely, sql } from 'kysely'
import type { CallCriterion, CallQuestion } from '../../shared/api/calls.ts'
import type { ActorType } from '../../shared/projects/record.ts'
import { replaceProjectActors, upsertActor } from '../actors/repository.ts'
import { json } from '../db/connect.ts'
import type { Database } from '../db/schema.ts'
import { councilProjects, insertHistory } from '../projects/repository.ts'
import type { ProjectRow } from '../projects/tables.ts'
import type { CallKind, CallRow } from './tables.ts'

/** The calls table and the application columns of `projects` (calls/routes.ts, calls/public-routes.ts). */

export interface CallValues {
  title: string
  description: string
  kind: CallKind
  priorityCodes: string[]
  actionCodes: string[]
  opensAt: string
  closesAt: string
  questions: CallQuestion[]
  criteria: CallCriterion[]
}

const columns = (v: CallValues) => ({
  title: v.title,
  description: v.description,
  kind: v.kind,
  priority_codes: json(v.priorityCodes),
  action_codes: json(v.actionCodes),
  opens_at: v.opensAt,
  closes_at: v.closesAt,
  questions: json(v.questions),
  criteria: json(v.criteria),
})

export function insertCall(
  db: Kysely<Database>,
  call: CallValues & { councilId: string; contractId: string; createdBy: string },
): Promise<CallRow> {
  return db
    .insertInto('calls')
    .values({
      id: crypto.randomUUID(),
      council_id: call.councilId,
      contract_id: call.contractId,
      created_by: call.createdBy,
      ...columns(call),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function updateCall(db: Kysely<Database>, id: string, call: CallValues): Promise<CallRow> {
  return db
    .updateTable('calls')
    .set({ ...columns(call), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** A call by id, whatever its council (callers check it). */
export function findCall(db: Kysely<Database>, id: string): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The council's calls, the latest closing first, optionally of one contract. */
export function listCalls(db: Kysely<Database>, councilId: string, contractId?: string): Promise<CallRow[]> {
  let query = db.selectFrom('calls').selectAll().where('council_id', '=', councilId)
  if (contractId) query = query.where('contract_id', '=', contractId)
  return query.orderBy('closes_at', 'desc').orderBy('id').execute()
}

/** Applications per call. */
export async function countApplications(
  db: Kysely<Database>,
  callIds: string[],
): Promise<Map<string, number>> {
  if (callIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('projects')
    .select(['call_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('call_id', 'in', callIds)
    .groupBy('call_id')
    .execute()
  return new Map(rows.map((r) => [r.call_id as string, Number(r.n)]))
}

/** A call with what its public page names: its council and contract. */
export type PublicCallRow = CallRow & {
  council_name: string
  council_slug: string | null
  contract_title: string
  contract_priorities: Database['contracts']['priorities']['__select__']
}

function publicCalls(db: Kysely<Database>) {
  return db
    .selectFrom('calls')
    .innerJoin('councils', 'councils.id', 'calls.council_id')
    .innerJoin('contracts', 'contracts.id', 'calls.contract_id')
    .selectAll('calls')
    .select([
      'councils.name as council_name',
      'councils.slug as council_slug',
      'contracts.title as contract_title',
      'contracts.priorities as contract_priorities',
    ])
}

/** The instance's open calls, closing soonest first; by council slug and priority code when given. */
export function listOpenCalls(
  db: Kysely<Database>,
  filters: { council?: string; priority?: string },
  now = new Date(),
): Promise<PublicCallRow[]> {
  let query = publicCalls(db).where('calls.opens_at', '<=', now).where('calls.closes_at', '>', now)
  if (filters.council) query = query.where('councils.slug', '=', filters.council)
  if (filters.priority) query = query.where(sql<boolean>`calls.priority_codes @> ${json([filters.priority])}`)
  return query.orderBy('calls.closes_at').orderBy('calls.id').execute()
}

export function findPublicCall(db: Kysely<Database>, id: string): Promise<PublicCallRow | undefined> {
  return publicCalls(db).where('calls.id', '=', id).executeTakeFirst()
}

/** What the `application` jsonb holds. */
export interface StoredApplication {
  answers: Record<string, string | number>
  contact: { email: string }
  carrierKind: ActorType
  submittedAt: string
  updatedAt: string
}

/** The stored application, read leniently (written here, or by an archive import). */
export function readStoredApplication(value: unknown, createdAt: Date | string): StoredApplication {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<StoredApplication>
  const created = new Date(createdAt).toISOString()
  const submittedAt = typeof v.submittedAt === 'string' ? v.submittedAt : created
  return {
    answers: v.answers && typeof v.answers === 'object' ? v.answers : {},
    contact: { email: typeof v.contact?.email === 'string' ? v.contact.email : '' },
    carrierKind: (typeof v.carrierKind === 'string' ? v.carrierKind : 'autre') as ActorType,
    submittedAt,
    updatedAt: typeof v.updatedAt === 'string' ? v.updatedAt : submittedAt,
  }
}

export interface ApplicationValues {
  carrier: { name: string; kind: ActorType; email: string }
  title: string
  summary: string
  answers: Record<string, string | number>
  budgetCents: number | null
  priorityCode: string | null
}

/** Links the carrier (an actor of the council, shared with its other records by name). */
async function linkCarrier(db: Kysely<Database>, councilId: string, projectId: string, v: ApplicationValues) {
  const actor = await upsertActor(db, councilId, v.carrier.name, v.carrier.kind)
  await replaceProjectActors(db, projectId, [
    { actorId: actor.id, role: 'carrier', partnerRole: '', position: 0 },
  ])
}

/**
 * Stores an application as a project record of the call's council and contract (status `candidature`,
 * no workshop: its provenance names the call), with its carrier; `tokenHash` is the private link's.
 */
export async function insertApplication(
  db: Kysely<Database>,
  call: CallRow,
  v: ApplicationValues,
  tokenHash: string,
): Promise<string> {
  const id = crypto.randomUUID()
  const now = new Date().toISOString()
  const application: StoredApplication = {
    answers: v.answers,
    contact: { email: v.carrier.email },
    carrierKind: v.carrier.kind,
    submittedAt: now,
    updatedAt: now,
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('projects')
      .values({
        id,
        council_id: call.council_id,
        workshop_id: null,
        contract_id: call.contract_id,
        cluster_id: `application-${id}`,
        title: v.title,
        summary: v.summary,
        priority_code: v.priorityCode,
        action_code: null,
        budget_cents: v.budgetCents,
        status: 'candidature',
        provenance: json({
          workshopId: null,
          workshopTitle: '',
          clusterId: `application-${id}`,
          clusterTitle: call.title,
          zoneId: null,
          ideas: [],
          contributors: [],
          totalDots: 0,
          convertedAt: now,
        }),
        call_id: call.id,
        application: json(application),
        application_token_hash: tokenHash,
      })
      .execute()
    await linkCarrier(trx, call.council_id, id, v)
  })
  return id
}

/** The application `id` whose private link's token hashes to `tokenHash`; undefined otherwise. */
export function findApplicationByToken(
  db: Kysely<Database>,
  id: string,
  tokenHash: string,
): Promise<ProjectRow | undefined> {
  return db
    .selectFrom('projects')
    .selectAll()
    .where('id', '=', id)
    .where('application_token_hash', '=', tokenHash)
    .where('call_id', 'is not', null)
    .executeTakeFirst()
}

/**
 * The carrier's edit: the record's title, summary, budget and priority, the answers and contact, the
 * carrier; a new version with one history entry (source `edit`, no account) so the council sees it.
 */
export async function updateApplication(
  db: Kysely<Database>,
  row: ProjectRow,
  v: ApplicationValues,
  previous: StoredApplication,
): Promise<void> {
  const application: StoredApplication = {
    answers: v.answers,
    contact: { email: v.carrier.email },
    carrierKind: v.carrier.kind,
    submittedAt: previous.submittedAt,
    updatedAt: new Date().toISOString(),
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('projects')
      .set((eb) => ({
        title: v.title,
        summary: v.summary,
        budget_cents: v.budgetCents,
        priority_code: v.priorityCode,
        application: json(application),
        version: eb('version', '+', 1),
        updated_at: new Date(),
      }))
      .where('id', '=', row.id)
      .execute()
    await linkCarrier(trx, row.council_id, row.id, v)
    await insertHistory(trx, [
      {
        projectId: row.id,
        userId: null,
        userName: v.carrier.name,
        source: 'edit',
        field: 'application',
        oldValue: { title: row.title, summary: row.summary, answers: previous.answers },
        newValue: { title: v.title, summary: v.summary, answers: v.answers },
      },
    ])
  })
}

/** A call's applications, oldest first. */
export function listCallApplications(db: Kysely<Database>, councilId: string, callId: string) {
  return councilProjects(db, councilId)
    .where('call_id', '=', callId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}
