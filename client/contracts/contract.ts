import type { TValidationError } from 'typebox/error'
import { Value } from 'typebox/value'
import { ContractFile, type ContractInput } from '../../shared/api/contracts.ts'

/**
 * Contracts (contrats de partenariat) on the client: the shapes of the API (shared/api/contracts.ts) and the
 * reading of a contract from a JSON file shaped like server/demo/contract-example.json.
 */

export type { ActionInput, Contract, ContractInput, PriorityInput } from '../../shared/api/contracts.ts'

export type ImportResult =
  | { ok: true; contract: ContractInput }
  | { ok: false; problem: 'not_json' }
  | { ok: false; problem: 'not_contract'; where: string }

/**
 * Reads a contract from the text of a JSON file, against the contract's own schema (ContractFile in
 * shared/api/contracts.ts): only the known fields are kept; `where` names the first part that does not
 * fit (`priorities[0].actions[1].code`), for the error message.
 */
export function parseContractFile(text: string): ImportResult {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return { ok: false, problem: 'not_json' }
  }
  if (!Value.Check(ContractFile, data)) {
    const [first] = Value.Errors(ContractFile, data)
    return { ok: false, problem: 'not_contract', where: first ? errorPlace(first) : '/' }
  }
  const file = Value.Clean(ContractFile, structuredClone(data)) as ContractFile
  const withDescription = (description?: string) => (description?.trim() ? { description } : {})
  return {
    ok: true,
    contract: {
      title: file.title,
      territory: file.territory ?? '',
      period: file.period ?? '',
      priorities: file.priorities.map((p) => ({
        code: String(p.code),
        title: p.title,
        ...withDescription(p.description),
        actions: (p.actions ?? []).map((a) => ({
          code: String(a.code),
          title: a.title,
          ...withDescription(a.description),
        })),
      })),
    },
  }
}

/** `/priorities/0/actions` and a missing `code` → `priorities[0].actions.code`; the root → `/`. */
function errorPlace(error: TValidationError): string {
  const missing = error.keyword === 'required' ? (error.params as { requiredProperties?: string[] }) : {}
  const parts = error.instancePath.split('/').filter(Boolean)
  if (missing.requiredProperties?.[0]) parts.push(missing.requiredProperties[0])
  const place = parts
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('')
  return place || '/'
}

/** Codes that appear more than once among the priorities, or among one priority's actions. */
export function duplicateCodes(contract: ContractInput): string[] {
  const duplicates = new Set<string>()
  const seen = new Set<string>()
  for (const p of contract.priorities) {
    const code = p.code.trim()
    if (seen.has(code)) duplicates.add(code)
    seen.add(code)
    const actionCodes = new Set<string>()
    for (const a of p.actions) {
      const actionCode = a.code.trim()
      if (actionCodes.has(actionCode)) duplicates.add(actionCode)
      actionCodes.add(actionCode)
    }
  }
  return [...duplicates]
}
