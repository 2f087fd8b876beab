import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  ApplicationCreated,
  ApplicationInput,
  applicationTokenHeader,
  CarrierApplication,
  PublicCall,
  PublicCallsQuery,
} from '../../shared/api/calls.ts'
import { errorResponses, IdParams } from '../../shared/api/common.ts'
import { listProjectActors } from '../actors/repository.ts'
import { generateToken, hashToken } from '../auth/tokens.ts'
import { invalidField, notFound } from '../errors.ts'
import { applicationPriority, assertOpen, checkAnswers } from './checks.ts'
import { presentCarrierApplication, presentPublicCall } from './present.ts'
import {
  type ApplicationValues,
  findApplicationByToken,
  findPublicCall,
  insertApplication,
  listOpenCalls,
  type PublicCallRow,
  readStoredApplication,
  updateApplication,
} from './repository.ts'

/** Every answer together, in characters: a form of many long answers is still one reasonable page. */
const maxAnswersLength = 100_000
/** The body of an application (the schema's sizes fit well under it). */
const applicationBodyLimit = 512 * 1024

const TokenHeaders = Type.Object({
  [applicationTokenHeader]: Type.Optional(Type.String({ maxLength: 200 })),
})

/**
 * Calls for projects without an account (DESIGN.md, "Calls for projects"): the open calls of the instance, one call
 * and its form, applying, and the carrier's private link to read and edit the application until the call
 * closes. The link's token travels in the `X-Application-Token` header (the page keeps it in the URL
 * fragment, which browsers never send); only its SHA-256 is stored. A robot that fills the honeypot
 * field `website` is answered like a success and nothing is stored, so it learns nothing to adapt to.
 * Applying, reading and editing share one ceiling of requests per address.
 */
export async function publicCallRoutes(
  app: FastifyInstance,
  options: { rateLimits: { applications: number } },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const db = () => app.store.db
  const applicationRequests = app.rateLimit({ max: options.rateLimits.applications, timeWindow: 60_000 })

  async function publicCall(id: string): Promise<PublicCallRow> {
    const call = await findPublicCall(db(), id)
    if (!call) throw notFound('Appel')
    return call
  }

  /** The body's values, checked against the call (answers, priority, sizes). */
  function applicationValues(call: PublicCallRow, body: ApplicationInput): ApplicationValues {
    const total = Object.values(body.answers).reduce<number>((n, a) => n + String(a).length, 0)
    if (total > maxAnswersLength)
      throw invalidField(
        'answers',
        `Réponses trop longues (${maxAnswersLength} caractères en tout).`,
        'too_long',
      )
    return {
      carrier: {
        name: body.carrier.name.trim(),
        kind: body.carrier.kind,
        email: body.carrier.email.trim().toLowerCase(),
      },
      title: body.title.trim(),
      summary: body.summary.trim(),
      answers: checkAnswers(call.questions, body.answers),
      budgetCents: body.budget == null ? null : Math.round(body.budget * 100),
      priorityCode: applicationPriority(call.priority_codes, body.priorityCode),
    }
  }

  /** The application the request's token opens; 404 for a wrong or missing token, as for an unknown id. */
  async function carriersApplication(request: FastifyRequest<{ Params: { id: string } }>) {
    const token = request.headers[applicationTokenHeader]
    const row =
      typeof token === 'string' && token.length > 0
        ? await findApplicationByToken(db(), request.params.id, hashToken(token))
        : undefined
    if (!row?.call_id) throw notFound('Candidature')
    const call = await publicCall(row.call_id)
    return { row, call }
  }

  async function carrierView(row: Parameters<typeof presentCarrierApplication>[0], call: PublicCallRow) {
    const [carrier] = (await listProjectActors(db(), [row.id])).filter((a) => a.role === 'carrier')
    return presentCarrierApplication(row, call, carrier)
  }

  api.get(
    '/api/public/calls',
    {
      schema: {
        tags: ['calls'],
        summary: 'The open calls of the instance, closing soonest first (no account)',
        description: '`council` a council’s slug, `priority` a priority code: only the calls that match.',
        querystring: PublicCallsQuery,
        response: { 200: Type.Array(PublicCall), ...errorResponses },
      },
    },
    async (request) => (await listOpenCalls(db(), request.query)).map(presentPublicCall),
  )

  api.get(
    '/api/public/calls/:id',
    {
      schema: {
        tags: ['calls'],
        summary: 'One call and its questions (no account); `state` says whether it takes applications',
        params: IdParams,
        response: { 200: PublicCall, ...errorResponses },
      },
    },
    async (request) => presentPublicCall(await publicCall(request.params.id)),
  )

  api.post(
    '/api/public/calls/:id/applications',
    {
      onRequest: applicationRequests,
      bodyLimit: applicationBodyLimit,
      schema: {
        tags: ['calls'],
        summary: 'Apply to an open call (no account): 201 `{id, projectId, editToken}`',
        description:
          'The application becomes a project record (status `candidature`) of the call’s council, contract and priority (`priorityCode` among the call’s, required when it has several), carried by an actor named `carrier.name`. Answers are checked against the questions (required, number, choice, sizes). `editToken` is shown once: send it in the `X-Application-Token` header to read and edit the application until the call closes. 409 `call_not_open` before the opening, `call_closed` after the closing; 429 `rate_limited` past the ceiling per address.',
        params: IdParams,
        body: ApplicationInput,
        response: { 201: ApplicationCreated, ...errorResponses },
      },
    },
    async (request, reply) => {
      const call = await publicCall(request.params.id)
      assertOpen(call)
      const values = applicationValues(call, request.body)
      const editToken = generateToken()
      reply.status(201)
      if (request.body.website?.trim()) {
        request.log.info({ callId: call.id }, 'application honeypot filled: dropped')
        const id = crypto.randomUUID()
        return { id, projectId: id, editToken }
      }
      const id = await insertApplication(db(), call, values, hashToken(editToken))
      return { id, projectId: id, editToken }
    },
  )

  api.get(
    '/api/public/applications/:id',
    {
      onRequest: applicationRequests,
      schema: {
        tags: ['calls'],
        summary: 'An application, read by its carrier with the private link’s token (`X-Application-Token`)',
        description:
          '404 for a wrong token as for an unknown id. `editable` is false once the call has closed.',
        params: IdParams,
        headers: TokenHeaders,
        response: { 200: CarrierApplication, ...errorResponses },
      },
    },
    async (request) => {
      const { row, call } = await carriersApplication(request)
      return carrierView(row, call)
    },
  )

  api.put(
    '/api/public/applications/:id',
    {
      onRequest: applicationRequests,
      bodyLimit: applicationBodyLimit,
      schema: {
        tags: ['calls'],
        summary:
          'The carrier’s edit of its application until the call closes (token in `X-Application-Token`)',
        description:
          'The whole application again, as when applying; the record gets a new version and a history entry. 409 `call_closed` after the closing date; 404 for a wrong token.',
        params: IdParams,
        headers: TokenHeaders,
        body: ApplicationInput,
        response: { 200: CarrierApplication, ...errorResponses },
      },
    },
    async (request) => {
      const { row, call } = await carriersApplication(request)
      assertOpen(call)
      const values = applicationValues(call, request.body)
      await updateApplication(db(), row, values, readStoredApplication(row.application, row.created_at))
      const { row: updated } = await carriersApplication(request)
      return carrierView(updated, call)
    },
  )
}
