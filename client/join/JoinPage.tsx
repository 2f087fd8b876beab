import { useState } from 'react'
import type { JoinResult } from '../../shared/api/join.ts'
import { tidyTypedCode } from '../../shared/workshop/join-code.ts'
import { apiPost } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { Link, navigate, type PageProps } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { ErrorAlert, SubmitButton, TextField, useDocumentTitle } from '../app/ui.tsx'
import { useSubmit } from '../app/use-submit.ts'
import { CodeField } from './CodeField.tsx'
import { isPhoneScreen, landingPath } from './landing.ts'
import { messages } from './messages.ts'

const NAME_KEY = 'kenlabour.displayName'

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
        <CodeField code={code} onChange={setCode} />
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
        <SubmitButton
          busy={busy}
          label={t('submit')}
          busyLabel={t('joining')}
          className="button button-primary-large"
        />
      </form>
      <p className="hint">
        <Link to="/confidentialite">{t('privacy')}</Link>
      </p>
    </div>
  )
}
