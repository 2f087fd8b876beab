import { useEffect, useState } from 'react'
import type { JoinPreview } from '../../shared/api/join.ts'
import { isCompleteCode, tidyTypedCode } from '../../shared/workshop/join-code.ts'
import { ApiError, apiGet } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { TextField } from '../app/ui.tsx'
import { messages } from './messages.ts'

type Preview =
  | { state: 'idle' }
  | { state: 'checking' }
  | ({ state: 'found' } & JoinPreview)
  | { state: 'unknown' }

/**
 * The join code, in large type, tidied as it is typed; as soon as it is complete, the workshop's title
 * and the role the code gives are looked up and said (or that no workshop has this code).
 */
export function CodeField({ code, onChange }: { code: string; onChange: (code: string) => void }) {
  const t = useMessages(messages)
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
      apiGet<JoinPreview>(`/api/join/${encodeURIComponent(tidyTypedCode(code))}`, controller.signal).then(
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

  return (
    <>
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
        onChange={(value) => onChange(isCompleteCode(value) ? tidyTypedCode(value) : value.toUpperCase())}
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
    </>
  )
}
