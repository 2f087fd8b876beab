import type { Showcase } from '../../shared/api/showcase.ts'
import { actorTypeLabels, statusLabels } from '../../shared/projects/labels.ts'
import { spreadsheetCsv } from '../http/spreadsheet-csv.ts'

/**
 * The showcase as open data for a French spreadsheet (http/spreadsheet-csv.ts: BOM, `;`, formulas
 * neutralised): one row per published record, the same columns for every council; a cell whose field the
 * council did not make public is empty, and the last column names the fields that are.
 */
export const showcaseCsvColumns = [
  'Identifiant',
  'Contrat',
  'Priorité',
  'Intitulé de la priorité',
  'Titre',
  'Statut',
  'Origine',
  'Appel (adresse)',
  'Résumé',
  'Objectifs',
  'Résultats attendus',
  'Fiche-action',
  'Porteur',
  'Type de porteur',
  'Partenaires',
  'Budget prévisionnel (€)',
  'Montant financé (€)',
  'Financements',
  'Début',
  'Fin',
  'Indicateurs',
  'Champs publics',
] as const

function frenchAmount(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : value.toFixed(2).replace('.', ',')
}

/** `origin` is the instance's address, so the call's column holds a link people can open. */
export function showcaseToCsv(showcase: Showcase, origin: string): string {
  const rows = showcase.projects.map((p) => [
    p.id,
    p.contractTitle,
    p.priority?.code ?? '',
    p.priority?.title ?? '',
    p.title,
    statusLabels.fr[p.status],
    p.origin ? `${p.origin.kind === 'call' ? 'Appel' : 'Atelier'} « ${p.origin.title} »` : '',
    p.origin?.kind === 'call' ? `${origin}${p.origin.path}` : '',
    p.summary ?? '',
    p.objectives ?? '',
    p.expectedOutcomes ?? '',
    p.action ? [p.action.code, p.action.title].filter(Boolean).join(' ') : '',
    p.carrier?.name ?? '',
    p.carrier ? actorTypeLabels.fr[p.carrier.type] : '',
    (p.partners ?? []).map((a) => (a.role ? `${a.name} (${a.role})` : a.name)).join('\n'),
    frenchAmount(p.budget),
    frenchAmount(p.funding?.fundedAmount),
    (p.funding?.sources ?? [])
      .map(
        (s) =>
          `${s.name} : ${s.amount === null ? '?' : frenchAmount(s.amount)} (${s.secured ? 'acquis' : 'sollicité'})`,
      )
      .join('\n'),
    p.schedule?.start ?? '',
    p.schedule?.end ?? '',
    (p.indicators ?? [])
      .map((i) => {
        const last = i.measures.at(-1)
        const unit = i.unit ? ` ${i.unit}` : ''
        const target = i.target === null ? '' : `, cible ${i.target}${unit}`
        return `${i.label}${target}${last ? `, mesuré ${last.value}${unit} le ${last.date}` : ''}`
      })
      .join('\n'),
    p.publicFields.join(', '),
  ])
  return spreadsheetCsv([[...showcaseCsvColumns], ...rows])
}
