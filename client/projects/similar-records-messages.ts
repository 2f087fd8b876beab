import { defineMessages } from '../app/i18n.tsx'

/** Strings of the conversion's proposal to attach clusters to existing records, French and English. */
export const messages = defineMessages({
  fr: {
    title: 'Fiches-projets déjà existantes',
    intro:
      'Ces groupes ressemblent à des fiches-projets d’autres ateliers. Vous pouvez ajouter leurs idées à la fiche existante plutôt que d’en créer une nouvelle.',
    cluster: 'Groupe « {title} » ({ideas, plural, one {# idée} other {# idées}})',
    createNew: 'Créer une nouvelle fiche-projet',
    attachTo: 'Rattacher à « {title} »',
    recordMeta: 'atelier « {workshop} », titres semblables à {percent} %',
  },
  en: {
    title: 'Existing project records',
    intro:
      'These clusters resemble project records of other workshops. You can add their ideas to the existing record rather than create a new one.',
    cluster: 'Cluster “{title}” ({ideas, plural, one {# idea} other {# ideas}})',
    createNew: 'Create a new project record',
    attachTo: 'Attach to “{title}”',
    recordMeta: 'workshop “{workshop}”, titles {percent}% alike',
  },
})
