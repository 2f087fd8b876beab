import type { FastifyInstance } from 'fastify'
import type { ActorType } from '../../../shared/projects/record.ts'
import { replaceProjectActors, upsertActor } from '../../actors/repository.ts'
import { json } from '../../db/connect.ts'
import { signUp } from '../../testing/app.ts'
import { createContract } from '../../testing/workshops.ts'
import type { CallCriterionRow, CallQuestionRow } from '../tables.ts'

/**
 * A council with a call and its applications, for the review and export suites, through the routes a
 * council and a carrier use: `POST /api/calls`, then `POST /api/public/calls/:id/applications` (each
 * application a project record with status `candidature`, `call_id`, its answers and a carrier actor).
 */

export const reviewCriteria: CallCriterionRow[] = [
  { id: 'impact', label: 'Impact sur le territoire', weight: 2 },
  { id: 'ess', label: 'Ancrage dans l’économie sociale et solidaire', weight: 1 },
]

/** The stage question offers a hostile choice too: what a carrier picks reaches the exports. */
export const hostileChoice = "-2+3+cmd|'/C calc'!A0"

export const reviewQuestions: CallQuestionRow[] = [
  { id: 'public', label: 'Quel public visez-vous ?', type: 'long', required: true },
  { id: 'jobs', label: 'Emplois créés', type: 'number', required: false },
  {
    id: 'stage',
    label: 'Stade du projet',
    type: 'choice',
    required: true,
    choices: ['Idée', 'Lancé', hostileChoice],
  },
]

export interface NewApplication {
  title: string
  summary?: string
  carrier?: { name: string; type: ActorType }
  email?: string
  answers?: Record<string, string | number>
  budget?: number | null
  priorityCode?: string | null
}

/** POSTs `payload` to `url` (with `cookie` if given); the answer's body, or throws unless it is a 201. */
async function postCreated(
  app: FastifyInstance,
  what: string,
  request: { url: string; cookie?: string; payload: Record<string, unknown> },
): Promise<any> {
  const response = await app.inject({
    method: 'POST',
    url: request.url,
    headers: request.cookie ? { cookie: request.cookie } : {},
    payload: request.payload,
  })
  if (response.statusCode !== 201) throw new Error(`${what}: ${response.statusCode} ${response.body}`)
  return response.json()
}

/** What the suites may choose of a call; the rest is `reviewCall`'s. */
export interface CallOptions {
  title?: string
  criteria?: CallCriterionRow[]
  questions?: CallQuestionRow[]
}

/** The suites' call, however it is written: on priority P1, opened a day ago, closing in a month. */
function reviewCall(options: CallOptions) {
  return {
    title: options.title ?? 'Appel à projets Tiers-lieux 2027',
    description: 'Des lieux partagés dans chaque commune.',
    kind: 'call' as const,
    priorityCodes: ['P1'],
    opensAt: new Date(Date.now() - 86_400_000),
    closesAt: new Date(Date.now() + 30 * 86_400_000),
    questions: options.questions ?? reviewQuestions,
    criteria: options.criteria ?? reviewCriteria,
  }
}

/** Opens the suites' call (`reviewCall`) on `contractId` as the member of `cookie`. */
export async function openCall(
  app: FastifyInstance,
  cookie: string,
  contractId: string,
  options: CallOptions = {},
): Promise<string> {
  const call = reviewCall(options)
  const created = await postCreated(app, 'openCall', {
    url: '/api/calls',
    cookie,
    payload: {
      contractId,
      ...call,
      opensAt: call.opensAt.toISOString(),
      closesAt: call.closesAt.toISOString(),
    },
  })
  return created.id
}

/** A carrier applies to `callId` without an account; returns the application's record id. */
export async function apply(
  app: FastifyInstance,
  callId: string,
  application: NewApplication,
): Promise<string> {
  const created = await postCreated(app, 'apply', {
    url: `/api/public/calls/${callId}/applications`,
    payload: {
      carrier: {
        name: application.carrier?.name ?? 'Association des Abers',
        kind: application.carrier?.type ?? 'association',
        email: application.email ?? 'contact@example.fr',
      },
      title: application.title,
      summary: application.summary ?? '',
      answers: application.answers ?? { public: 'Tout le monde', stage: 'Idée' },
      budget: application.budget ?? null,
    },
  })
  return created.projectId
}

/** Writes the suites' call (`reviewCall`) of `councilId` on `contractId` straight into the store; returns its id. */
export async function insertCall(
  app: FastifyInstance,
  councilId: string,
  contractId: string,
  options: CallOptions = {},
): Promise<string> {
  const id = crypto.randomUUID()
  const call = reviewCall(options)
  await app.store.db
    .insertInto('calls')
    .values({
      id,
      council_id: councilId,
      contract_id: contractId,
      title: call.title,
      description: call.description,
      kind: call.kind,
      priority_codes: json(call.priorityCodes),
      opens_at: call.opensAt,
      closes_at: call.closesAt,
      questions: json(call.questions),
      criteria: json(call.criteria),
    })
    .execute()
  return id
}

/**
 * Writes a project record of `councilId` straight into the store: an application to `callId` (status
 * `candidature`), or, with `callId` null, a record that answers no call (as conversion makes them,
 * without a board). Returns its id.
 */
export async function insertApplication(
  app: FastifyInstance,
  councilId: string,
  contractId: string,
  callId: string | null,
  application: NewApplication,
): Promise<string> {
  const db = app.store.db
  const id = crypto.randomUUID()
  const now = new Date().toISOString()
  await db
    .insertInto('projects')
    .values({
      id,
      council_id: councilId,
      workshop_id: null,
      contract_id: contractId,
      cluster_id: `application-${id}`,
      title: application.title,
      summary: application.summary ?? '',
      priority_code: application.priorityCode ?? 'P1',
      action_code: null,
      budget_cents: application.budget == null ? null : Math.round(application.budget * 100),
      status: callId ? 'candidature' : 'emerging',
      provenance: json({
        workshopId: null,
        workshopTitle: '',
        clusterId: `application-${id}`,
        clusterTitle: '',
        zoneId: null,
        ideas: [],
        contributors: [],
        totalDots: 0,
        convertedAt: now,
      }),
      call_id: callId,
      application: callId
        ? json({
            answers: application.answers ?? {},
            contact: { email: application.email ?? 'contact@example.fr' },
            carrierKind: application.carrier?.type ?? 'association',
            submittedAt: now,
            updatedAt: now,
          })
        : null,
    })
    .execute()
  if (application.carrier) {
    const actor = await upsertActor(db, councilId, application.carrier.name, application.carrier.type)
    await replaceProjectActors(db, id, [{ actorId: actor.id, role: 'carrier', partnerRole: '', position: 0 }])
  }
  return id
}

/** A record of the council that answers no call. */
export const insertPlainRecord = (
  app: FastifyInstance,
  councilId: string,
  contractId: string,
  title: string,
) => insertApplication(app, councilId, contractId, null, { title })

/** A council (its first member's cookie and ids), its contract, and an open call with its criteria. */
export async function councilWithCall(app: FastifyInstance, councilName?: string) {
  const member = await signUp(app, councilName ? { councilName } : {})
  const contract = await createContract(app, member.cookie)
  const callId = await openCall(app, member.cookie, contract.id)
  return { member, contract, callId }
}
