import { defineMessages } from '../app/i18n.tsx'

/** The privacy page: what is stored about a participant, for how long, whom to ask for erasure. */
export const messages = defineMessages({
  fr: {
    title: 'Confidentialité et données personnelles',
    intro:
      'Kenlabour sert aux ateliers de co-construction des conseils de développement. Voici ce qu’il garde de vous quand vous participez à un atelier, sans compte.',
    storedTitle: 'Ce qui est enregistré',
    storedName:
      'Le nom ou pseudonyme que vous choisissez en rejoignant, le code utilisé et votre heure d’arrivée (la liste de présence de l’atelier).',
    storedIdeas:
      'Vos idées : leur texte, leur couleur et leur place sur le tableau, avec votre nom (dans un atelier anonyme, votre nom n’y figure pas : seule l’animation sait qui a écrit quoi). Les idées écrites en silence restent visibles de vous et de l’animation seulement, jusqu’à leur révélation.',
    storedVotes:
      'Vos votes (gommettes) : secrets jusqu’à ce que l’animation révèle les résultats, qui ne donnent que des totaux.',
    storedRecords:
      'Quand l’atelier devient des fiches-projets, vos idées y sont reprises avec votre nom (leur provenance), ainsi que dans l’historique des fiches.',
    storedSession:
      'Une session de connexion : un cookie technique, sans publicité ni mesure d’audience, qui expire après 7 jours sans usage et au plus tard après 30 jours.',
    storedDevice: 'Sur votre appareil seulement : votre nom, pour la prochaine fois, et la langue choisie.',
    notStored:
      'Pas d’adresse électronique, pas de compte. Votre curseur et votre présence en ligne ne sont pas enregistrés. Les journaux techniques du serveur peuvent noter l’adresse réseau des requêtes, selon la politique de l’hébergeur.',
    durationTitle: 'Pour combien de temps',
    duration:
      '{months, plural, one {# mois} other {# mois}} après la clôture de l’atelier, votre nom et tout ce qui vous relie à vos contributions sont effacés automatiquement. Vos idées restent, attribuées à « Participant·e anonyme ».',
    durationOff: 'Votre nom est gardé avec vos contributions jusqu’à ce que vous demandiez son effacement.',
    erasureTitle: 'Demander l’effacement',
    erasure:
      'À tout moment, vous pouvez demander que votre nom et tout ce qui vous désigne soient effacés des tableaux, des fiches-projets et des listes (RGPD, article 17). Vos idées peuvent rester sans nom, ou être retirées si vous le demandez.',
    contact: 'Adressez votre demande à : {contact}',
    contactDefault:
      'Adressez votre demande à l’animation de votre atelier ou au conseil de développement qui l’organise : une personne de son administration efface votre nom.',
    back: 'Rejoindre un atelier',
  },
  en: {
    title: 'Privacy and personal data',
    intro:
      'Kenlabour runs the co-construction workshops of development councils. This is what it keeps about you when you take part in a workshop, without an account.',
    storedTitle: 'What is stored',
    storedName:
      'The name or nickname you choose when joining, the code you used and when you arrived (the workshop’s attendance list).',
    storedIdeas:
      'Your ideas: their text, colour and place on the board, with your name (in an anonymous workshop your name is not on them: only the facilitators know who wrote what). Ideas written during silent writing are seen by you and the facilitators only, until they are revealed.',
    storedVotes:
      'Your votes (dots): secret until the facilitators reveal the results, which give totals only.',
    storedRecords:
      'When the workshop becomes project records, your ideas are copied into them with your name (their provenance), and into the records’ history.',
    storedSession:
      'A session: a technical cookie, with no advertising or audience measurement, that expires after 7 days unused and after 30 days at most.',
    storedDevice: 'On your device only: your name, for next time, and the language you chose.',
    notStored:
      'No e-mail address, no account. Your cursor and your presence online are not stored. The server’s technical logs may record the network address of requests, as the host’s policy says.',
    durationTitle: 'For how long',
    duration:
      '{months, plural, one {# month} other {# months}} after the workshop closed, your name and everything linking you to your contributions are erased automatically. Your ideas stay, credited to “Anonymous participant”.',
    durationOff: 'Your name is kept with your contributions until you ask for it to be erased.',
    erasureTitle: 'Asking for erasure',
    erasure:
      'At any time, you may ask for your name and everything that designates you to be erased from the boards, the project records and the lists (GDPR, article 17). Your ideas can stay without a name, or be removed if you ask.',
    contact: 'Send your request to: {contact}',
    contactDefault:
      'Send your request to your workshop’s facilitators or to the development council that runs it: one of its administrators erases your name.',
    back: 'Join a workshop',
  },
})
