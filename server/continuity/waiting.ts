import type { WaitingIdea, WaitingIdeas } from '../../shared/api/continuity.ts'
import type { ContractPriority } from '../db/schema.ts'

interface WaitingRow {
  id: string
  text: string
  priority_code: string | null
  action_code: string | null
  workshop_id: string
  workshop_title: string
  date: Date | string
}

/**
 * Waiting ideas grouped by the contract's priorities, in the contract's order; ideas of no priority the
 * contract has (a zone with a free code, the area outside zones) come last, under `priorityCode: null`.
 */
export function groupWaiting(contract: { priorities: ContractPriority[] }, rows: WaitingRow[]): WaitingIdeas {
  const known = new Map(contract.priorities.map((p) => [p.code, p]))
  const groups = new Map<string | null, WaitingIdea[]>()
  for (const row of rows) {
    const code = row.priority_code && known.has(row.priority_code) ? row.priority_code : null
    const ideas = groups.get(code) ?? []
    ideas.push({
      id: row.id,
      text: row.text,
      actionCode: code ? row.action_code : null,
      workshopId: row.workshop_id,
      workshopTitle: row.workshop_title,
      date: new Date(row.date).toISOString(),
    })
    groups.set(code, ideas)
  }
  const priorities: WaitingIdeas['priorities'] = contract.priorities
    .filter((p) => groups.has(p.code))
    .map((p) => ({ priorityCode: p.code, priorityTitle: p.title, ideas: groups.get(p.code) ?? [] }))
  const outside = groups.get(null)
  if (outside) priorities.push({ priorityCode: null, priorityTitle: null, ideas: outside })
  return { priorities }
}
