import { actorTypeLabels, fieldLabels, statusLabels } from '../../../shared/projects/labels.ts'
import type { ProjectRecord, ProvenanceIdea } from '../../../shared/projects/record.ts'
import { evaluationSection, indicatorBlocks } from '../../evaluation/fiche-parts.ts'
import { exportText } from '../../http/text-rule.ts'

/**
 * The layout of a fiche-projet for a programming committee, in French, independent of the file format:
 * Markdown, PDF and DOCX are three renderings of this one model, so they always say the same thing.
 */
export type FicheBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  /** Label–value pairs (e.g. "Statut : Déposé"). */
  | { kind: 'facts'; facts: [string, string][] }

export interface FicheSection {
  heading: string
  blocks: FicheBlock[]
}

export interface Fiche {
  /** Line above the title: "Fiche-projet". */
  kicker: string
  title: string
  /** Status, priority, action, contract, workshop. */
  facts: [string, string][]
  sections: FicheSection[]
  footer: string
}

const fr = { fields: fieldLabels.fr, statuses: statusLabels.fr, actors: actorTypeLabels.fr }
const TO_COMPLETE = 'À compléter.'

/** Euros the French way: "12 345,50 €". */
export function formatEuros(amount: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(amount)
}

/** An ISO date (YYYY-MM-DD) the French way: "1 mars 2027". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y!, m! - 1, d!)))
}

/** Free text as blocks: lines starting with "- " or "• " become a list, the rest paragraphs. */
export function textBlocks(text: string): FicheBlock[] {
  const blocks: FicheBlock[] = []
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim()
    if (!trimmed) continue
    const item = /^[-•*]\s+(.*)$/.exec(trimmed)
    const last = blocks.at(-1)
    if (item) {
      if (last?.kind === 'list') last.items.push(item[1]!)
      else blocks.push({ kind: 'list', items: [item[1]!] })
    } else blocks.push({ kind: 'paragraph', text: trimmed })
  }
  return blocks.length > 0 ? blocks : [{ kind: 'paragraph', text: TO_COMPLETE }]
}

const dots = (n: number) => `${n} gommette${n > 1 ? 's' : ''}`
const ideaCount = (n: number) => `${n} idée${n > 1 ? 's' : ''}`

/** A day the French way, in France's time: "5 décembre 2026". */
const longDate = (at: Date | string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(at))

/**
 * A group of ideas: its sentence, its ideas with their author and dots, its contributors. An anonymous
 * workshop's ideas carry no author (conversion-plan.ts): the table then has no author column, so no
 * document links a person to an idea.
 */
function ideaBlocks(intro: string, ideas: ProvenanceIdea[], contributors: string[]): FicheBlock[] {
  const authored = ideas.some((i) => i.authorName)
  return [
    { kind: 'paragraph', text: intro },
    ...(ideas.length > 0
      ? [
          {
            kind: 'table' as const,
            header: authored ? ['Idée', 'Auteur ou autrice', 'Gommettes'] : ['Idée', 'Gommettes'],
            rows: ideas.map((i) =>
              authored ? [i.text, i.authorName, String(i.dots)] : [i.text, String(i.dots)],
            ),
          },
        ]
      : []),
    { kind: 'facts', facts: [['Contributeurs et contributrices', contributors.join(', ') || '—']] },
  ]
}

/**
 * The dots of a record: the total, and where they were given when the group itself received some (a
 * vote on clusters), e.g. "7 gommettes (2 sur le groupe, 5 sur ses idées)".
 */
export function dotsLine(p: ProjectRecord['provenance']): string {
  if (!p.clusterDots) return dots(p.totalDots)
  const onIdeas = p.ideaDots ?? p.totalDots - p.clusterDots
  return `${dots(p.totalDots)} (${p.clusterDots} sur le groupe, ${onIdeas} sur ses idées)`
}

function codeAndTitle(code: string | null, title: string | null): string {
  if (!code) return 'À attribuer'
  return title ? `${code} – ${title}` : code
}

/**
 * Builds the fiche of a record. `contractTitle` names the contract it belongs to. Its text is safe for
 * any document (documentText).
 */
export function buildFiche(record: ProjectRecord, contractTitle: string, now = new Date()): Fiche {
  const p = record.provenance
  const actors: string[][] = []
  if (record.carrier) actors.push(['Porteur', record.carrier.name, fr.actors[record.carrier.type], ''])
  for (const partner of record.partners)
    actors.push(['Partenaire', partner.name, fr.actors[partner.type], partner.role])

  const funding = record.fundingSources.map((s) => [
    s.name,
    s.amount === null ? 'À préciser' : formatEuros(s.amount),
    s.secured ? 'Acquis' : 'Sollicité',
  ])
  const fundingTotal = record.fundingSources.reduce((sum, s) => sum + (s.amount ?? 0), 0)

  const schedule =
    record.scheduleStart && record.scheduleEnd
      ? `Du ${formatDate(record.scheduleStart)} au ${formatDate(record.scheduleEnd)}.`
      : record.scheduleStart
        ? `À partir du ${formatDate(record.scheduleStart)}.`
        : record.scheduleEnd
          ? `Jusqu’au ${formatDate(record.scheduleEnd)}.`
          : TO_COMPLETE

  const sections: FicheSection[] = [
    { heading: fr.fields.summary, blocks: textBlocks(record.summary) },
    {
      heading: 'Porteur et partenaires',
      blocks:
        actors.length > 0
          ? [{ kind: 'table', header: ['Rôle', 'Nom', 'Type d’acteur', 'Rôle dans le projet'], rows: actors }]
          : [{ kind: 'paragraph', text: TO_COMPLETE }],
    },
    { heading: fr.fields.objectives, blocks: textBlocks(record.objectives) },
    { heading: fr.fields.expectedOutcomes, blocks: textBlocks(record.expectedOutcomes) },
    {
      heading: 'Budget et financement',
      blocks: [
        {
          kind: 'facts',
          facts: [
            [fr.fields.budget, record.budget === null ? 'À préciser' : formatEuros(record.budget)],
            ...(funding.length > 0
              ? [['Total des financements', formatEuros(fundingTotal)] as [string, string]]
              : []),
          ],
        },
        ...(funding.length > 0
          ? [{ kind: 'table' as const, header: ['Financeur', 'Montant', 'État'], rows: funding }]
          : []),
      ],
    },
    { heading: 'Calendrier', blocks: [{ kind: 'paragraph', text: schedule }] },
    {
      heading: fr.fields.indicators,
      blocks: indicatorBlocks(record.indicators),
    },
    {
      heading: 'Besoins d’accompagnement',
      blocks: [
        {
          kind: 'facts',
          facts: [
            [fr.fields.supportNeeded, record.supportNeeded || 'Non renseigné'],
            [fr.fields.riskToSecure, record.riskToSecure || 'Non renseigné'],
          ],
        },
      ],
    },
  ]
  const evaluation = evaluationSection(record)
  if (evaluation) sections.push(evaluation)
  sections.push({
    heading: 'Idées d’origine',
    blocks: ideaBlocks(
      `Groupe « ${p.clusterTitle} » de l’atelier « ${p.workshopTitle} » : ${ideaCount(p.ideas.length)}, ${dotsLine(p)}.`,
      p.ideas,
      p.contributors,
    ),
  })
  if (p.attached?.length)
    sections.push({
      heading: 'Idées rattachées d’autres ateliers',
      blocks: p.attached.flatMap((group) =>
        ideaBlocks(
          `Groupe « ${group.clusterTitle} » de l’atelier « ${group.workshopTitle} », rattaché le ${longDate(
            group.attachedAt,
          )} : ${ideaCount(group.ideas.length)}, ${dots(group.totalDots)}.`,
          group.ideas,
          group.contributors,
        ),
      ),
    })

  return documentText({
    kicker: 'Fiche-projet',
    title: record.title,
    facts: [
      [fr.fields.status, fr.statuses[record.status]],
      [fr.fields.priorityCode, codeAndTitle(record.priorityCode, record.priorityTitle)],
      [
        fr.fields.actionCode,
        record.actionCode ? codeAndTitle(record.actionCode, record.actionTitle) : 'Toute la priorité',
      ],
      ['Contrat', contractTitle],
      ['Atelier', p.workshopTitle],
    ],
    sections,
    footer: `Document établi le ${longDate(now)} avec Kenlabour (version ${record.version} de la fiche).`,
  })
}

/**
 * Every string of the fiche made safe for a document (http/text-rule.ts exportText): whatever text is
 * stored, a live board's included, no format gets NUL, a lone surrogate or a control character.
 */
export function documentText<T>(value: T): T {
  if (typeof value === 'string') return exportText(value) as T
  if (Array.isArray(value)) return value.map(documentText) as T
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, documentText(v)])) as T
  return value
}
