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
