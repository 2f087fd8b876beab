import { useEffect, useState } from 'react'
import { apiGet, apiPost } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { Breadcrumb, CopyButton, ErrorAlert, NotLoaded, useDocumentTitle } from '../app/ui.tsx'
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
    return (
      <NotLoaded error={error} title={t('workshopTitle')} back={{ to: '/', label: t('backToDashboard') }} />
    )

  return (
    <div className="page">
      <Breadcrumb to="/">{t('backToDashboard')}</Breadcrumb>
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
        <CodeCard
          kind="join"
          code={workshop.joinCode}
          title={t('joinCode')}
          hint={t('joinCodeHint', { url: `${window.location.origin}/rejoindre` })}
          linkTitle={t('joinLink')}
          onRevoke={() => revoke('join')}
        />
        <CodeCard
          kind="observer"
          code={workshop.observerCode}
          title={t('observerCode')}
          hint={t('observerCodeHint')}
          linkTitle={t('observerLink')}
          onRevoke={() => revoke('observer')}
        />
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

/**
 * One of the workshop's codes (a participant's, an observer's): in large type to read aloud, its link
 * to copy (and, for the participants' code, a QR code), and the button that replaces it.
 */
function CodeCard(props: {
  kind: 'join' | 'observer'
  code: string | null | undefined
  title: string
  hint: string
  linkTitle: string
  onRevoke: () => void
}) {
  const t = useMessages(messages)
  const url = props.code ? `${window.location.origin}/j/${props.code}` : undefined
  return (
    <section className="card code-card" aria-labelledby={`${props.kind}-code-title`}>
      <h2 id={`${props.kind}-code-title`}>{props.title}</h2>
      {url ? (
        <>
          <p
            className={props.kind === 'join' ? 'join-code' : 'join-code join-code-secondary'}
            data-testid={`${props.kind}-code`}
          >
            {props.code}
          </p>
          <p className="hint">{props.hint}</p>
          <h3>{props.linkTitle}</h3>
          <p className="link-line">
            <a href={url} data-testid={`${props.kind}-link`}>
              {url}
            </a>
          </p>
          <p className="actions">
            <CopyButton text={url} label={t('copyLink')} />
          </p>
          {props.kind === 'join' && <QrCode url={url} label={t('qrCode')} />}
          <button type="button" className="button button-quiet" onClick={props.onRevoke}>
            {t('revoke')}
          </button>
        </>
      ) : (
        <p>{t('noCode')}</p>
      )}
    </section>
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
