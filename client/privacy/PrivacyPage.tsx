import type { PrivacyInfo } from '../../shared/api/privacy.ts'
import { apiGet } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { Link } from '../app/router.tsx'
import { ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { messages } from './messages.ts'

/**
 * `/confidentialite`, reachable from the join page without an account: what Kenlabour stores about a
 * participant, for how long (the instance's retention period) and whom to ask for erasure (its contact),
 * both from GET /api/privacy.
 */
export default function PrivacyPage() {
  const t = useMessages(messages)
  useDocumentTitle(t('title'))
  const { data, error } = useLoad((signal) => apiGet<PrivacyInfo>('/api/privacy', signal), [])
  return (
    <div className="page page-narrow">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <h2>{t('storedTitle')}</h2>
      <ul>
        <li>{t('storedName')}</li>
        <li>{t('storedIdeas')}</li>
        <li>{t('storedVotes')}</li>
        <li>{t('storedRecords')}</li>
        <li>{t('storedSession')}</li>
        <li>{t('storedDevice')}</li>
      </ul>
      <p>{t('notStored')}</p>
      <ErrorAlert error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <h2>{t('durationTitle')}</h2>
          <p data-testid="privacy-retention">
            {data.retentionMonths > 0 ? t('duration', { months: data.retentionMonths }) : t('durationOff')}
          </p>
          <h2>{t('erasureTitle')}</h2>
          <p>{t('erasure')}</p>
          <p data-testid="privacy-contact">
            {data.contact ? t('contact', { contact: data.contact }) : t('contactDefault')}
          </p>
        </>
      )}
      <p>
        <Link to="/rejoindre">{t('back')}</Link>
      </p>
    </div>
  )
}
