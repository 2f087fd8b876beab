import { actorTypeLabels, statusLabels } from '../../../shared/projects/labels.ts'
import type { ProjectRecord } from '../../../shared/projects/record.ts'
import { evaluationCsvCells, evaluationCsvColumns } from '../../evaluation/fiche-parts.ts'
import { followupCsvCells, followupCsvColumns } from '../../followup/csv.ts'
import { spreadsheetCsv } from '../../http/spreadsheet-csv.ts'

/**
 * A list of records as CSV for a French spreadsheet: UTF-8 with a byte-order mark (so Excel reads the
 * accents), `;` between fields (`,` is the decimal separator in fr-FR), CRLF line ends (RFC 4180),
 * amounts as "12345,50" without currency or thousands separator so they stay numbers.
 */

export const csvColumns = [
  'Identifiant',
  'Titre',
  'Statut',
  'Priorité',
  'Intitulé de la priorité',
  'Fiche-action',
  'Intitulé de la fiche-action',
  'Porteur',
  'Type de porteur',
  'Partenaires',
  'Budget prévisionnel (€)',
  'Financements (€)',
  'Début',
  'Fin',
  'Idées',
  'Gommettes',
  'Contributeurs',
  'Atelier',
  'Priorité à attribuer',
  'Groupe absent du tableau',
  'Idées rattachées',
  ...followupCsvColumns,
  ...evaluationCsvColumns,
] as const

function amount(value: number | null): string {
  return value === null ? '' : value.toFixed(2).replace('.', ',')
}

/**
 * Ideas of other workshops attached to the record, one line each: the workshop, the text, the author
 * (none in an anonymous workshop: its ideas carry none) and the dots.
 */
function attachedIdeas(r: ProjectRecord): string {
  return (r.provenance.attached ?? [])
    .flatMap((group) =>
      group.ideas.map((i) => {
        const who = i.authorName ? `${i.authorName}, ` : ''
        return `Atelier « ${group.workshopTitle} » : ${i.text} (${who}${i.dots} gommette${i.dots > 1 ? 's' : ''})`
      }),
    )
    .join('\n')
}

/** One row per record. */
export function projectsToCsv(records: ProjectRecord[]): string {
  const rows = records.map((r) => [
    r.id,
    r.title,
    statusLabels.fr[r.status],
    r.priorityCode ?? '',
    r.priorityTitle ?? '',
    r.actionCode ?? '',
    r.actionTitle ?? '',
    r.carrier?.name ?? '',
    r.carrier ? actorTypeLabels.fr[r.carrier.type] : '',
    r.partners.map((p) => p.name).join(', '),
    amount(r.budget),
    amount(r.fundingSources.length > 0 ? r.fundingSources.reduce((s, f) => s + (f.amount ?? 0), 0) : null),
    r.scheduleStart ?? '',
    r.scheduleEnd ?? '',
    String(r.provenance.ideas.length),
    String(r.provenance.totalDots),
    r.provenance.contributors.join(', '),
    r.provenance.workshopTitle,
    r.needsPriority ? 'oui' : 'non',
    r.clusterMissing ? 'oui' : 'non',
    attachedIdeas(r),
    ...followupCsvCells(r),
    ...evaluationCsvCells(r),
  ])
  return spreadsheetCsv([[...csvColumns], ...rows])
}
