import type { PublicCall } from '../../shared/api/calls.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, navigate, type PageProps } from '../app/router.tsx'
import { ChoiceField, ErrorAlert, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { CallList } from './CallList.tsx'
import { publicCallsApi } from './calls-api.ts'
import { callMessages } from './messages.ts'
import './calls.css'

/**
 * `/appels`: the open calls of the instance, for anyone (no account), closing soonest first; filtered by
 * council and priority (kept in the address, so a council can link to its own list).
 */
export default function PublicCallsPage({ query }: PageProps) {
  const t = useMessages(callMessages)
  useDocumentTitle(t('publicTitle'))
  const council = query.get('conseil') ?? ''
  const priority = query.get('priorite') ?? ''
  const all = useLoad((signal) => publicCallsApi.list({}, signal), [])
  const shown = useLoad(
    (signal) =>
      publicCallsApi.list({ council: council || undefined, priority: priority || undefined }, signal),
    [council, priority],
  )
  const councils = new Map<string, string>()
  const priorities = new Map<string, string>()
  for (const call of all.data ?? []) {
    if (call.councilSlug) councils.set(call.councilSlug, call.councilName)
    for (const p of call.priorities)
      if (!priorities.has(p.code)) priorities.set(p.code, `${p.code} — ${p.title}`)
  }
  const filter = (next: { conseil?: string; priorite?: string }) => {
    const params = new URLSearchParams()
    const merged = { conseil: council, priorite: priority, ...next }
    if (merged.conseil) params.set('conseil', merged.conseil)
    if (merged.priorite) params.set('priorite', merged.priorite)
    const text = params.toString()
    navigate(`/appels${text ? `?${text}` : ''}`, { replace: true })
  }

  return (
    <div className="page calls-public">
      <h1>{t('publicTitle')}</h1>
      <p className="lead">{t('publicIntro')}</p>
      <div className="calls-filters">
        <ChoiceField
          label={t('filterCouncil')}
          value={council}
          onChange={(conseil) => filter({ conseil })}
          options={[['', t('allCouncils')], ...[...councils].sort((a, b) => a[1].localeCompare(b[1]))]}
        />
        <ChoiceField
          label={t('filterPriority')}
          value={priority}
          onChange={(priorite) => filter({ priorite })}
          options={[['', t('allPriorities')], ...[...priorities].sort((a, b) => a[0].localeCompare(b[0]))]}
        />
      </div>
      <ErrorAlert error={shown.error ?? all.error} />
      <CallList calls={shown.data} error={shown.error} empty={t('noOpenCalls')} testId="public-calls">
        {(call) => <PublicCallItem call={call} />}
      </CallList>
    </div>
  )
}

function PublicCallItem({ call }: { call: PublicCall }) {
  const t = useMessages(callMessages)
  const { formatDate } = useLocale()
  return (
    <li className="card item call-item">
      <p className="call-kind">{t(`kind_${call.kind}`)}</p>
      <h2>{call.title}</h2>
      <p className="item-meta">
        <span>{t('by', { council: call.councilName, contract: call.contractTitle })}</span>
        <span>{t('closesOn', { date: formatDate(call.closesAt) })}</span>
      </p>
      <p className="call-priority-line">{call.priorities.map((p) => `${p.code} — ${p.title}`).join(' · ')}</p>
      <Link to={`/appels/${call.id}`} className="button">
        {t('seeCall')}
      </Link>
    </li>
  )
}
