import { useState } from 'react'
import type { ApplicationCreated, PublicCall } from '../../shared/api/calls.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { CopyButton, ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { ApplicationForm } from './ApplicationForm.tsx'
import { privateLink, publicCallsApi } from './calls-api.ts'
import { callMessages } from './messages.ts'
import './calls.css'

/**
 * `/appels/:id`: one call for anyone, its text and its form while it is open. Once sent, the page shows
 * the private link to come back and edit, once (the server keeps only its hash), with a copy button.
 */
export default function PublicCallPage({ params }: PageProps) {
  const t = useMessages(callMessages)
  const { formatDate } = useLocale()
  const loaded = useLoad((signal) => publicCallsApi.get(params.id!, signal), [params.id])
  const call = loaded.data
  const [sent, setSent] = useState<ApplicationCreated>()
  useDocumentTitle(sent ? t('sentTitle') : call?.title)

  if (loaded.error) return <ErrorAlert error={loaded.error} />
  if (!call) return <Loading />
  if (sent) return <Confirmation call={call} sent={sent} />
  return (
    <div className="page call-public">
      <p>
        <Link to="/appels">{t('backToCalls')}</Link>
      </p>
      <CallHeading call={call} />
      {call.state === 'open' ? (
        <section aria-labelledby="apply-title">
          <h2 id="apply-title">{t('applyTitle')}</h2>
          <ApplicationForm
            call={call}
            submitLabel={t('send')}
            busyLabel={t('sending')}
            onSubmit={async (body) => {
              setSent(await publicCallsApi.apply(call.id, body))
              window.scrollTo(0, 0)
            }}
          />
        </section>
      ) : (
        <p className="notice" role="status">
          {call.state === 'upcoming'
            ? t('notOpenYet', { date: formatDate(call.opensAt) })
            : t('closedCall', { date: formatDate(call.closesAt) })}
        </p>
      )}
    </div>
  )
}

/** The call's title, who proposes it, its dates, priorities and text. */
export function CallHeading({ call }: { call: PublicCall }) {
  const t = useMessages(callMessages)
  const { formatDate } = useLocale()
  return (
    <>
      <p className="call-kind">{t(`kind_${call.kind}`)}</p>
      <h1>{call.title}</h1>
      <p className="item-meta">
        <span>{t('by', { council: call.councilName, contract: call.contractTitle })}</span>
        <span>{t('dates', { opens: formatDate(call.opensAt), closes: formatDate(call.closesAt) })}</span>
      </p>
      <ul className="call-priorities">
        {call.priorities.map((p) => (
          <li key={p.code}>
            {p.code} — {p.title}
          </li>
        ))}
        {call.actions.map((a) => (
          <li key={a.code}>
            {a.code} — {a.title}
          </li>
        ))}
      </ul>
      {call.description && <p className="call-description">{call.description}</p>}
    </>
  )
}

function Confirmation({ call, sent }: { call: PublicCall; sent: ApplicationCreated }) {
  const t = useMessages(callMessages)
  const { formatDate } = useLocale()
  const link = privateLink(sent.id, sent.editToken)
  return (
    <div className="page call-public">
      <h1>{t('sentTitle')}</h1>
      <p className="lead">{t('sentIntro', { council: call.councilName })}</p>
      <section className="card call-link" aria-labelledby="private-link-title">
        <h2 id="private-link-title">{t('privateLink')}</h2>
        <p className="notice" role="status">
          {t('keepLink', { date: formatDate(call.closesAt) })}
        </p>
        <p className="call-link-text" data-testid="private-link">
          {link}
        </p>
        <div className="actions">
          <CopyButton text={link} label={t('copyLink')} />
          <a className="button" href={link}>
            {t('openLink')}
          </a>
        </div>
      </section>
    </div>
  )
}
