import { supportKindLabels } from '../../shared/followup/labels.ts'
import type { FollowupFields } from '../../shared/followup/record.ts'

/** The follow-up columns of the records' CSV (projects/export/csv.ts). */
export const followupCsvColumns = [
  'Accompagnement demandé',
  'Petite structure',
  'Référent·es',
  'Prochaine étape',
  'Date de la prochaine étape',
] as const

/** A record's follow-up cells, in the order of followupCsvColumns. */
export function followupCsvCells(r: FollowupFields): string[] {
  return [
    r.supportKinds.map((k) => supportKindLabels.fr[k]).join(', '),
    r.smallStructure ? 'oui' : 'non',
    r.referents.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join(', '),
    r.nextStep,
    r.nextStepDate ?? '',
  ]
}
