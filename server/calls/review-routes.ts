import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { IdParams } from '../../shared/api/common.ts'
import { requireAccount } from '../auth/session-plugin.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { listContractsById } from '../contracts/repository.ts'
import { councilCall } from '../http/council-lookups.ts'
import { asDownload, csvFileSchema, mediaTypes } from '../http/download.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { presentRows } from '../projects/records.ts'
import {
  applicationsToCsv,
  applicationsToDocx,
  type ReviewedApplication,
  type ReviewedCall,
  readApplication,
} from './review-exports.ts'

/**
 * The exports of a call's applications for its review (council members): a table as CSV for a French
 * spreadsheet and one DOCX for the programming committee (review-exports.ts). Scores and decisions are
 * written with `PATCH /api/projects/:id` `{review}` (review.ts).
 */
export async function reviewRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const route = signedInRoutes(app, 'calls')
  const db = () => app.store.db

  /** The call of the actor's council and its applications; 404 for another council's call. */
  async function reviewedCall(
    actor: AccountActor,
    callId: string,
  ): Promise<{ call: ReviewedCall; applications: ReviewedApplication[] }> {
    const row = await councilCall(db(), actor.councilId, callId)
    const [contract] = await listContractsById(db(), [row.contract_id])
    const projects = await db()
      .selectFrom('projects')
      .selectAll()
      .where('call_id', '=', row.id)
      .where('council_id', '=', actor.councilId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    const records = await presentRows(db(), projects)
    return {
      call: {
        title: row.title,
        kind: row.kind,
        contractTitle: contract?.title ?? '',
        opensAt: new Date(row.opens_at).toISOString(),
        closesAt: new Date(row.closes_at).toISOString(),
        questions: row.questions,
        criteria: row.criteria,
      },
      applications: records.map((record, i) => ({
        record,
        application: readApplication(projects[i]!.application),
      })),
    }
  }

  api.get(
    '/api/calls/:id/applications.csv',
    {
      schema: {
        tags: ['calls'],
        summary: 'A call’s applications as CSV for a French spreadsheet (UTF-8 with BOM, `;` separators)',
        description:
          'One row per application, best weighted score first: carrier, contact, priority, budget, submission date, summary, one column per question and per criterion, weighted score (0 to 5), decision, reason, status. Council members only.',
        params: IdParams,
        ...csvFileSchema,
      },
    },
    async (request, reply) => {
      const { call, applications } = await reviewedCall(requireAccount(request), request.params.id)
      asDownload(reply, 'candidatures.csv', mediaTypes.csv)
      return applicationsToCsv(call, applications)
    },
  )

  route.get(
    '/api/calls/:id/applications.docx',
    {
      summary: 'A call’s applications as one DOCX for the programming committee',
      description:
        'A summary table (best weighted score first), then one section per application: carrier, title, summary, answers, budget, scores per criterion, weighted score, decision and reason. Council members only.',
      params: IdParams,
      produces: [mediaTypes.docx],
      response: { 200: {} },
    },
    async (actor, request, reply) => {
      const { call, applications } = await reviewedCall(actor, request.params.id)
      asDownload(reply, 'candidatures-comite.docx', mediaTypes.docx)
      return applicationsToDocx(call, applications)
    },
  )
}
