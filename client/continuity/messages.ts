import { defineMessages } from '../app/i18n.tsx'

/** Strings of continuity across workshops (suggestions, links, waiting ideas), French and English. */
export const messages = defineMessages({
  fr: {
    similarTitle: 'Déjà proposé lors d’ateliers précédents',
    similarIntro: 'Une idée proche existe peut-être déjà : reliez la vôtre plutôt que de la répéter.',
    similarFrom: '{workshop}, {date}',
    similarProject: 'Devenue la fiche-projet « {title} »',
    link: 'Relier mon idée à celle-ci',
    linked: 'Reliée',
    unlink: 'Ne plus relier',
    linkedNote: 'Votre idée sera reliée à « {text} ».',
    linksTitle: 'Idées reliées aux ateliers précédents',
    linksEmpty: 'Aucune idée reliée pour l’instant.',
    showCard: 'Montrer la carte',
    closeSuggestions: 'Fermer les suggestions',
    linkOf: '« {earlier} » ({workshop}, {date})',
    waitingTitle: 'Idées en attente',
    waitingIntro:
      'Les idées laissées hors des regroupements lors des conversions des ateliers de ce contrat. Choisissez-en pour les apporter sur le tableau d’un nouvel atelier.',
    waitingEmpty: 'Aucune idée en attente.',
    waitingNoPriority: 'Sans priorité du contrat',
    waitingFrom: '{workshop}, {date}',
    waitingTarget: 'Atelier qui les reçoit',
    waitingNoWorkshop: 'Créez d’abord un atelier ouvert sur ce contrat pour y apporter ces idées.',
    waitingCarry: 'Apporter sur le tableau',
    waitingChooseOne: 'Cochez au moins une idée.',
    waitingCarried:
      '{count, plural, one {# idée apportée} other {# idées apportées}} sur le tableau de « {workshop} ».',
  },
  en: {
    similarTitle: 'Already proposed in earlier workshops',
    similarIntro: 'A similar idea may already exist: link yours to it rather than repeat it.',
    similarFrom: '{workshop}, {date}',
    similarProject: 'Became the project record “{title}”',
    link: 'Link my idea to this one',
    linked: 'Linked',
    unlink: 'Unlink',
    linkedNote: 'Your idea will be linked to “{text}”.',
    linksTitle: 'Ideas linked to earlier workshops',
    linksEmpty: 'No linked idea yet.',
    showCard: 'Show the card',
    closeSuggestions: 'Close the suggestions',
    linkOf: '“{earlier}” ({workshop}, {date})',
    waitingTitle: 'Waiting ideas',
    waitingIntro:
      'Ideas left outside clusters when this contract’s workshops were converted. Choose some to bring onto a new workshop’s board.',
    waitingEmpty: 'No waiting idea.',
    waitingNoPriority: 'No priority of the contract',
    waitingFrom: '{workshop}, {date}',
    waitingTarget: 'Workshop receiving them',
    waitingNoWorkshop: 'First create an open workshop on this contract to bring these ideas onto it.',
    waitingCarry: 'Bring onto the board',
    waitingChooseOne: 'Tick at least one idea.',
    waitingCarried:
      '{count, plural, one {# idea brought} other {# ideas brought}} onto the board of “{workshop}”.',
  },
})
