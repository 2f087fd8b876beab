import type { ActorList } from '../../shared/api/actors.ts'
import type {
  ConversionResult,
  HistoryList,
  LatestConversion,
  ProjectFiltersQuery,
  ProjectList,
  SimilarRecords,
} from '../../shared/api/projects.ts'
import type { EditableFields, ProjectRecord } from '../../shared/projects/record.ts'
import type { SnapshotView } from '../../shared/projects/snapshot.ts'
import { apiGet, apiPatch, apiPost, apiRequest } from '../app/api.ts'

/** Calls to the project-record API, typed from the HTTP contract (shared/api/projects.ts, actors.ts). */

/** The filters of the records list (GET /api/projects?…); empty values are left out of the query. */
export type ProjectFilters = { [K in keyof ProjectFiltersQuery]?: ProjectFiltersQuery[K] | '' }

export type { ActorList, ConversionResult, LatestConversion, ProjectList, SimilarRecords }

/** The query string of a filter set (empty values left out). */
export function filterQuery(filters: ProjectFilters): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value)
  const text = params.toString()
  return text ? `?${text}` : ''
}

const id = encodeURIComponent

export const projectsApi = {
  list: (filters: ProjectFilters, signal?: AbortSignal) =>
    apiGet<ProjectList>(`/api/projects${filterQuery(filters)}`, signal),
  get: (projectId: string, signal?: AbortSignal) =>
    apiGet<ProjectRecord>(`/api/projects/${id(projectId)}`, signal),
  update: (projectId: string, version: number, changes: Partial<EditableFields>) =>
    apiPatch<ProjectRecord>(`/api/projects/${id(projectId)}`, { version, ...changes }),
  history: (projectId: string, signal?: AbortSignal) =>
    apiGet<HistoryList>(`/api/projects/${id(projectId)}/history`, signal),
  board: (projectId: string, signal?: AbortSignal) =>
    apiGet<SnapshotView>(`/api/projects/${id(projectId)}/board`, signal),
  actors: (signal?: AbortSignal) => apiGet<ActorList>('/api/actors', signal),
  remove: (projectId: string) => apiRequest<void>('DELETE', `/api/projects/${id(projectId)}`),
  removeActor: (actorId: string) => apiRequest<void>('DELETE', `/api/actors/${id(actorId)}`),
  convert: (workshopId: string, attach: { clusterId: string; projectId: string }[] = []) =>
    apiPost<ConversionResult>(`/api/workshops/${id(workshopId)}/convert`, { attach }),
  similarRecords: (workshopId: string, signal?: AbortSignal) =>
    apiGet<SimilarRecords>(`/api/workshops/${id(workshopId)}/conversion/similar`, signal),
  latestConversion: (workshopId: string, signal?: AbortSignal) =>
    apiGet<LatestConversion>(`/api/workshops/${id(workshopId)}/conversion`, signal),
  exportUrl: (projectId: string, format: 'md' | 'pdf' | 'docx' | 'json') =>
    `/api/projects/${id(projectId)}/export?format=${format}`,
  csvUrl: (filters: ProjectFilters) => `/api/projects/export.csv${filterQuery(filters)}`,
}
