import { Type } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ApplicationSummary, Call, CallInput, CallListQuery, CallPatch } from '../../shared/api/calls.ts'
import { IdParams } from '../../shared/api/common.ts'
import { listProjectActors } from '../actors/repository.ts'
import { listContractsById } from '../contracts/repository.ts'
import { conflict } from '../errors.ts'
import { councilCall, councilContract } from '../http/council-lookups.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { type CallFields, callState, checkCall, storedQuestion } from './checks.ts'
import { presentApplicationSummary, presentCall } from './present.ts'
import {
  type CallValues,
  countApplications,
  insertCall,
  listCallApplications,
  listCalls,
  updateCall,
} from './repository.ts'
import type { CallRow } from './tables.ts'

/**
 * A council's calls for projects and calls for expressions of interest (DESIGN.md, "Calls for projects"): create one
 * on a contract of the council, list, read, edit until it closes, and list its applications. Another
 * council's call is 404, as an unknown one.
 */
export async function callRoutes(app: FastifyInstance): Promise<void> {
  const route = signedInRoutes(app, 'calls')
  const db = () => app.store.db

  async function present(rows: CallRow[]): Promise<Call[]> {
    const contracts = await listContractsById(db(), [...new Set(rows.map((r) => r.contract_id))])
    const titles = new Map(contracts.map((c) => [c.id, c.title]))
    const counts = await countApplications(
      db(),
      rows.map((r) => r.id),
    )
    return rows.map((r) => presentCall(r, titles.get(r.contract_id) ?? '', counts.get(r.id) ?? 0))
  }

  const values = (body: CallValues & CallFields): CallValues => ({
    ...body,
    title: body.title.trim(),
    questions: body.questions.map(storedQuestion),
    opensAt: new Date(body.opensAt).toISOString(),
    closesAt: new Date(body.closesAt).toISOString(),
  })

  route.post(
    '/api/calls',
    {
      summary: 'Create a call for projects (`call`) or for expressions of interest (`ami`) on a contract',
      description:
        'Priorities and fiches-actions are codes of the contract (the actions among the chosen priorities); the call closes after it opens; question ids and criterion ids are unique; a choice question has at least two choices. 400 `invalid_field` names the field at fault.',
      body: CallInput,
      response: { 201: Call },
    },
    async (actor, request, reply) => {
      const body = request.body
      const contract = await councilContract(db(), actor.councilId, body.contractId)
      const fields = { ...body, actionCodes: body.actionCodes ?? [], criteria: body.criteria ?? [] }
      checkCall(fields, contract.priorities)
      const row = await insertCall(db(), {
        ...values(fields),
        councilId: actor.councilId,
        contractId: contract.id,
        createdBy: actor.userId,
      })
      reply.status(201)
      return presentCall(row, contract.title, 0)
    },
  )

  route.get(
    '/api/calls',
    {
      summary: "The council's calls, the latest closing first (optionally of one contract)",
      querystring: CallListQuery,
      response: { 200: Type.Array(Call) },
    },
    async (actor, request) => {
      return present(await listCalls(db(), actor.councilId, request.query.contractId))
    },
  )

  route.get(
    '/api/calls/:id',
    {
      summary: 'One call of the council, with its review grid and its number of applications',
      params: IdParams,
      response: { 200: Call },
    },
    async (actor, request) => {
      const [call] = await present([await councilCall(db(), actor.councilId, request.params.id)])
      return call!
    },
  )

  route.patch(
    '/api/calls/:id',
    {
      summary: 'Edit a call until it closes (409 `call_closed` after)',
      description:
        'Any field of POST /api/calls but the contract; the same checks apply to the call as it will be. Answers already sent to a removed question stay in their records.',
      params: IdParams,
      body: CallPatch,
      response: { 200: Call },
    },
    async (actor, request) => {
      const call = await councilCall(db(), actor.councilId, request.params.id)
      if (callState(call) === 'closed')
        throw conflict('Cet appel est clos : il ne se modifie plus.', 'call_closed')
      const contract = await councilContract(db(), actor.councilId, call.contract_id)
      const merged = {
        title: call.title,
        description: call.description,
        kind: call.kind,
        priorityCodes: call.priority_codes,
        actionCodes: call.action_codes,
        opensAt: new Date(call.opens_at).toISOString(),
        closesAt: new Date(call.closes_at).toISOString(),
        questions: call.questions,
        criteria: call.criteria,
        ...request.body,
      }
      checkCall(merged, contract.priorities)
      const [updated] = await present([await updateCall(db(), call.id, values(merged))])
      return updated!
    },
  )

  route.get(
    '/api/calls/:id/applications',
    {
      summary: "A call's applications, oldest first",
      description:
        'Each `{projectId, title, carrier, submittedAt, score?, decision?}` (DESIGN.md, "Calls for projects"), with the priority, budget (euros) and status of its record; `score` is the weighted mean on the call’s criteria (0 to 5) once every criterion is scored, `decision` once one is recorded.',
      params: IdParams,
      response: { 200: Type.Array(ApplicationSummary) },
    },
    async (actor, request) => {
      const call = await councilCall(db(), actor.councilId, request.params.id)
      const rows = await listCallApplications(db(), actor.councilId, call.id)
      const actors = await listProjectActors(
        db(),
        rows.map((r) => r.id),
      )
      const carrierOf = (id: string) => actors.find((a) => a.projectId === id && a.role === 'carrier')
      return rows.map((row) => presentApplicationSummary(row, call, carrierOf(row.id)))
    },
  )
}
