import { useEffect, useState } from 'react'
import type { JoinPreview, JoinResult } from '../../shared/api/join.ts'
import { isCompleteCode, tidyTypedCode } from '../../shared/workshop/join-code.ts'
import { ApiError, apiGet, apiPost } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { Link, navigate, type PageProps } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { ErrorAlert, TextField, useDocumentTitle } from '../app/ui.tsx'
import { useSubmit } from '../app/use-submit.ts'
import { isPhoneScreen, landingPath } from './landing.ts'
import { messages } from './messages.ts'

const NAME_KEY = 'kenlabour.displayName'

type Preview =
  | { state: 'idle' }
  | { state: 'checking' }
  | ({ state: 'found' } & JoinPreview)
  | { state: 'unknown' }

function storedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? ''
  } catch {
    return ''
  }
}

/**
 * `/rejoindre` and `/j/:code` (the link and QR code given by facilitators): a guest enters a workshop with
 * a code and a display name. The workshop's title and the role the code gives are shown as soon as the
 * code is complete, before joining. Then a phone goes to the phone page, a larger screen to the canvas
 * (landing.ts).
 */
export function JoinPage({ params }: PageProps) {
  const t = useMessages(messages)
  useDocumentTitle(t('title'))
  const { me, refresh } = useSession()
  const [code, setCode] = useState(() => tidyTypedCode(params.code ?? ''))
  const [displayName, setDisplayName] = useState(storedName)
  const [preview, setPreview] = useState<Preview>({ state: 'idle' })

  useEffect(() => {
    if (!isCompleteCode(code)) {
      setPreview({ state: 'idle' })
      return
    }
    const controller = new AbortController()
    setPreview({ state: 'checking' })
    // Wait for typing to pause before asking (join lookups are rate-limited).
    const timer = setTimeout(() => {
      apiGet<{ title: string; role: 'participant' | 'observer' }>(
        `/api/join/${encodeURIComponent(tidyTypedCode(code))}`,
        controller.signal,
      ).then(
        (found) => setPreview({ state: 'found', title: found.title, role: found.role }),
        (failure) => {
          if (controller.signal.aborted) return
          if (failure instanceof ApiError && failure.status === 404) setPreview({ state: 'unknown' })
          else setPreview({ state: 'idle' })
        },
      )
    }, 250)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [code])

  const { busy, error, submit } = useSubmit(async () => {
    const name = displayName.trim()
    const joined = await apiPost<JoinResult>('/api/join', { code: tidyTypedCode(code), displayName: name })
    try {
      localStorage.setItem(NAME_KEY, name)
    } catch {
      // Not remembered for next time; nothing else depends on it.
    }
    await refresh()
    navigate(landingPath(joined.boardId, isPhoneScreen()))
  })

  return (
    <div className="page page-narrow">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {me?.kind === 'account' && <p className="notice">{t('accountWillEnd', { name: me.displayName })}</p>}
      <form className="card form" onSubmit={submit}>
        <TextField
          label={t('code')}
          hint={t('codeHint')}
          name="code"
          required
          large
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          value={code}
          onChange={(value) => setCode(isCompleteCode(value) ? tidyTypedCode(value) : value.toUpperCase())}
        />
        <div aria-live="polite" className="preview">
          {preview.state === 'checking' && <p className="hint">{t('checking')}</p>}
          {preview.state === 'found' && (
            <p className="notice" data-testid="join-preview">
              {preview.role === 'observer'
                ? t('previewObserver', { title: preview.title })
                : t('previewParticipant', { title: preview.title })}
            </p>
          )}
          {preview.state === 'unknown' && <p className="field-error">{t('unknownCode')}</p>}
        </div>
        <TextField
          label={t('displayName')}
          hint={t('displayNameHint')}
          name="displayName"
          required
          autoComplete="nickname"
          maxLength={60}
          value={displayName}
          onChange={setDisplayName}
        />
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary-large" disabled={busy}>
          {busy ? t('joining') : t('submit')}
        </button>
      </form>
      <p className="hint">
        <Link to="/confidentialite">{t('privacy')}</Link>
      </p>
    </div>
  )
}
