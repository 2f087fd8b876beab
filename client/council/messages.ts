import { defineMessages } from '../app/i18n.tsx'

/** The council page: members and invitations. */
export const messages = defineMessages({
  fr: {
    title: 'Conseil',
    members: 'Membres',
    invite: 'Inviter un·e collègue',
    inviteIntro:
      "Créez un lien d'invitation et transmettez-le à votre collègue (courriel, messagerie). Il sert une seule fois et expire au bout de 7 jours.",
    inviteCreate: "Créer un lien d'invitation",
    inviteCreating: 'Création…',
    inviteLink: "Lien d'invitation",
    inviteExpires: 'Valable jusqu’au {date}.',
  },
  en: {
    title: 'Council',
    members: 'Members',
    invite: 'Invite a colleague',
    inviteIntro:
      'Create an invitation link and send it to your colleague (e-mail, chat). It works once and expires after 7 days.',
    inviteCreate: 'Create an invitation link',
    inviteCreating: 'Creating…',
    inviteLink: 'Invitation link',
    inviteExpires: 'Valid until {date}.',
  },
})
