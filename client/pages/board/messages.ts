import { defineMessages } from '../../app/i18n.tsx'

/** The board page (placeholder until the live board replaces it). */
export const messages = defineMessages({
  fr: {
    title: 'Tableau',
    workshop: 'Atelier',
    role: 'Votre rôle : {role}',
    role_facilitator: 'animation',
    role_member: 'membre du conseil',
    role_participant: 'participant·e',
    role_observer: 'observation (lecture seule)',
    placeholder: 'Le tableau collaboratif s’affichera ici.',
    noAccess: "Vous n'avez pas accès à ce tableau. Rejoignez l'atelier avec son code.",
    join: 'Rejoindre avec un code',
    home: 'Accueil',
  },
  en: {
    title: 'Board',
    workshop: 'Workshop',
    role: 'Your role: {role}',
    role_facilitator: 'facilitator',
    role_member: 'council member',
    role_participant: 'participant',
    role_observer: 'observer (read only)',
    placeholder: 'The collaborative board will appear here.',
    noAccess: 'You do not have access to this board. Join the workshop with its code.',
    join: 'Join with a code',
    home: 'Home',
  },
})
