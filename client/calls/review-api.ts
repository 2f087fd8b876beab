import type { ReviewBody } from '../../shared/api/review.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { apiGet, apiPatch } from '../app/api.ts'

/** The review's calls: an application's record, its review saved (PATCH /api/projects/:id), the exports. */

const id = encodeURIComponent

export const reviewApi = {
  record: (projectId: string, signal?: AbortSignal) =>
    apiGet<ProjectRecord>(`/api/projects/${id(projectId)}`, signal),
  save: (projectId: string, version: number, review: ReviewBody) =>
    apiPatch<ProjectRecord>(`/api/projects/${id(projectId)}`, { version, review }),
  csvUrl: (callId: string) => `/api/calls/${id(callId)}/applications.csv`,
  docxUrl: (callId: string) => `/api/calls/${id(callId)}/applications.docx`,
}
