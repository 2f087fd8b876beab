import type {
  ApplicationCreated,
  ApplicationInput,
  ApplicationSummary,
  Call,
  CallInput,
  CallPatch,
  CarrierApplication,
  PublicCall,
} from '../../shared/api/calls.ts'
import { applicationTokenHeader } from '../../shared/api/calls.ts'
import { apiGet, apiPatch, apiPost, apiRequest } from '../app/api.ts'

/** The calls for projects' routes (DESIGN.md "Calls for projects"): the council's, then the public ones. */

const id = encodeURIComponent

export const callsApi = {
  list: (contractId: string | undefined, signal?: AbortSignal) =>
    apiGet<Call[]>(`/api/calls${contractId ? `?contractId=${id(contractId)}` : ''}`, signal),
  get: (callId: string, signal?: AbortSignal) => apiGet<Call>(`/api/calls/${id(callId)}`, signal),
  create: (body: CallInput) => apiPost<Call>('/api/calls', body),
  update: (callId: string, body: CallPatch) => apiPatch<Call>(`/api/calls/${id(callId)}`, body),
  applications: (callId: string, signal?: AbortSignal) =>
    apiGet<ApplicationSummary[]>(`/api/calls/${id(callId)}/applications`, signal),
}

export const publicCallsApi = {
  list: (filters: { council?: string; priority?: string }, signal?: AbortSignal) => {
    const query = new URLSearchParams()
    if (filters.council) query.set('council', filters.council)
    if (filters.priority) query.set('priority', filters.priority)
    const text = query.toString()
    return apiGet<PublicCall[]>(`/api/public/calls${text ? `?${text}` : ''}`, signal)
  },
  get: (callId: string, signal?: AbortSignal) =>
    apiGet<PublicCall>(`/api/public/calls/${id(callId)}`, signal),
  apply: (callId: string, body: ApplicationInput) =>
    apiPost<ApplicationCreated>(`/api/public/calls/${id(callId)}/applications`, body),
  /** The carrier's application: the token travels in a header, never in the address the server sees. */
  read: (applicationId: string, token: string, signal?: AbortSignal) =>
    apiRequest<CarrierApplication>(
      'GET',
      `/api/public/applications/${id(applicationId)}`,
      undefined,
      signal,
      {
        [applicationTokenHeader]: token,
      },
    ),
  edit: (applicationId: string, token: string, body: ApplicationInput) =>
    apiRequest<CarrierApplication>('PUT', `/api/public/applications/${id(applicationId)}`, body, undefined, {
      [applicationTokenHeader]: token,
    }),
}

/** The private link of an application: the token in the fragment, which browsers never send. */
export function privateLink(applicationId: string, token: string): string {
  return `${window.location.origin}/candidature/${id(applicationId)}#${token}`
}
