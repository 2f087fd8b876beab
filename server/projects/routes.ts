import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ErrorBody, errorResponses, IdParams } from '../../shared/api/common.ts'
import {
  ConversionResult,
  ConvertBody,
  ExportQuery,
  HistoryList,
  LatestConversion,
  ProjectFiltersQuery,
  ProjectList,
  ProjectPatch,
  ProjectRecord,
  SimilarRecords,
  SnapshotView,
} from '../../shared/api/projects.ts'
import { actorRoutes } from '../actors/routes.ts'
import { requireAccount } from '../auth/session-plugin.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { listContractsById } from '../contracts/repository.ts'
import { notFound } from '../errors.ts'
import { asciiFileName, asDownload, csvFileSchema, mediaTypes } from '../http/download.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { exportText } from '../http/text-rule.ts'
import { councilWorkshop, facilitatedWorkshop, updateLiveState } from '../workshops/commands.ts'
import { convertWorkshop, similarRecords, type WorkshopAccess } from './convert.ts'
import { editProject } from './edit.ts'
import { projectsToCsv } from './export/csv.ts'
import { ficheToDocx } from './export/docx.ts'
import { buildFiche } from './export/fiche.ts'
import { ficheToMarkdown } from './export/markdown.ts'
import { ficheToPdf } from './export/pdf.ts'
import { listProjectsWithCoverage } from './list.ts'
import { presentRows } from './records.ts'
import {
  findBoardSnapshot,
  findLatestConversion,
  findProject,
  listHistory,
  listProjects,
  listWorkshopProjects,
  listWorkshopTitles,
} from './repository.ts'
import { snapshotView } from './snapshot-view.ts'

/** The formats of a fiche-projet, in the order the OpenAPI document lists them. */
const ficheTypes = {
  md: mediaTypes.md,
  pdf: mediaTypes.pdf,
  docx: mediaTypes.docx,
  json: mediaTypes.json,
} as const

/**
 * A file name from a title: ASCII for the plain parameter, the title (120 characters at most, without
 * control characters) in filename* (RFC 6266).
 */
export function attachment(title: string, extension: string): string {
  const ascii = asciiFileName(title, 'fiche')
  // Cut by characters, not UTF-16 units: half an emoji would make encodeURIComponent throw.
  const full = [...exportText(`Fiche-projet ${title}`)].slice(0, 120).join('')
  return `attachment; filename="fiche-projet-${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(full)}.${extension}`
}

/** Project records (fiches-projets): conversion, list, record, edit, history, documents, snapshots. */
export async function projectRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const route = signedInRoutes(app, 'projects')
  const db = () => app.store.db

  /** The record if it belongs to the actor's council; 404 otherwise (another council's is unknown). */
  async function councilProject(actor: AccountActor, projectId: string) {
    const row = await findProject(db(), projectId)
    if (!row || row.council_id !== actor.councilId) throw notFound('Fiche-projet')
    return (await presentRows(db(), [row]))[0]!
  }

  // Conversion reuses the workshops part's rules (who facilitates) and its way of closing a workshop:
  // the stored live state first, then the board's meta.workshop, as PATCH /api/workshops/:id does.
  const access: WorkshopAccess = {
    async facilitated(actor, workshopId) {
      const workshop = await facilitatedWorkshop(db(), actor, workshopId)
      return { id: workshop.id, boardId: workshop.board_id, phase: workshop.phase }
    },
    async close(actor, workshopId, boardId) {
      const state = await updateLiveState(db(), actor, workshopId, { phase: 'closed' })
      await app.liveBoards.change(boardId, (doc) => doc.getMap('meta').set('workshop', state))
    },
  }

  api.post(
    '/api/workshops/:id/convert',
    {
      schema: {
        tags: ['projects'],
        summary: 'Close the workshop and convert its board into project records (idempotent)',
        description:
          'Reads the current board on the server, makes one record per cluster (zone priority and action, ideas with author and dots, contributors, total dots, draft fields), keeps ideas outside clusters by zone and a snapshot of the board. Running it again refreshes provenance, adds records for new clusters, marks records whose cluster disappeared, and never overwrites a field a person edited. Facilitators of the workshop only.',
        params: IdParams,
        body: ConvertBody,
        response: { 201: ConversionResult, ...errorResponses, 503: ErrorBody },
      },
      // The body is optional: without one (as before attaching existed), nothing is attached.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {}
      },
    },
    async (request, reply) => {
      const actor = requireAccount(request)
      const result = await convertWorkshop(app, access, actor, request.params.id, request.body.attach ?? [])
      reply.status(201)
      return result
    },
  )

  api.get(
    '/api/workshops/:id/conversion/similar',
    {
      schema: {
        tags: ['projects'],
        summary: 'Clusters of the board that resemble existing records of the council (before converting)',
        description:
          'For each cluster that conversion would turn into a new record, the council’s records of other workshops whose title is similar (pg_trgm similarity of at least 0.3, three at most). Send {attach:[{clusterId, projectId}]} to POST …/convert to add a cluster’s ideas to one of them instead. Facilitators of the workshop only; the workshop stays open.',
        params: IdParams,
        response: { 200: SimilarRecords, ...errorResponses, 503: ErrorBody },
      },
    },
    async (request) => similarRecords(app, access, requireAccount(request), request.params.id),
  )

  route.get(
    '/api/workshops/:id/conversion',
    {
      summary: 'The latest conversion of a workshop: its snapshot and the ideas left outside clusters',
      params: IdParams,
      response: { 200: LatestConversion },
    },
    async (actor, request) => {
      await councilWorkshop(db(), actor, request.params.id)
      const latest = await findLatestConversion(db(), request.params.id)
      if (!latest) throw notFound('Conversion')
      const projects = await listWorkshopProjects(db(), request.params.id)
      return {
        snapshotId: latest.id,
        convertedAt: new Date(latest.created_at).toISOString(),
        looseIdeas: latest.loose_ideas,
        projectCount: projects.length,
      }
    },
  )

  route.get(
    '/api/projects',
    {
      summary: 'Records of the council, filtered, with counts per priority and what no record covers yet',
      querystring: ProjectFiltersQuery,
      response: { 200: ProjectList },
    },
    async (actor, request) => {
      return listProjectsWithCoverage(db(), actor.councilId, request.query)
    },
  )

  api.get(
    '/api/projects/export.csv',
    {
      schema: {
        tags: ['projects'],
        summary: 'The filtered list as CSV for a French spreadsheet (UTF-8 with BOM, `;` separators)',
        querystring: ProjectFiltersQuery,
        ...csvFileSchema,
      },
    },
    async (request, reply) => {
      const actor = requireAccount(request)
      const records = await presentRows(db(), await listProjects(db(), actor.councilId, request.query))
      asDownload(reply, 'fiches-projets.csv', mediaTypes.csv)
      return projectsToCsv(records)
    },
  )

  route.get(
    '/api/projects/:id',
    {
      summary: 'One record',
      params: IdParams,
      response: { 200: ProjectRecord },
    },
    async (actor, request) => councilProject(actor, request.params.id),
  )

  route.patch(
    '/api/projects/:id',
    {
      summary: 'Edit a record (send the version you edited: 409 when it is stale)',
      description:
        'Validation: dates in order, budget ≥ 0, required fields per status (in_instruction: priority and carrier; submitted: also objectives, budget and schedule; funded: also funding sources). A 400 names the field. Carrier and partners are actors of the council, reused by name.',
      params: IdParams,
      body: ProjectPatch,
      response: { 200: ProjectRecord },
    },
    async (actor, request) => editProject(db(), actor, request.params.id, request.body),
  )

  route.get(
    '/api/projects/:id/history',
    {
      summary: 'Changes of a record, newest first (who, when, which field)',
      params: IdParams,
      response: { 200: HistoryList },
    },
    async (actor, request) => {
      const record = await councilProject(actor, request.params.id)
      const rows = await listHistory(db(), record.id)
      return {
        history: rows.map((r) => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          userId: r.user_id,
          userName: r.user_name,
          source: r.source,
          field: r.field,
          oldValue: r.old_value,
          newValue: r.new_value,
        })),
      }
    },
  )

  route.get(
    '/api/projects/:id/export',
    {
      summary: 'The record as a fiche-projet for a programming committee: md, pdf, docx, or json',
      params: IdParams,
      querystring: ExportQuery,
      produces: Object.values(ficheTypes),
      response: { 200: {} },
    },
    async (actor, request, reply) => {
      const record = await councilProject(actor, request.params.id)
      const { format } = request.query
      reply.header('content-type', ficheTypes[format])
      reply.header('content-disposition', attachment(record.title, format))
      if (format === 'json') return JSON.stringify(record, null, 2)
      const [contract] = await listContractsById(db(), [record.contractId])
      const fiche = buildFiche(record, contract?.title ?? '')
      if (format === 'md') return ficheToMarkdown(fiche)
      if (format === 'pdf') return ficheToPdf(fiche)
      return ficheToDocx(fiche)
    },
  )

  route.get(
    '/api/projects/:id/board',
    {
      summary: 'The board as it was at the last conversion of this record, with its cluster to highlight',
      params: IdParams,
      response: { 200: SnapshotView },
    },
    async (actor, request) => {
      const record = await councilProject(actor, request.params.id)
      if (!record.snapshotId) throw notFound('Instantané du tableau')
      return snapshotOf(record.snapshotId, record.councilId, record.clusterId)
    },
  )

  route.get(
    '/api/board-snapshots/:id',
    {
      summary: 'A board snapshot kept at a conversion',
      params: IdParams,
      response: { 200: SnapshotView },
    },
    async (actor, request) => snapshotOf(request.params.id, actor.councilId, null),
  )

  async function snapshotOf(snapshotId: string, councilId: string, highlight: string | null) {
    const snapshot = await findBoardSnapshot(db(), snapshotId)
    const [workshop] = snapshot ? await listWorkshopTitles(db(), [snapshot.workshop_id]) : []
    if (!snapshot || !workshop || workshop.council_id !== councilId) throw notFound('Instantané du tableau')
    return snapshotView(
      {
        id: snapshot.id,
        workshopId: snapshot.workshop_id,
        workshopTitle: workshop.title,
        createdAt: new Date(snapshot.created_at).toISOString(),
        records: snapshot.records,
        votes: snapshot.votes,
      },
      highlight,
    )
  }

  await app.register(actorRoutes)
}
