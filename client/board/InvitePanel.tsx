import QRCode from 'qrcode'
import { useEffect, useState } from 'react'
import { apiPost } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { useErrorText } from '../app/ui.tsx'
import { messages } from './messages.ts'

export interface InviteCodes {
  joinCode: string
  observerCode: string
}

/** The link a code opens: the join page with the code filled in. */
export function joinUrl(code: string, origin = location.origin): string {
  return `${origin}/j/${encodeURIComponent(code)}`
}

function CopyButton({ text }: { text: string }) {
  const t = useMessages(messages)
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className="kb-small"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true)
          setTimeout(() => setCopied(false), 2000)
        })
      }}
    >
      {copied ? t('copied') : t('copy')}
    </button>
  )
}

/**
 * Inviting people: the join link, the short code in large type and a QR code to show on the projector,
 * the observer link, and revoking a code (the server replaces it and ends the sessions it opened).
 */
export function InvitePanel({
  workshopId,
  codes,
  onCodes,
  onClose,
}: {
  workshopId: string
  codes: InviteCodes
  onCodes: (codes: InviteCodes) => void
  onClose: () => void
}) {
  const t = useMessages(messages)
  const errorText = useErrorText()
  const [qr, setQr] = useState<string>('')
  const [error, setError] = useState<string | null>(null)
  const [large, setLarge] = useState(false)
  const link = joinUrl(codes.joinCode)
  const observerLink = joinUrl(codes.observerCode)

  useEffect(() => {
    let live = true
    void QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((svg) => {
      if (live) setQr(svg)
    })
    return () => {
      live = false
    }
  }, [link])

  const revoke = async (kind: 'join' | 'observer') => {
    if (!window.confirm(t('revokeConfirm'))) return
    setError(null)
    try {
      const next = await apiPost<InviteCodes>(`/api/workshops/${workshopId}/codes/revoke`, { kind })
      onCodes({ joinCode: next.joinCode, observerCode: next.observerCode })
    } catch (e) {
      setError(errorText(e))
    }
  }

  return (
    <div
      className={`kb-dialog${large ? ' kb-dialog-large' : ''}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby="kb-invite-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose()
      }}
    >
      <div className="kb-dialog-body">
        <h2 id="kb-invite-title">{t('invitePanel')}</h2>
        {error && (
          <p className="kb-alert" role="alert">
            {error}
          </p>
        )}
        <div className="kb-invite">
          <div>
            <p className="kb-label">{t('joinCode')}</p>
            <p className="kb-code" data-testid="join-code">
              {codes.joinCode}
            </p>
            <p className="kb-label">{t('joinLinkLabel')}</p>
            <p className="kb-link">
              <a href={link}>{link}</a> <CopyButton text={link} />
            </p>
          </div>
          {/* The SVG is made by the qrcode package from our own link, never from user input. */}
          <div
            className="kb-qr"
            role="img"
            aria-label={t('qrAlt')}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: generated SVG of our own URL.
            dangerouslySetInnerHTML={{ __html: qr }}
          />
        </div>
        <p className="kb-label">{t('observerLinkLabel')}</p>
        <p className="kb-link">
          <a href={observerLink}>{observerLink}</a> <CopyButton text={observerLink} />
        </p>
        <p className="kb-label">
          {t('observerCode')} : <strong data-testid="observer-code">{codes.observerCode}</strong>
        </p>
        <div className="kb-row">
          <button type="button" onClick={() => setLarge(!large)} aria-pressed={large}>
            {t('projector')}
          </button>
          <button type="button" onClick={() => void revoke('join')}>
            {t('revokeJoin')}
          </button>
          <button type="button" onClick={() => void revoke('observer')}>
            {t('revokeObserver')}
          </button>
          {/* biome-ignore lint/a11y/noAutofocus: a dialog puts focus on its close button. */}
          <button type="button" autoFocus onClick={onClose}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  )
}
