import { defineMessages } from '../app/i18n.tsx'

/** The join page: a code and a display name, no account. */
export const messages = defineMessages({
  fr: {
    title: 'Rejoindre un atelier',
    intro:
      "Saisissez le code donné par l'animation et le nom sous lequel vous apparaîtrez. Pas besoin de compte.",
    code: "Code de l'atelier",
    codeHint: 'Huit lettres ou chiffres, par exemple ABCD‑EFGH.',
    displayName: 'Votre nom ou pseudonyme',
    displayNameHint: 'Visible par les autres participant·es.',
    checking: 'Vérification du code…',
    previewParticipant: 'Atelier « {title} » : vous participerez (idées, regroupement, vote).',
    previewObserver: 'Atelier « {title} » : vous observerez le tableau sans le modifier.',
    unknownCode: 'Code inconnu ou révoqué : vérifiez-le auprès de l’animation.',
    submit: 'Rejoindre',
    joining: 'Connexion au tableau…',
    accountWillEnd:
      'Vous êtes connecté·e avec le compte de {name} : rejoindre un atelier comme invité·e fermera cette session. Pour animer vos propres ateliers, ouvrez-les depuis le tableau de bord.',
    privacy: 'Vos données : ce qui est enregistré, combien de temps, comment demander l’effacement',
  },
  en: {
    title: 'Join a workshop',
    intro: 'Type the code given by the facilitators and the name others will see. No account needed.',
    code: 'Workshop code',
    codeHint: 'Eight letters or digits, for example ABCD‑EFGH.',
    displayName: 'Your name or nickname',
    displayNameHint: 'Visible to the other participants.',
    checking: 'Checking the code…',
    previewParticipant: 'Workshop “{title}”: you will take part (ideas, clustering, voting).',
    previewObserver: 'Workshop “{title}”: you will watch the board without editing it.',
    unknownCode: 'Unknown or revoked code: check it with the facilitators.',
    submit: 'Join',
    joining: 'Opening the board…',
    accountWillEnd:
      'You are signed in with the account of {name}: joining a workshop as a guest ends that session. To run your own workshops, open them from the dashboard.',
    privacy: 'Your data: what is stored, for how long, how to ask for erasure',
  },
})
