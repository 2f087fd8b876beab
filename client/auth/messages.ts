import { defineMessages } from '../app/i18n.tsx'

/** Log-in and sign-up pages. */
export const messages = defineMessages({
  fr: {
    loginTitle: 'Se connecter',
    loginIntro: 'Espace des membres des conseils de développement.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    loginSubmit: 'Se connecter',
    loggingIn: 'Connexion…',
    noAccount: 'Pas encore de compte ?',
    createAccount: 'Créer un compte',
    guestHint: 'Vous participez à un atelier ? Pas besoin de compte :',
    joinWithCode: 'rejoindre avec un code',
    alreadySignedIn: 'Vous êtes connecté·e en tant que {name}.',
    toDashboard: 'Aller au tableau de bord',
    signupTitle: 'Créer un compte',
    signupIntro:
      "Le premier compte d'un conseil crée ce conseil ; vos collègues le rejoignent ensuite par un lien d'invitation.",
    invitedTo: 'Vous rejoignez le conseil « {council} ».',
    inviteInvalid:
      "Ce lien d'invitation n'est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau, ou créez un nouveau conseil ci-dessous.",
    displayName: 'Votre nom',
    displayNameHint: 'Tel que vos collègues et les participant·es le verront.',
    councilName: 'Nom du conseil',
    councilNameHint: 'Par exemple : Conseil de développement du Pays de Brest.',
    passwordHint:
      'Au moins 8 caractères hors espaces, et pas un mot de passe courant : une phrase de plusieurs mots convient bien.',
    inviteOnlyTitle: 'Inscription sur invitation',
    inviteOnly:
      "Sur ce service, on rejoint un conseil par un lien d'invitation. Demandez-en un à l'administrateur ou l'administratrice de votre conseil, puis ouvrez-le.",
    inviteInvalidInviteOnly:
      "Ce lien d'invitation n'est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau à votre conseil.",
    signupSubmit: 'Créer le compte',
    signingUp: 'Création…',
    haveAccount: 'Déjà un compte ?',
    resetTitle: 'Choisir un nouveau mot de passe',
    resetFor: 'Nouveau mot de passe pour {name}.',
    resetInvalid:
      'Ce lien de réinitialisation est inconnu, expiré ou déjà utilisé. Demandez-en un nouveau à l’administrateur de votre conseil.',
    resetDone:
      'Mot de passe enregistré. Toutes vos sessions ont été fermées : connectez-vous avec le nouveau.',
    resetSubmit: 'Enregistrer le mot de passe',
    newPassword: 'Nouveau mot de passe',
    confirmPassword: 'Nouveau mot de passe, une seconde fois',
    passwordsDiffer: 'Les deux saisies diffèrent.',
    saving: 'Enregistrement…',
  },
  en: {
    loginTitle: 'Log in',
    loginIntro: 'For members of development councils.',
    email: 'E-mail address',
    password: 'Password',
    loginSubmit: 'Log in',
    loggingIn: 'Logging in…',
    noAccount: 'No account yet?',
    createAccount: 'Sign up',
    guestHint: 'Taking part in a workshop? No account needed:',
    joinWithCode: 'join with a code',
    alreadySignedIn: 'You are signed in as {name}.',
    toDashboard: 'Go to the dashboard',
    signupTitle: 'Sign up',
    signupIntro:
      "A council's first account creates the council; colleagues then join it through an invitation link.",
    invitedTo: 'You are joining the council “{council}”.',
    inviteInvalid:
      'This invitation link is no longer valid (already used or expired). Ask for a new one, or create a new council below.',
    displayName: 'Your name',
    displayNameHint: 'As your colleagues and participants will see it.',
    councilName: 'Council name',
    councilNameHint: 'For example: Conseil de développement du Pays de Brest.',
    passwordHint:
      'At least 8 characters not counting spaces, and not a common password: a sentence of several words works well.',
    inviteOnlyTitle: 'Sign-up by invitation',
    inviteOnly:
      "On this service you join a council through an invitation link. Ask your council's administrator for one, then open it.",
    inviteInvalidInviteOnly:
      'This invitation link is no longer valid (already used or expired). Ask your council for a new one.',
    signupSubmit: 'Create the account',
    signingUp: 'Creating…',
    haveAccount: 'Already have an account?',
    resetTitle: 'Choose a new password',
    resetFor: 'New password for {name}.',
    resetInvalid:
      "This reset link is unknown, expired or already used. Ask your council's administrator for a new one.",
    resetDone: 'Password saved. All your sessions were closed: log in with the new one.',
    resetSubmit: 'Save the password',
    newPassword: 'New password',
    confirmPassword: 'New password, once more',
    passwordsDiffer: 'The two entries differ.',
    saving: 'Saving…',
  },
})
