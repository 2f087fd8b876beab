import type { ContractPriority, StartZone } from '../db/schema.ts'
import { badRequest } from '../errors.ts'

export interface StartZoneRequest {
  priorityCodes?: string[]
  zones?: { priorityCode: string; actionCode?: string }[]
}

/**
 * The zones a new workshop's board starts with, checked against its contract. Without a choice: one zone
 * per priority. `priorityCodes` picks priorities (one whole-priority zone each); `zones` adds zones for a
 * priority or one of its actions. Duplicates collapse; an unknown code is a 400 that names it, so the
 * facilitator sees which line of the form is wrong.
 */
export function resolveStartZones(priorities: ContractPriority[], request: StartZoneRequest): StartZone[] {
  const byCode = new Map(priorities.map((p) => [p.code, p]))
  const wanted: StartZone[] = []
  const priorityCodes =
    request.priorityCodes ?? (request.zones ? [] : priorities.map((priority) => priority.code))
  for (const priorityCode of priorityCodes) wanted.push({ priorityCode, actionCode: '' })
  for (const zone of request.zones ?? [])
    wanted.push({ priorityCode: zone.priorityCode, actionCode: zone.actionCode ?? '' })

  const seen = new Set<string>()
  const zones: StartZone[] = []
  for (const zone of wanted) {
    const priority = byCode.get(zone.priorityCode)
    if (!priority)
      throw badRequest(`Priorité inconnue dans ce contrat : ${zone.priorityCode}`, 'unknown_priority', {
        code: zone.priorityCode,
      })
    if (zone.actionCode !== '' && !priority.actions.some((action) => action.code === zone.actionCode))
      throw badRequest(
        `Fiche-action inconnue dans la priorité ${zone.priorityCode} : ${zone.actionCode}`,
        'unknown_action',
        { code: zone.actionCode },
      )
    const key = `${zone.priorityCode}\u0000${zone.actionCode}`
    if (seen.has(key)) continue
    seen.add(key)
    zones.push(zone)
  }
  return zones
}
