import { defineMessages } from '../app/i18n.tsx'

/** Strings of the ideas attached to a record from other workshops, French and English. */
export const messages = defineMessages({
  fr: {
    attachedTitle: 'Idées rattachées d’autres ateliers',
    attachedGroup: 'Groupe « {cluster} » de l’atelier « {workshop} »',
    attachedOn: 'Rattaché le {date}',
  },
  en: {
    attachedTitle: 'Ideas attached from other workshops',
    attachedGroup: 'Cluster “{cluster}” of the workshop “{workshop}”',
    attachedOn: 'Attached on {date}',
  },
})
