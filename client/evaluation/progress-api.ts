import type { ContractProgress } from '../../shared/api/evaluation.ts'
import { apiGet } from '../app/api.ts'

/** GET /api/contracts/:id/progress. */
export function readProgress(contractId: string, signal?: AbortSignal): Promise<ContractProgress> {
  return apiGet<ContractProgress>(`/api/contracts/${encodeURIComponent(contractId)}/progress`, signal)
}
