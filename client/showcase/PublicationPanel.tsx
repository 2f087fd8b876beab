import { type FormEvent, useEffect, useId, useState } from 'react'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { type PublicField, publicFieldNames } from '../../shared/showcase/fields.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { ErrorAlert } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { showcaseApi } from './api.ts'
import { messages, publicFieldLabels } from './messages.ts'
import './showcase.css'

/**
 * On a record's page: the switch that puts the record on the council's public showcase (off by
 * default), the fields it shows there, and a link to the public page. Saved on its own (PATCH with the
 * record's version), so the main form's unsaved edits stay; `onSaved` gets the saved record.
 */
export function PublicationPanel({
  record,
  onSaved,
}: {
  record: ProjectRecord
  onSaved: (saved: ProjectRecord) => void
}) {
  const t = useMessages(messages)
  const { locale } = useLocale()
  const base = useId()
  const [published, setPublished] = useState(record.published ?? false)
  const [fields, setFields] = useState<PublicField[]>(record.publicFields ?? [])
  const [error, setError] = useState<unknown>()
  const [notice, setNotice] = useState<string>()
  const [saving, setSaving] = useState(false)
  const savedKey = JSON.stringify([record.id, record.published, record.publicFields])
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft follows the record's saved publication
  useEffect(() => {
    setPublished(record.published ?? false)
    setFields(record.publicFields ?? [])
  }, [savedKey])
  const slug = useLoad((signal) => showcaseApi.council(signal), []).data?.slug

  const toggle = (field: PublicField, on: boolean) => {
    setNotice(undefined)
    setFields((list) => (on ? [...list, field] : list.filter((f) => f !== field)))
  }
  const save = async (event: FormEvent) => {
    event.preventDefault()
    setSaving(true)
    setError(undefined)
    setNotice(undefined)
    try {
      const saved = await showcaseApi.publish(record.id, record.version, {
        published,
        publicFields: publicFieldNames.filter((f) => fields.includes(f)),
      })
      onSaved(saved)
      setNotice(saved.published ? t('savedPublished') : t('savedUnpublished'))
    } catch (failure) {
      setError(failure)
    } finally {
      setSaving(false)
    }
  }

  return (
    <form className="card publication-panel" onSubmit={save} aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>{t('panelTitle')}</h2>
      <p className="hint">{t('panelIntro')}</p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={published}
            onChange={(e) => {
              setNotice(undefined)
              setPublished(e.target.checked)
            }}
          />
          <span>{t('publishSwitch')}</span>
        </label>
      </p>
      <fieldset>
        <legend>{t('fieldsLegend')}</legend>
        <div className="publication-fields">
          {publicFieldNames.map((field) => (
            <label key={field}>
              <input
                type="checkbox"
                checked={fields.includes(field)}
                onChange={(e) => toggle(field, e.target.checked)}
              />
              <span>{publicFieldLabels[locale][field]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorAlert error={error} />
      <p className="notice" role="status">
        {notice}
      </p>
      <p className="actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? t('savingPublication') : t('savePublication')}
        </button>
        {slug && (
          <>
            {' '}
            <a href={`/vitrine/${slug}`}>{t('publicPageLink')}</a>
          </>
        )}
      </p>
      {!record.published && <p className="hint">{t('notPublished')}</p>}
    </form>
  )
}
