import { defineMessages } from '../app/i18n.tsx'

/** The home page: the landing page for visitors and the council's dashboard. */
export const messages = defineMessages({
  fr: {
    landingTitle: 'Des ateliers de co-construction, sur un tableau partagé',
    landingIntro:
      'Kenlabour aide les conseils de développement à animer les ateliers des contrats de partenariat : les participant·es rejoignent un tableau avec un code, postent leurs idées, les regroupent et votent ; les idées deviennent des fiches-projets.',
    participantTitle: 'Vous participez à un atelier',
    participantText: "Saisissez le code donné par l'animation. Pas besoin de compte.",
    code: "Code de l'atelier",
    join: 'Rejoindre',
    memberTitle: 'Vous êtes membre d’un conseil',
    memberText: 'Préparez les contrats et les ateliers, puis transformez les tableaux en fiches-projets.',
    login: 'Se connecter',
    signup: 'Créer un compte',
    dashboardTitle: 'Tableau de bord',
    council: 'Conseil : {name}',
    workshops: 'Ateliers',
    newWorkshop: 'Nouvel atelier',
    templates: 'Modèles d’ateliers',
    noWorkshops: "Aucun atelier pour l'instant.",
    noWorkshopsNeedContract:
      "Aucun atelier pour l'instant : créez d'abord un contrat, puis un atelier à partir de ses priorités.",
    facilitating: 'Vous animez',
    contracts: 'Contrats',
    newContract: 'Nouveau contrat',
    noContracts: 'Aucun contrat. Saisissez-en un ou importez un fichier JSON.',
  },
  en: {
    landingTitle: 'Co-construction workshops on a shared board',
    landingIntro:
      'Kenlabour helps development councils run the workshops of partnership contracts: participants join a board with a code, post their ideas, cluster them and vote; the ideas become project records.',
    participantTitle: 'Taking part in a workshop',
    participantText: 'Type the code given by the facilitators. No account needed.',
    code: 'Workshop code',
    join: 'Join',
    memberTitle: 'Member of a council',
    memberText: 'Prepare contracts and workshops, then turn boards into project records.',
    login: 'Log in',
    signup: 'Sign up',
    dashboardTitle: 'Dashboard',
    council: 'Council: {name}',
    workshops: 'Workshops',
    newWorkshop: 'New workshop',
    templates: 'Workshop templates',
    noWorkshops: 'No workshop yet.',
    noWorkshopsNeedContract: 'No workshop yet: first create a contract, then a workshop from its priorities.',
    facilitating: 'You facilitate',
    contracts: 'Contracts',
    newContract: 'New contract',
    noContracts: 'No contract. Type one in or import a JSON file.',
  },
})
