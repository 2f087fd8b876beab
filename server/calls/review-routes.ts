import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { errorResponses, IdParams } from '../../shared/api/common.ts'
import { requireAccount } from '../auth/session-plugin.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { listContractsById } from '../contracts/repository.ts'
import { notFound } from '../errors.ts'
import { presentRows } from '../projects/records.ts'
import {
  applicationsToCsv,
  applicationsToDocx,
  type ReviewedApplication,
  type ReviewedCall,
  readApplication,
} from './review-exports.ts'

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/**
 * The exports of a call's applications for its review (council members): a table as CSV for a French
 * spreadsheet and one DOCX for the programming committee (review-exports.ts). Scores and decisions are
 * written with `PATCH /api/projects/:id` `{review}` (review.ts).
 */
export async function reviewRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const db = () => app.store.db

  /** The call of the actor's council and its applications; 404 for another council's call. */
  async function reviewedCall(
    actor: AccountActor,
    callId: string,
  ): Promise<{ call: ReviewedCall; applications: ReviewedApplication[] }> {
    const row = await db().selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst()
    if (!row || row.council_id !== actor.councilId) throw notFound('Appel')
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
        produces: ['text/csv'],
        response: { 200: { type: 'string' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { call, applications } = await reviewedCall(requireAccount(request), request.params.id)
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="candidatures.csv"')
      return applicationsToCsv(call, applications)
    },
  )

  api.get(
    '/api/calls/:id/applications.docx',
    {
      schema: {
        tags: ['calls'],
        summary: 'A call’s applications as one DOCX for the programming committee',
        description:
          'A summary table (best weighted score first), then one section per application: carrier, title, summary, answers, budget, scores per criterion, weighted score, decision and reason. Council members only.',
        params: IdParams,
        produces: [docxType],
        response: { 200: {}, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { call, applications } = await reviewedCall(requireAccount(request), request.params.id)
      reply
        .header('content-type', docxType)
        .header('content-disposition', 'attachment; filename="candidatures-comite.docx"')
      return applicationsToDocx(call, applications)
    },
  )
}
