import { useState } from 'react'
import { useLocale, useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { ApplicationForm } from './ApplicationForm.tsx'
import { publicCallsApi } from './calls-api.ts'
import { callMessages } from './messages.ts'
import { CallHeading } from './PublicCallPage.tsx'
import './calls.css'

/**
 * `/candidature/:id#token`: the carrier's application, read and edited through the private link until
 * the call closes. The token stays in the fragment (never sent in an address) and goes in a header.
 */
export default function ApplicationPage({ params }: PageProps) {
  const t = useMessages(callMessages)
  useDocumentTitle(t('myApplication'))
  const { formatDate, formatDateTime } = useLocale()
  const token = decodeURIComponent(window.location.hash.slice(1))
  const [saved, setSaved] = useState(false)
  const loaded = useLoad(
    (signal) => (token ? publicCallsApi.read(params.id!, token, signal) : undefined),
    [params.id, token],
  )
  const application = loaded.data

  if (!token) return <p className="notice">{t('noToken')}</p>
  if (loaded.error) return <ErrorAlert error={loaded.error} />
  if (!application) return <Loading />
  const { call } = application
  return (
    <div className="page call-public">
      <CallHeading call={call} />
      <section aria-labelledby="my-application-title">
        <h2 id="my-application-title">{t('myApplication')}</h2>
        <p className="item-meta">
          {t('submittedOn', {
            date: formatDateTime(application.submittedAt),
            updated: formatDateTime(application.updatedAt),
          })}
        </p>
        <p className="notice" role="status">
          {saved
            ? t('savedApplication')
            : application.editable
              ? t('editable', { date: formatDate(call.closesAt) })
              : t('readOnly')}
        </p>
        {!application.editable && (
          <dl className="application-facts" data-testid="application-read-only">
            <div>
              <dt>{t('projectTitle')}</dt>
              <dd>{application.title}</dd>
            </div>
            <div>
              <dt>{t('carrierName')}</dt>
              <dd>{application.carrier.name}</dd>
            </div>
            <div>
              <dt>{t('summary')}</dt>
              <dd>{application.summary}</dd>
            </div>
            {call.questions.map((q) => (
              <div key={q.id}>
                <dt>{q.label}</dt>
                <dd>{String(application.answers[q.id] ?? '—')}</dd>
              </div>
            ))}
          </dl>
        )}
        {application.editable && (
          <ApplicationForm
            key={application.updatedAt}
            call={call}
            application={application}
            submitLabel={t('saveApplication')}
            busyLabel={t('saving')}
            onSubmit={async (body) => {
              await publicCallsApi.edit(application.id, token, body)
              setSaved(true)
              // Reloaded in place: the page (and the notice) stay while the saved version is read.
              loaded.reload()
            }}
          />
        )}
      </section>
    </div>
  )
}
