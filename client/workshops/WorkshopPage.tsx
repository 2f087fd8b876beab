import { useEffect, useState } from 'react'
import { apiGet, apiPost } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { CopyButton, ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { WorkshopProjects } from '../projects/WorkshopProjects.tsx'
import { WorkshopTemplateActions } from '../templates/WorkshopTemplateActions.tsx'
import { CoFacilitators } from './CoFacilitators.tsx'
import { DeleteWorkshop } from './DeleteWorkshop.tsx'
import { messages } from './messages.ts'
import { Participants } from './Participants.tsx'
import { usePhaseLabel } from './phase.ts'
import type { Workshop, WorkshopCodes } from './workshop.ts'

/**
 * `/ateliers/:id`, for council members: the phase, the join code in large type (to read aloud or project),
 * the observer code, the links and a QR code to join, the facilitators, and the way to the board.
 */
export default function WorkshopPage({ params }: PageProps) {
  const t = useMessages(messages)
  const { formatDate } = useLocale()
  const phaseLabel = usePhaseLabel()
  const loaded = useLoad(
    (signal) => apiGet<Workshop>(`/api/workshops/${encodeURIComponent(params.id!)}`, signal),
    [params.id],
  )
  const workshop = loaded.data
  const { reload, setData } = loaded
  /** Why the last action (revoking a code) failed. */
  const [actionError, setError] = useState<unknown>()
  const error = loaded.error ?? actionError
  const [notice, setNotice] = useState<string>()
  useDocumentTitle(workshop?.title ?? t('workshopTitle'))

  const revoke = async (kind: 'join' | 'observer') => {
    if (!window.confirm(t('revokeConfirm'))) return
    setError(undefined)
    try {
      const codes = await apiPost<WorkshopCodes>(
        `/api/workshops/${encodeURIComponent(params.id!)}/codes/revoke`,
        { kind },
      )
      // The new code shows with the notice, not after a reload that may come later.
      if (workshop) setData({ ...workshop, joinCode: codes.joinCode, observerCode: codes.observerCode })
      reload()
      setNotice(t('revoked'))
    } catch (failure) {
      setError(failure)
    }
  }

  if (!workshop)
    return error ? (
      <div className="page">
        <h1>{t('workshopTitle')}</h1>
        <ErrorAlert error={error} />
        <Link to="/">{t('backToDashboard')}</Link>
      </div>
    ) : (
      <Loading />
    )

  const origin = window.location.origin
  const joinUrl = workshop.joinCode ? `${origin}/j/${workshop.joinCode}` : undefined
  const observerUrl = workshop.observerCode ? `${origin}/j/${workshop.observerCode}` : undefined

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/">{t('backToDashboard')}</Link>
      </p>
      <h1>{workshop.title}</h1>
      <ul className="facts">
        <li>
          {t('phase')} <span className={`phase phase-${workshop.phase}`}>{phaseLabel(workshop.phase)}</span>
        </li>
        {workshop.createdAt && <li>{t('createdOn', { date: formatDate(workshop.createdAt) })}</li>}
        {workshop.contractTitle && (
          <li>
            <Link to={`/contrats/${workshop.contractId}`}>
              {t('contractLine', { title: workshop.contractTitle })}
            </Link>
          </li>
        )}
        {workshop.startZones && workshop.startZones.length > 0 && (
          <li>
            {t('startZones', {
              zones: workshop.startZones
                .map((z) => (z.actionCode ? `${z.priorityCode} › ${z.actionCode}` : z.priorityCode))
                .join(', '),
            })}
          </li>
        )}
      </ul>
      <p>
        <Link className="button button-primary-large" to={`/tableau/${workshop.boardId}`}>
          {t('openBoard')}
        </Link>
      </p>
      <WorkshopProjects
        workshopId={workshop.id}
        isFacilitator={workshop.isFacilitator === true}
        onConverted={reload}
      />
      <ErrorAlert error={error} />
      <p className="notice" role="status">
        {notice}
      </p>

      <div className="codes">
        <section className="card code-card" aria-labelledby="join-code-title">
          <h2 id="join-code-title">{t('joinCode')}</h2>
          {workshop.joinCode && joinUrl ? (
            <>
              <p className="join-code" data-testid="join-code">
                {workshop.joinCode}
              </p>
              <p className="hint">{t('joinCodeHint', { url: `${origin}/rejoindre` })}</p>
              <h3>{t('joinLink')}</h3>
              <p className="link-line">
                <a href={joinUrl} data-testid="join-link">
                  {joinUrl}
                </a>
              </p>
              <p className="actions">
                <CopyButton text={joinUrl} label={t('copyLink')} />
              </p>
              <QrCode url={joinUrl} label={t('qrCode')} />
            </>
          ) : (
            <p>{t('noCode')}</p>
          )}
          {workshop.joinCode && (
            <button type="button" className="button button-quiet" onClick={() => revoke('join')}>
              {t('revoke')}
            </button>
          )}
        </section>

        <section className="card code-card" aria-labelledby="observer-code-title">
          <h2 id="observer-code-title">{t('observerCode')}</h2>
          {workshop.observerCode && observerUrl ? (
            <>
              <p className="join-code join-code-secondary" data-testid="observer-code">
                {workshop.observerCode}
              </p>
              <p className="hint">{t('observerCodeHint')}</p>
              <h3>{t('observerLink')}</h3>
              <p className="link-line">
                <a href={observerUrl}>{observerUrl}</a>
              </p>
              <p className="actions">
                <CopyButton text={observerUrl} label={t('copyLink')} />
              </p>
              <button type="button" className="button button-quiet" onClick={() => revoke('observer')}>
                {t('revoke')}
              </button>
            </>
          ) : (
            <p>{t('noCode')}</p>
          )}
        </section>
      </div>

      {workshop.facilitators && (
        <CoFacilitators workshopId={workshop.id} facilitators={workshop.facilitators} />
      )}
      <Participants workshopId={workshop.id} />
      <WorkshopTemplateActions workshop={workshop} />
      <DeleteWorkshop workshop={workshop} />
    </div>
  )
}

/** The join link as a QR code, drawn in the browser (the library is loaded only on this page). */
function QrCode({ url, label }: { url: string; label: string }) {
  const [svg, setSvg] = useState<string>()
  useEffect(() => {
    let live = true
    import('qrcode')
      .then((qrcode) => qrcode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }))
      .then((text) => live && setSvg(text))
      .catch(() => {
        // No QR code: the code and the link above still work.
      })
    return () => {
      live = false
    }
  }, [url])
  if (!svg) return null
  return (
    <img
      className="qr"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={label}
      width={180}
      height={180}
    />
  )
}
