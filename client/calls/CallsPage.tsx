import type { Call } from '../../shared/api/calls.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { ErrorAlert, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { CallList } from './CallList.tsx'
import { callsApi } from './calls-api.ts'
import { callMessages } from './messages.ts'
import './calls.css'

/** `/appels/gestion` (`?contrat=` for one contract's): the council's calls, the latest closing first. */
export default function CallsPage({ query }: PageProps) {
  const t = useMessages(callMessages)
  useDocumentTitle(t('pageTitle'))
  const contractId = query.get('contrat') ?? undefined
  const list = useLoad((signal) => callsApi.list(contractId, signal), [contractId])
  return (
    <div className="page">
      <h1>{t('pageTitle')}</h1>
      <p className="lead">{t('pageIntro')}</p>
      <p>
        <Link
          to={`/appels/nouveau${contractId ? `?contrat=${encodeURIComponent(contractId)}` : ''}`}
          className="button"
        >
          {t('newCall')}
        </Link>{' '}
        <Link to="/appels">{t('publicTitle')}</Link>
      </p>
      <ErrorAlert error={list.error} />
      <CallList calls={list.data} error={list.error} empty={t('noCalls')} testId="calls">
        {(call) => <CallItem call={call} />}
      </CallList>
    </div>
  )
}

export function CallState({ call }: { call: Pick<Call, 'state'> }) {
  const t = useMessages(callMessages)
  return <span className={`call-state call-state-${call.state}`}>{t(`state_${call.state}`)}</span>
}

function CallItem({ call }: { call: Call }) {
  const t = useMessages(callMessages)
  const { formatDate } = useLocale()
  return (
    <li className="card item call-item">
      <p className="call-kind">
        {t(`kind_${call.kind}`)} · <CallState call={call} />
      </p>
      <h2>
        <Link to={`/appels/gestion/${call.id}`}>{call.title}</Link>
      </h2>
      <p className="item-meta">
        <span>{call.contractTitle}</span>
        <span>{t('dates', { opens: formatDate(call.opensAt), closes: formatDate(call.closesAt) })}</span>
        <span>{t('applicationCount', { count: call.applicationCount })}</span>
      </p>
    </li>
  )
}
