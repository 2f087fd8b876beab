import { type FormEvent, useEffect, useState } from 'react'
import { type PublicField, publicFieldNames } from '../../shared/showcase/fields.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { useLoad } from '../app/use-load.ts'
import { RecordPanel } from '../records/RecordPanel.tsx'
import { type RecordPanelProps, SaveFooter, useSave } from '../records/save.tsx'
import { showcaseApi } from './api.ts'
import { messages, publicFieldLabels } from './messages.ts'
import './showcase.css'

/**
 * On a record's page: the switch that puts the record on the council's public showcase (off by
 * default), the fields it shows there, and a link to the public page. Saved on its own (PATCH with the
 * record's version), so the main form's unsaved edits stay; `onSaved` gets the saved record.
 */
export function PublicationPanel({ record, onSaved }: RecordPanelProps) {
  const t = useMessages(messages)
  const { locale } = useLocale()
  const [published, setPublished] = useState(record.published ?? false)
  const [fields, setFields] = useState<PublicField[]>(record.publicFields ?? [])
  const saving = useSave()
  const savedKey = JSON.stringify([record.id, record.published, record.publicFields])
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft follows the record's saved publication
  useEffect(() => {
    setPublished(record.published ?? false)
    setFields(record.publicFields ?? [])
  }, [savedKey])
  const slug = useLoad((signal) => showcaseApi.council(signal), []).data?.slug

  const toggle = (field: PublicField, on: boolean) => {
    saving.clearNotice()
    setFields((list) => (on ? [...list, field] : list.filter((f) => f !== field)))
  }
  const save = (event: FormEvent) => {
    event.preventDefault()
    void saving.run(async () => {
      const saved = await showcaseApi.publish(record.id, record.version, {
        published,
        publicFields: publicFieldNames.filter((f) => fields.includes(f)),
      })
      onSaved(saved)
      return saved.published ? t('savedPublished') : t('savedUnpublished')
    })
  }

  return (
    <RecordPanel
      className="publication-panel"
      title={t('panelTitle')}
      intro={t('panelIntro')}
      onSubmit={save}
    >
      <p>
        <label>
          <input
            type="checkbox"
            checked={published}
            onChange={(e) => {
              saving.clearNotice()
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
      <SaveFooter save={saving} label={t('savePublication')} busyLabel={t('savingPublication')}>
        {slug && (
          <>
            {' '}
            <a href={`/vitrine/${slug}`}>{t('publicPageLink')}</a>
          </>
        )}
      </SaveFooter>
      {!record.published && <p className="hint">{t('notPublished')}</p>}
    </RecordPanel>
  )
}
