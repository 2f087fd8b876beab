import type { Language } from '../projects/labels.ts'
import type { SupportKind } from './record.ts'

/** Names of the kinds of support, for pages and exports. */
export const supportKindLabels: Record<Language, Record<SupportKind, string>> = {
  fr: {
    engineering: 'Ingénierie',
    funding: 'Financement',
    guarantee: 'Garantie',
    partners: 'Partenaires',
    premises: 'Locaux',
  },
  en: {
    engineering: 'Engineering',
    funding: 'Funding',
    guarantee: 'Guarantee',
    partners: 'Partners',
    premises: 'Premises',
  },
}

/** Names of the follow-up fields, for a record's history. */
export const followupFieldLabels: Record<Language, Record<string, string>> = {
  fr: {
    referents: 'Référent·es',
    supportKinds: 'Accompagnement demandé',
    smallStructure: 'Petite structure',
    nextStep: 'Prochaine étape',
    nextStepDate: 'Date de la prochaine étape',
  },
  en: {
    referents: 'Referents',
    supportKinds: 'Support asked for',
    smallStructure: 'Small structure',
    nextStep: 'Next step',
    nextStepDate: 'Date of the next step',
  },
}
