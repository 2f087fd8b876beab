import type { CouncilView } from '../../shared/api/auth.ts'
import type { FollowedRecords, GuaranteeList } from '../../shared/api/followup.ts'
import type { ReferentInput, SupportKind } from '../../shared/followup/record.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { apiGet, apiPatch } from '../app/api.ts'

/** Calls to the follow-up API (shared/api/followup.ts), typed from the HTTP contract. */

export type { FollowedRecords, GuaranteeList }

/** The follow-up part of a record's PATCH. */
export interface FollowupChanges {
  referents?: ReferentInput[]
  supportKinds?: SupportKind[]
  smallStructure?: boolean
  nextStep?: string
  nextStepDate?: string | null
}

const id = encodeURIComponent

export const followupApi = {
  update: (projectId: string, version: number, changes: FollowupChanges) =>
    apiPatch<ProjectRecord>(`/api/projects/${id(projectId)}`, { version, ...changes }),
  mine: (signal?: AbortSignal) => apiGet<FollowedRecords>('/api/followup/me', signal),
  member: (userId: string, signal?: AbortSignal) =>
    apiGet<FollowedRecords>(`/api/followup/users/${id(userId)}`, signal),
  actor: (actorId: string, signal?: AbortSignal) =>
    apiGet<FollowedRecords>(`/api/followup/actors/${id(actorId)}`, signal),
  guarantee: (signal?: AbortSignal) => apiGet<GuaranteeList>('/api/followup/guarantee', signal),
  guaranteeCsvUrl: '/api/followup/guarantee.csv',
  council: (signal?: AbortSignal) => apiGet<CouncilView>('/api/council', signal),
}
