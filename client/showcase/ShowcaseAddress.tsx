import { type FormEvent, useEffect, useState } from 'react'
import { slugMaxLength, slugPattern } from '../../shared/showcase/fields.ts'
import { apiRequest } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { CopyButton, ErrorAlert, TextField, useErrorText } from '../app/ui.tsx'
import { messages } from './messages.ts'
import './showcase.css'

/**
 * On the council page: the address of the council's public showcase, the widget's code to paste on the
 * council's own site, and (administrators) a new address (PUT /api/council/slug; 409 when taken).
 */
export function ShowcaseAddress({
  slug,
  isAdmin,
  onChanged,
}: {
  slug: string
  isAdmin: boolean
  onChanged: () => void
}) {
  const t = useMessages(messages)
  const errorText = useErrorText()
  const [draft, setDraft] = useState(slug)
  const [error, setError] = useState<unknown>()
  const [notice, setNotice] = useState<string>()
  useEffect(() => setDraft(slug), [slug])
  const origin = window.location.origin
  const snippet = `<iframe src="${origin}/vitrine/${slug}/widget" title="${t('widgetTitle')}" width="100%" height="480" style="border: 0; max-width: 40rem" loading="lazy"></iframe>`

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setError(undefined)
    setNotice(undefined)
    try {
      await apiRequest('PUT', '/api/council/slug', { slug: draft.trim() })
      setNotice(t('addressSaved'))
      onChanged()
    } catch (failure) {
      setError(failure)
    }
  }

  return (
    <section className="card showcase-address" aria-labelledby="showcase-address-title">
      <h2 id="showcase-address-title">{t('panelTitle')}</h2>
      <p>
        <a href={`/vitrine/${slug}`}>{`${origin}/vitrine/${slug}`}</a>
      </p>
      <p className="hint">{t('widgetHint')}</p>
      <pre className="showcase-snippet">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} label={t('copyWidget')} />
      {isAdmin && (
        <form onSubmit={save}>
          <TextField
            label={t('addressLabel')}
            value={draft}
            onChange={(value) => {
              setNotice(undefined)
              setDraft(value)
            }}
            hint={t('addressHint')}
            pattern={slugPattern}
            maxLength={slugMaxLength}
            error={error ? errorText(error) : undefined}
          />
          <p className="notice" role="status">
            {notice}
          </p>
          <p className="actions">
            <button type="submit" className="button">
              {t('addressSave')}
            </button>
          </p>
        </form>
      )}
      {!isAdmin && <ErrorAlert error={error} />}
    </section>
  )
}
