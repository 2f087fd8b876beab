import { defineMessages } from '../app/i18n.tsx'

/** Erasing a person (GDPR article 17): the action in the participants and members lists, its dialog. */
export const messages = defineMessages({
  fr: {
    erase: 'Effacer cette personne',
    anonymousParticipant: 'Participant·e anonyme',
    eraseNamed: 'Effacer {name}',
    title: 'Effacer {name} de tout le conseil ?',
    guestIntro:
      'Son nom et tout ce qui la relie à elle disparaissent des tableaux (y compris pendant un atelier en cours), des instantanés, des fiches-projets et de leur historique, des votes et de la liste de présence. Sa session se ferme aussitôt.',
    memberIntro:
      'Son nom, son adresse et tout ce qui la relie à elle disparaissent des tableaux, des instantanés, des fiches-projets et de leur historique. Son compte ne permet plus de se connecter et ses sessions se ferment aussitôt ; les ateliers qu’elle animait seule vous reviennent.',
    ideasLegend: 'Ses idées',
    keepIdeas: 'Les garder, sans nom : elles seront attribuées à « Participant·e anonyme »',
    removeIdeas: 'Les retirer aussi, à sa demande (tableaux, fiches-projets et leurs brouillons)',
    confirm: 'Effacer définitivement',
    erased: 'Personne effacée : {boards} tableau(x) et {records} fiche(s)-projet(s) modifiés.',
  },
  en: {
    erase: 'Erase this person',
    anonymousParticipant: 'Anonymous participant',
    eraseNamed: 'Erase {name}',
    title: 'Erase {name} from the whole council?',
    guestIntro:
      'Their name and everything linking to them leave the boards (a workshop under way too), the snapshots, the project records and their history, the votes and the attendance list. Their session ends at once.',
    memberIntro:
      'Their name, address and everything linking to them leave the boards, the snapshots, the project records and their history. Their account can no longer sign in and their sessions end at once; the workshops they ran alone pass to you.',
    ideasLegend: 'Their ideas',
    keepIdeas: 'Keep them, without a name: they will be credited to “Anonymous participant”',
    removeIdeas: 'Remove them too, as they asked (boards, project records and their drafts)',
    confirm: 'Erase for good',
    erased: 'Person erased: {boards} board(s) and {records} project record(s) changed.',
  },
})
