import { defineMessages, useMessages } from '../app/i18n.tsx'

const messages = defineMessages({
  fr: {
    title: 'Archive du conseil',
    intro:
      'Téléchargez toutes les données du conseil en un seul fichier : contrats, ateliers et leurs tableaux, fiches-projets avec leur historique, acteurs et membres (sans mot de passe). Elle se réimporte dans une autre instance de Kenlabour.',
    download: 'Télécharger l’archive (.zip)',
    privacy: 'Elle contient des données personnelles (noms, adresses e-mail) : conservez-la en lieu sûr.',
  },
  en: {
    title: 'Council archive',
    intro:
      'Download all of the council’s data as one file: contracts, workshops and their boards, project records with their history, actors and members (no passwords). It can be imported into another Kenlabour instance.',
    download: 'Download the archive (.zip)',
    privacy: 'It holds personal data (names, e-mail addresses): keep it somewhere safe.',
  },
})

/**
 * The council's whole data as one archive (GET /api/council/export, docs/council-archive.md), for its
 * administrators. A plain link: the browser streams the file to disk under the name the server gives.
 */
export function CouncilExport() {
  const t = useMessages(messages)
  return (
    <section className="card" aria-labelledby="council-export-title">
      <h2 id="council-export-title">{t('title')}</h2>
      <p>{t('intro')}</p>
      <a className="button button-secondary" href="/api/council/export" download>
        {t('download')}
      </a>
      <p className="hint">{t('privacy')}</p>
    </section>
  )
}
