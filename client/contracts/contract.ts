/**
 * Contracts (contrats de partenariat) on the client: the shapes of the API (DESIGN.md section 4) and the
 * reading of a contract from a JSON file shaped like /work/shared/data/contract-example.json.
 */

export interface ActionInput {
  code: string
  title: string
  description?: string
}

export interface PriorityInput {
  code: string
  title: string
  description?: string
  actions: ActionInput[]
}

/** The body of `POST /api/contracts`. */
export interface ContractInput {
  title: string
  territory: string
  period: string
  priorities: PriorityInput[]
}

/** A stored contract (`GET /api/contracts/:id`); the list may leave out `priorities`. */
export interface Contract extends Omit<ContractInput, 'priorities'> {
  id: string
  createdAt?: string
  priorities?: PriorityInput[]
}

export type ImportResult =
  | { ok: true; contract: ContractInput }
  | { ok: false; problem: 'not_json' }
  | { ok: false; problem: 'not_contract'; where: string }

/**
 * Reads a contract from the text of a JSON file. Only the known fields are kept (the example carries a
 * `note`, for instance); codes and titles must be strings, priorities an array, each with an array of
 * actions (which may be empty). `where` names the first part that does not fit, for the error message.
 */
export function parseContractFile(text: string): ImportResult {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return { ok: false, problem: 'not_json' }
  }
  const fail = (where: string): ImportResult => ({ ok: false, problem: 'not_contract', where })
  if (!isObject(data)) return fail('/')
  if (typeof data.title !== 'string') return fail('title')
  if (!Array.isArray(data.priorities)) return fail('priorities')
  const priorities: PriorityInput[] = []
  for (const [i, p] of data.priorities.entries()) {
    if (!isObject(p) || !isText(p.code) || typeof p.title !== 'string') return fail(`priorities[${i}]`)
    const actions: ActionInput[] = []
    const rawActions = p.actions ?? []
    if (!Array.isArray(rawActions)) return fail(`priorities[${i}].actions`)
    for (const [j, a] of rawActions.entries()) {
      if (!isObject(a) || !isText(a.code) || typeof a.title !== 'string')
        return fail(`priorities[${i}].actions[${j}]`)
      actions.push({ code: String(a.code), title: a.title, ...optionalDescription(a.description) })
    }
    priorities.push({ code: String(p.code), title: p.title, ...optionalDescription(p.description), actions })
  }
  return {
    ok: true,
    contract: {
      title: data.title,
      territory: typeof data.territory === 'string' ? data.territory : '',
      period: typeof data.period === 'string' ? data.period : '',
      priorities,
    },
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isText(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number'
}

function optionalDescription(value: unknown): { description?: string } {
  return typeof value === 'string' && value.trim() ? { description: value } : {}
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
