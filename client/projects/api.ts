import type {
  ActorType,
  EditableFields,
  HistoryEntry,
  LooseIdeas,
  ProjectRecord,
  ProjectStatus,
} from '../../shared/projects/record.ts'
import type { SnapshotView } from '../../shared/projects/snapshot.ts'
import { apiGet, apiPatch, apiPost } from '../app/api.ts'

/** Calls to the project-record API (server/projects/routes.ts), typed with the shared record types. */

export interface ProjectFilters {
  contractId?: string
  workshopId?: string
  priorityCode?: string
  actionCode?: string
  status?: ProjectStatus | ''
}

export interface ProjectList {
  projects: ProjectRecord[]
  countsByPriority: {
    contractId: string
    priorityCode: string | null
    priorityTitle: string | null
    count: number
  }[]
  uncovered: {
    contractId: string
    contractTitle: string
    priorities: { code: string; title: string }[]
    actions: { priorityCode: string; code: string; title: string }[]
  }[]
}

/** One change of one field, as `GET /api/projects/:id/history` lists them. */
export type HistoryItem = HistoryEntry

export interface ActorList {
  actors: {
    id: string
    name: string
    type: ActorType
    projects: {
      id: string
      title: string
      status: ProjectStatus
      role: 'carrier' | 'partner'
      partnerRole: string
      priorityCode: string | null
    }[]
  }[]
  mixByPriority: {
    contractId: string
    priorityCode: string | null
    priorityTitle: string | null
    byType: Record<ActorType, number>
    public: number
    private: number
    total: number
  }[]
}

export interface ConversionResult {
  snapshotId: string
  projects: ProjectRecord[]
  looseIdeas: LooseIdeas
  created: number
  updated: number
  missing: number
}

export interface LatestConversion {
  snapshotId: string
  convertedAt: string
  looseIdeas: LooseIdeas
  projectCount: number
}

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
    apiGet<{ history: HistoryItem[] }>(`/api/projects/${id(projectId)}/history`, signal),
  board: (projectId: string, signal?: AbortSignal) =>
    apiGet<SnapshotView>(`/api/projects/${id(projectId)}/board`, signal),
  actors: (signal?: AbortSignal) => apiGet<ActorList>('/api/actors', signal),
  convert: (workshopId: string) => apiPost<ConversionResult>(`/api/workshops/${id(workshopId)}/convert`),
  latestConversion: (workshopId: string, signal?: AbortSignal) =>
    apiGet<LatestConversion>(`/api/workshops/${id(workshopId)}/conversion`, signal),
  exportUrl: (projectId: string, format: 'md' | 'pdf' | 'docx' | 'json') =>
    `/api/projects/${id(projectId)}/export?format=${format}`,
  csvUrl: (filters: ProjectFilters) => `/api/projects/export.csv${filterQuery(filters)}`,
}
