import { defineMessages } from '../app/i18n.tsx'

/** The review of a call's applications: scoring, decision, exports. Decision words: shared/calls/decisions.ts. */
export const reviewMessages = defineMessages({
  fr: {
    title: 'Évaluation',
    intro:
      'Notez chaque critère de 0 (absent) à 5 (excellent). La note pondérée apparaît quand tous les critères sont notés.',
    weight: 'poids {weight}',
    notScored: 'Non noté',
    scoreOption: '{score} sur 5',
    total: 'Note pondérée : {score} / 5',
    totalPending: 'Note pondérée : {scored} critère(s) noté(s) sur {total}',
    noCriteria: 'L’appel n’a pas de critère de notation : seule la décision s’enregistre.',
    decision: 'Décision',
    reason: 'Motif de la décision',
    reasonHint: 'Obligatoire pour un refus ; il figure dans le dossier du comité.',
    reasonRequired: 'Indiquez le motif du refus.',
    save: 'Enregistrer l’évaluation',
    saving: 'Enregistrement…',
    saved: 'Évaluation enregistrée.',
    stale:
      'La candidature a été modifiée entre-temps : l’évaluation a été rechargée, vérifiez-la puis enregistrez à nouveau.',
    reviewedOn: 'Dernière évaluation le {date}.',
    exportsTitle: 'Documents pour le comité',
    exportsIntro: 'Toutes les candidatures de l’appel, de la meilleure note à la moins bonne.',
    downloadCsv: 'Tableau des candidatures (CSV)',
    downloadDocx: 'Dossier du comité (DOCX)',
  },
  en: {
    title: 'Review',
    intro:
      'Score each criterion from 0 (absent) to 5 (excellent). The weighted score appears once every criterion is scored.',
    weight: 'weight {weight}',
    notScored: 'Not scored',
    scoreOption: '{score} out of 5',
    total: 'Weighted score: {score} / 5',
    totalPending: 'Weighted score: {scored} of {total} criteria scored',
    noCriteria: 'The call has no scoring criteria: only the decision is recorded.',
    decision: 'Decision',
    reason: 'Reason for the decision',
    reasonHint: 'Required for a refusal; it appears in the committee’s document.',
    reasonRequired: 'Give the reason for the refusal.',
    save: 'Save the review',
    saving: 'Saving…',
    saved: 'Review saved.',
    stale: 'The application changed in the meantime: the review was reloaded; check it and save again.',
    reviewedOn: 'Last reviewed on {date}.',
    exportsTitle: 'Documents for the committee',
    exportsIntro: 'Every application to the call, from the best score down.',
    downloadCsv: 'Applications table (CSV)',
    downloadDocx: 'Committee document (DOCX)',
  },
})
