import type { Review } from '../../shared/api/review.ts'
import { decisionLabels, frenchScore } from '../../shared/calls/decisions.ts'
import { actorTypeLabels, statusLabels } from '../../shared/projects/labels.ts'
import type { ActorType, ProjectRecord } from '../../shared/projects/record.ts'
import { spreadsheetCsv } from '../http/spreadsheet-csv.ts'
import { fichesToDocx } from '../projects/export/docx.ts'
import { documentText, type Fiche, formatDate, formatEuros, textBlocks } from '../projects/export/fiche.ts'
import { type ScoredCriterion, scoredCount, weightedScore } from './score.ts'
import type { CallQuestionRow } from './tables.ts'

/**
 * A call's applications for its review: one table as CSV for a French spreadsheet, one DOCX for the
 * programming committee (a summary, then a section per application: carrier, title, summary, answers,
 * budget, scores per criterion, weighted score, decision and reason). Both in French, in one order:
 * weighted score, best first, applications not fully scored after them, then by submission.
 */

export interface ReviewedCall {
  title: string
  kind: 'call' | 'ami'
  contractTitle: string
  opensAt: string
  closesAt: string
  questions: CallQuestionRow[]
  criteria: ScoredCriterion[]
}

/** The carrier's part of an application (projects.application), read leniently. */
export interface ApplicationPart {
  answers: Record<string, unknown>
  email: string
  carrierKind: string
  submittedAt: string | null
}

export interface ReviewedApplication {
  record: ProjectRecord
  application: ApplicationPart
}

/** `projects.application` as the calls part writes it: {answers, contact: {email}, carrierKind, submittedAt}. */
export function readApplication(value: unknown): ApplicationPart {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, any>
  return {
    answers: v.answers && typeof v.answers === 'object' ? v.answers : {},
    email: typeof v.contact?.email === 'string' ? v.contact.email : '',
    carrierKind: typeof v.carrierKind === 'string' ? v.carrierKind : '',
    submittedAt: typeof v.submittedAt === 'string' ? v.submittedAt : null,
  }
}

const fr = { actors: actorTypeLabels.fr as Record<string, string>, statuses: statusLabels.fr }
const kindTitles = { call: 'Appel à projets', ami: 'Appel à manifestation d’intérêt' }

/** The score of an application under the call's criteria (null until fully scored). */
const scoreOf = (call: ReviewedCall, review: Review | null | undefined) =>
  weightedScore(call.criteria, review?.scores)

/** Best weighted score first, then the unscored, each by submission. */
export function reviewOrder(call: ReviewedCall, applications: ReviewedApplication[]): ReviewedApplication[] {
  const submitted = (a: ReviewedApplication) => a.application.submittedAt ?? a.record.createdAt
  return [...applications].sort((a, b) => {
    const sa = scoreOf(call, a.record.review)
    const sb = scoreOf(call, b.record.review)
    if (sa !== sb) return sb === null ? -1 : sa === null ? 1 : sb - sa
    return submitted(a).localeCompare(submitted(b))
  })
}

/** An answer as text: numbers with a decimal comma, lists joined. */
function answerText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value).replace('.', ',')
  if (Array.isArray(value)) return value.map(answerText).join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const amount = (value: number | null) => (value === null ? '' : value.toFixed(2).replace('.', ','))
const carrierKind = (a: ReviewedApplication) => {
  const kind = a.record.carrier?.type ?? a.application.carrierKind
  return fr.actors[kind as ActorType] ?? kind
}
const priority = (r: ProjectRecord) =>
  r.priorityCode ? (r.priorityTitle ? `${r.priorityCode} – ${r.priorityTitle}` : r.priorityCode) : ''
const day = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso))
    : ''
const decision = (review: Review | null | undefined) => decisionLabels.fr[review?.decision ?? 'none']
const criterionHeading = (c: ScoredCriterion) => `${c.label} (poids ${String(c.weight).replace('.', ',')})`

/** One row per application, one column per question and per criterion. */
export function applicationsToCsv(call: ReviewedCall, applications: ReviewedApplication[]): string {
  const header = [
    'Identifiant',
    'Titre',
    'Porteur',
    'Type de porteur',
    'Contact',
    'Priorité',
    'Budget prévisionnel (€)',
    'Déposée le',
    'Résumé',
    ...call.questions.map((q) => q.label),
    ...call.criteria.map((c) => `Note : ${criterionHeading(c)}`),
    'Note pondérée (sur 5)',
    'Décision',
    'Motif',
    'Statut',
  ]
  const rows = reviewOrder(call, applications).map(({ record: r, application: a }) => {
    const score = scoreOf(call, r.review)
    return [
      r.id,
      r.title,
      r.carrier?.name ?? '',
      carrierKind({ record: r, application: a }),
      a.email,
      priority(r),
      amount(r.budget),
      day(a.submittedAt),
      r.summary,
      ...call.questions.map((q) => answerText(a.answers[q.id])),
      ...call.criteria.map((c) =>
        r.review && Object.hasOwn(r.review.scores, c.id) ? String(r.review.scores[c.id]) : '',
      ),
      score === null ? '' : frenchScore(score),
      decision(r.review),
      r.review?.reason ?? '',
      fr.statuses[r.status],
    ]
  })
  return spreadsheetCsv([header, ...rows])
}

function scoreLine(call: ReviewedCall, review: Review | null | undefined): string {
  const score = scoreOf(call, review)
  if (score !== null) return `${frenchScore(score)} / 5`
  const { scored, total } = scoredCount(call.criteria, review?.scores)
  return `Non notée (${scored} critère${scored > 1 ? 's' : ''} sur ${total})`
}

function applicationFiche(
  call: ReviewedCall,
  { record: r, application: a }: ReviewedApplication,
  footer: string,
): Fiche {
  return {
    kicker: `Candidature · ${call.title}`,
    title: r.title,
    facts: [
      ['Porteur', r.carrier ? `${r.carrier.name} (${carrierKind({ record: r, application: a })})` : '—'],
      ['Priorité', priority(r) || 'À attribuer'],
      ['Budget prévisionnel', r.budget === null ? 'Non renseigné' : formatEuros(r.budget)],
      ['Déposée le', a.submittedAt ? day(a.submittedAt) : '—'],
      ['Note pondérée', scoreLine(call, r.review)],
      ['Décision', decision(r.review)],
    ],
    sections: [
      { heading: 'Résumé', blocks: textBlocks(r.summary) },
      {
        heading: 'Réponses au questionnaire',
        blocks:
          call.questions.length > 0
            ? [
                {
                  kind: 'table',
                  header: ['Question', 'Réponse'],
                  rows: call.questions.map((q) => [q.label, answerText(a.answers[q.id]) || '—']),
                },
              ]
            : [{ kind: 'paragraph', text: 'L’appel ne pose pas de question.' }],
      },
      {
        heading: 'Notation',
        blocks: [
          ...(call.criteria.length > 0
            ? [
                {
                  kind: 'table' as const,
                  header: ['Critère', 'Poids', 'Note (0 à 5)'],
                  rows: call.criteria.map((c) => [
                    c.label,
                    String(c.weight).replace('.', ','),
                    r.review && Object.hasOwn(r.review.scores, c.id) ? String(r.review.scores[c.id]) : '—',
                  ]),
                },
              ]
            : []),
          { kind: 'facts', facts: [['Note pondérée', scoreLine(call, r.review)]] },
        ],
      },
      {
        heading: 'Décision',
        blocks: [
          {
            kind: 'facts',
            facts: [
              ['Décision', decision(r.review)],
              ['Motif', r.review?.reason || '—'],
            ],
          },
        ],
      },
    ],
    footer,
  }
}

/** The committee's document: the call and a summary table, then one section per application. */
export function applicationsToDocx(
  call: ReviewedCall,
  applications: ReviewedApplication[],
  now = new Date(),
): Promise<Buffer> {
  const ordered = reviewOrder(call, applications)
  const footer = `Dossier du comité de programmation généré par Kenlabour le ${formatDate(now.toISOString().slice(0, 10))}.`
  const cover: Fiche = {
    kicker: `${kindTitles[call.kind]} · dossier du comité de programmation`,
    title: call.title,
    facts: [
      ['Contrat', call.contractTitle || '—'],
      ['Période de dépôt', `du ${day(call.opensAt)} au ${day(call.closesAt)}`],
      ['Candidatures', String(applications.length)],
      ['Critères (notés de 0 à 5)', call.criteria.map(criterionHeading).join(' ; ') || 'Aucun critère'],
    ],
    sections: [
      {
        heading: 'Synthèse',
        blocks:
          ordered.length > 0
            ? [
                {
                  kind: 'table',
                  header: ['Candidature', 'Porteur', 'Note pondérée', 'Décision'],
                  rows: ordered.map(({ record: r }) => {
                    const score = scoreOf(call, r.review)
                    return [
                      r.title,
                      r.carrier?.name ?? '—',
                      score === null ? '—' : frenchScore(score),
                      decision(r.review),
                    ]
                  }),
                },
              ]
            : [{ kind: 'paragraph', text: 'Aucune candidature.' }],
      },
    ],
    footer,
  }
  const fiches = [cover, ...ordered.map((a) => applicationFiche(call, a, footer))].map(documentText)
  return fichesToDocx(
    { title: documentText(call.title), description: 'Dossier du comité de programmation' },
    fiches,
  )
}
