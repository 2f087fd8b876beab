import type { CouncilView } from '../../shared/api/auth.ts'
import type { PublicProject, Showcase } from '../../shared/api/showcase.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import type { PublicField } from '../../shared/showcase/fields.ts'
import { apiGet, apiPatch } from '../app/api.ts'

export type { PublicProject, Showcase }

const base = (slug: string) => `/api/public/councils/${encodeURIComponent(slug)}/projects`

export const showcaseApi = {
  /** The council's published records, public fields only (no account needed). */
  get: (slug: string, signal?: AbortSignal) => apiGet<Showcase>(base(slug), signal),
  csvUrl: (slug: string) => `${base(slug)}.csv`,
  jsonUrl: (slug: string) => `${base(slug)}.json`,
  council: (signal?: AbortSignal) => apiGet<CouncilView>('/api/council', signal),
  publish: (id: string, version: number, body: { published: boolean; publicFields: PublicField[] }) =>
    apiPatch<ProjectRecord>(`/api/projects/${id}`, { version, ...body }),
}

/** Records by priority, in the order the server sent them (contract, priority code, title). */
export function byPriority(projects: PublicProject[]): { key: string; projects: PublicProject[] }[] {
  const groups: { key: string; projects: PublicProject[] }[] = []
  for (const project of projects) {
    const key = `${project.contractTitle}\u0000${project.priority?.code ?? ''}`
    const last = groups.at(-1)
    if (last?.key === key) last.projects.push(project)
    else groups.push({ key, projects: [project] })
  }
  return groups
}
