import type { ActorType, EditableField, ProjectStatus } from './record.ts'
import type { FieldErrorCode } from './validation.ts'

/**
 * Words for project records in French (the default) and English: field names, statuses, actor types
 * and validation messages. The server writes French documents and error messages from them; the client
 * shows either language.
 */
export type Language = 'fr' | 'en'

export const fieldLabels: Record<Language, Record<EditableField, string>> = {
  fr: {
    title: 'Titre',
    summary: 'Résumé',
    priorityCode: 'Priorité',
    actionCode: 'Fiche-action',
    objectives: 'Objectifs',
    expectedOutcomes: 'Résultats attendus',
    budget: 'Budget prévisionnel',
    fundingSources: 'Plan de financement',
    scheduleStart: 'Début',
    scheduleEnd: 'Fin',
    indicators: 'Indicateurs',
    status: 'Statut',
    carrier: 'Porteur',
    partners: 'Partenaires',
    supportNeeded: 'Accompagnement nécessaire',
    riskToSecure: 'Risque à sécuriser',
    evaluation: 'Évaluation qualitative',
    evaluationWorked: 'Ce qui a marché',
    evaluationNotWorked: 'Ce qui n’a pas marché',
    evaluationLessons: 'Enseignements',
  },
  en: {
    title: 'Title',
    summary: 'Summary',
    priorityCode: 'Priority',
    actionCode: 'Action',
    objectives: 'Objectives',
    expectedOutcomes: 'Expected outcomes',
    budget: 'Estimated budget',
    fundingSources: 'Funding plan',
    scheduleStart: 'Start',
    scheduleEnd: 'End',
    indicators: 'Indicators',
    status: 'Status',
    carrier: 'Carrier',
    partners: 'Partners',
    supportNeeded: 'Support needed',
    riskToSecure: 'Risk to secure',
    evaluation: 'Qualitative evaluation',
    evaluationWorked: 'What worked',
    evaluationNotWorked: 'What did not work',
    evaluationLessons: 'Lessons',
  },
}

export const statusLabels: Record<Language, Record<ProjectStatus, string>> = {
  fr: {
    candidature: 'Candidature',
    emerging: 'Émergent',
    in_instruction: 'En instruction',
    submitted: 'Déposé',
    funded: 'Financé',
    in_progress: 'En cours',
    completed: 'Réalisé',
    evaluated: 'Évalué',
    abandoned: 'Abandonné',
  },
  en: {
    candidature: 'Application',
    emerging: 'Emerging',
    in_instruction: 'Under review',
    submitted: 'Submitted',
    funded: 'Funded',
    in_progress: 'In progress',
    completed: 'Completed',
    evaluated: 'Evaluated',
    abandoned: 'Abandoned',
  },
}

export const actorTypeLabels: Record<Language, Record<ActorType, string>> = {
  fr: {
    collectivite: 'Collectivité',
    association: 'Association',
    entreprise: 'Entreprise',
    ess: 'Structure de l’ESS',
    citoyen: 'Citoyen·ne',
    etat: 'État',
    autre: 'Autre',
  },
  en: {
    collectivite: 'Local authority',
    association: 'Association',
    entreprise: 'Company',
    ess: 'Social economy',
    citoyen: 'Citizen',
    etat: 'State',
    autre: 'Other',
  },
}

export const fieldErrorMessages: Record<Language, Record<FieldErrorCode, string>> = {
  fr: {
    required: 'obligatoire pour ce statut',
    negative: 'doit être positif ou nul',
    precision: 'au centime près au plus',
    invalid_date: 'date invalide (AAAA-MM-JJ)',
    date_order: 'la fin doit suivre le début',
    unknown_priority: 'priorité absente du contrat',
    unknown_action: 'fiche-action absente de cette priorité',
    action_without_priority: 'choisissez d’abord une priorité',
    empty_name: 'le nom est obligatoire',
    invalid_number: 'nombre invalide (par exemple 12500,50)',
  },
  en: {
    required: 'required for this status',
    negative: 'must be zero or more',
    precision: 'at most cents',
    invalid_date: 'invalid date (YYYY-MM-DD)',
    date_order: 'the end must follow the start',
    unknown_priority: 'priority not in the contract',
    unknown_action: 'action not in this priority',
    action_without_priority: 'choose a priority first',
    empty_name: 'the name is required',
    invalid_number: 'invalid number (for example 12500.50)',
  },
}

/** The label of a field path such as `fundingSources.1.amount` (its top field's label). */
export function fieldPathLabel(path: string, language: Language): string {
  const top = path.split('.')[0] as EditableField
  return fieldLabels[language][top] ?? path
}
