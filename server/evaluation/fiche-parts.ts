import { indicatorReached } from '../../shared/projects/indicators.ts'
import { fieldLabels } from '../../shared/projects/labels.ts'
import type { Indicator, ProjectRecord } from '../../shared/projects/record.ts'
import { type FicheBlock, type FicheSection, formatDate, textBlocks } from '../projects/export/fiche.ts'

/**
 * The evaluation's parts of a record's documents (fiche in Markdown, PDF, DOCX, and the CSV), in
 * French: indicators with their unit, baseline, target and every measure, whether the target is
 * reached (shared/projects/indicators.ts), and the three-part qualitative evaluation.
 */

/** 1234.5 with its unit, the French way: "1 234,5 m²". */
export function quantity(value: number | null, unit: string): string {
  if (value === null) return '—'
  const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(value)
  return unit ? `${number} ${unit}` : number
}

/** "Oui", "Non" or "Sans cible". */
export function reachedText(indicator: Indicator): string {
  const reached = indicatorReached(indicator)
  return reached === null ? 'Sans cible' : reached ? 'Oui' : 'Non'
}

/** Every measure, oldest first: "5 structures le 30 septembre 2027 ; 13 structures le 30 juin 2028". */
export function measuresText(indicator: Indicator, date: (iso: string) => string = formatDate): string {
  return [...indicator.measures]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((m) => `${quantity(m.value, indicator.unit)} le ${date(m.date)}`)
    .join(' ; ')
}

/** The indicators' blocks of the fiche: one table, or "À compléter." */
export function indicatorBlocks(indicators: Indicator[]): FicheBlock[] {
  if (indicators.length === 0) return [{ kind: 'paragraph', text: 'À compléter.' }]
  return [
    {
      kind: 'table',
      header: ['Indicateur', 'Situation de départ', 'Cible', 'Mesures', 'Cible atteinte'],
      rows: indicators.map((i) => [
        i.label,
        quantity(i.baseline, i.unit),
        quantity(i.target, i.unit),
        measuresText(i) || 'Aucune mesure',
        reachedText(i),
      ]),
    },
  ]
}

/** The qualitative evaluation's section, when any part of it (or the older single text) is written. */
export function evaluationSection(record: ProjectRecord): FicheSection | undefined {
  const labels = fieldLabels.fr
  const parts = (['evaluationWorked', 'evaluationNotWorked', 'evaluationLessons'] as const).filter((f) =>
    record[f].trim(),
  )
  if (parts.length === 0 && !record.evaluation.trim()) return undefined
  const blocks: FicheBlock[] = []
  for (const field of parts)
    blocks.push({ kind: 'paragraph', text: `${labels[field]} :` }, ...textBlocks(record[field]))
  if (record.evaluation.trim()) {
    if (parts.length > 0) blocks.push({ kind: 'paragraph', text: 'Notes antérieures :' })
    blocks.push(...textBlocks(record.evaluation))
  }
  return { heading: labels.evaluation, blocks }
}

/** The CSV's evaluation columns of a record, in the order of `evaluationCsvColumns`. */
export const evaluationCsvColumns = [
  'Indicateurs',
  'Indicateurs atteints',
  'Ce qui a marché',
  'Ce qui n’a pas marché',
  'Enseignements',
] as const

export function evaluationCsvCells(record: ProjectRecord): string[] {
  const withTarget = record.indicators.filter((i) => i.target !== null)
  const iso = (d: string) => d
  return [
    record.indicators
      .map((i) =>
        [
          `${i.label} : départ ${quantity(i.baseline, i.unit)}`,
          `cible ${quantity(i.target, i.unit)}`,
          measuresText(i, iso) ? `mesures ${measuresText(i, iso)}` : 'aucune mesure',
          `cible atteinte : ${reachedText(i).toLowerCase()}`,
        ].join(', '),
      )
      .join('\n'),
    // "2 sur 3", not "2/3", which a French spreadsheet reads as a date.
    withTarget.length === 0
      ? ''
      : `${withTarget.filter((i) => indicatorReached(i)).length} sur ${withTarget.length}`,
    record.evaluationWorked,
    record.evaluationNotWorked,
    record.evaluationLessons,
  ]
}
