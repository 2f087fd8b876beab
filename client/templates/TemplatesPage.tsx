import { type ChangeEvent, useState } from 'react'
import type { Template, TemplateSummary } from '../../shared/api/templates.ts'
import { apiGet, apiPost, apiRequest } from '../app/api.ts'
import { DeleteAction } from '../app/DeleteAction.tsx'
import { showNotice } from '../app/flash-notice.tsx'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link } from '../app/router.tsx'
import { ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { JsonFileField } from '../forms/JsonFileField.tsx'
import { usePhaseLabel } from '../workshops/phase.ts'
import { messages } from './messages.ts'
import './templates.css'

/**
 * `/modeles`: the council's workshop templates, then the built-in ones; each can start a new workshop,
 * be exported as a file; the council's own can be deleted; a file exported elsewhere can be imported.
 */
export default function TemplatesPage() {
  const t = useMessages(messages)
  useDocumentTitle(t('pageTitle'))
  const [version, setVersion] = useState(0)
  const [failure, setFailure] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const { locale } = useLocale()
  /** Built-in templates of every language, not only the page's (the council's own are always listed). */
  const [everyLanguage, setEveryLanguage] = useState(false)
  const list = useLoad(
    (signal) => apiGet<TemplateSummary[]>(`/api/templates${everyLanguage ? '' : `?lang=${locale}`}`, signal),
    [version, locale],
  )
  const templates = list.data

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget
    const file = input.files?.[0]
    if (!file) return
    setFailure(undefined)
    setBusy(true)
    try {
      let data: unknown
      try {
        data = JSON.parse((await file.text()).replace(/^\uFEFF/, ''))
      } catch {
        throw new Error(t('notJson'))
      }
      const imported = await apiPost<Template>('/api/templates/import', data)
      showNotice(t('imported', { title: imported.title }))
      setVersion((v) => v + 1)
    } catch (error) {
      setFailure(error)
    } finally {
      setBusy(false)
      input.value = ''
    }
  }

  const remove = async (template: TemplateSummary) => {
    await apiRequest('DELETE', `/api/templates/${encodeURIComponent(template.id)}`)
    showNotice(t('deleted', { title: template.title }))
    setVersion((v) => v + 1)
  }

  const own = templates?.filter((template) => !template.builtIn) ?? []
  const builtIn = templates?.filter((template) => template.builtIn) ?? []
  return (
    <div className="page">
      <h1>{t('pageTitle')}</h1>
      <p className="lead">{t('pageIntro')}</p>
      <ErrorAlert error={list.error ?? failure} />
      <section className="card form" aria-labelledby="template-import-title">
        <h2 id="template-import-title">{t('importTitle')}</h2>
        <JsonFileField
          id="template-file"
          label={t('importLabel')}
          describedBy="template-file-hint"
          disabled={busy}
          onChange={(event) => void importFile(event)}
        >
          <p id="template-file-hint" className="hint">
            {busy ? t('importing') : t('importHint')}
          </p>
        </JsonFileField>
      </section>
      {!templates ? (
        !list.error && <Loading />
      ) : (
        <>
          <section aria-labelledby="own-templates-title">
            <h2 id="own-templates-title">{t('ownTitle')}</h2>
            {own.length === 0 ? (
              <p className="empty">{t('noOwn')}</p>
            ) : (
              <TemplateList templates={own} onDelete={remove} />
            )}
          </section>
          <section aria-labelledby="builtin-templates-title">
            <h2 id="builtin-templates-title">{t('builtInTitle')}</h2>
            <div className="checkbox">
              <input
                id="templates-every-language"
                type="checkbox"
                checked={everyLanguage}
                onChange={(event) => {
                  setEveryLanguage(event.target.checked)
                  // A reload keeps the list shown until the new one comes: the box keeps its focus.
                  list.reload()
                }}
              />
              <label htmlFor="templates-every-language">{t('everyLanguage')}</label>
            </div>
            <TemplateList templates={builtIn} />
          </section>
        </>
      )}
    </div>
  )
}

function TemplateList({
  templates,
  onDelete,
}: {
  templates: TemplateSummary[]
  onDelete?: (template: TemplateSummary) => Promise<void>
}) {
  const t = useMessages(messages)
  const { formatDate } = useLocale()
  const phaseLabel = usePhaseLabel()
  return (
    <ul className="item-list" data-testid="template-list">
      {templates.map((template) => {
        const zones = [
          ...(template.zonesFromContract === 'priorities' ? [t('zonesPriorities')] : []),
          ...(template.zonesFromContract === 'actions' ? [t('zonesActions')] : []),
          ...template.zones.map((z) => (z.priorityCode ? z.actionCode || z.priorityCode : z.title)),
        ]
        const { settings } = template
        return (
          <li key={template.id} className="card item" data-testid="template-item">
            <h3>{template.title}</h3>
            {template.description && <p>{template.description}</p>}
            <p className="item-meta">
              {template.builtIn && <span>{t('builtIn')}</span>}
              {template.lang && (
                <span lang={template.lang}>{template.lang === 'fr' ? t('langFr') : t('langEn')}</span>
              )}
              {template.createdAt && <span>{formatDate(template.createdAt)}</span>}
            </p>
            <ul className="template-facts">
              <li>{t('zones', { list: zones.join(', ') })}</li>
              <li>{t('annotations', { count: template.annotationCount })}</li>
              <li>
                {template.agenda.length === 0
                  ? t('noAgenda')
                  : t('agenda', {
                      list: template.agenda
                        .map((step) => t('minutes', { phase: phaseLabel(step.phase), minutes: step.minutes }))
                        .join(' · '),
                    })}
              </li>
              <li>
                {[
                  t('settings', {
                    dots: settings.dotsPerParticipant,
                    target: settings.voteTarget === 'ideas' ? t('targetIdeas') : t('targetClusters'),
                  }),
                  ...(settings.privateIdeation ? [t('silent')] : []),
                  ...(settings.anonymous ? [t('anonymous')] : []),
                ].join(', ')}
              </li>
            </ul>
            <p className="actions">
              <Link className="button" to={`/ateliers/nouveau?modele=${encodeURIComponent(template.id)}`}>
                {t('useTemplate')}
              </Link>
              <a
                className="button button-secondary"
                href={`/api/templates/${encodeURIComponent(template.id)}/export`}
                download
                aria-label={t('exportLabel', { title: template.title })}
              >
                {t('export')}
              </a>
              {onDelete && (
                <DeleteAction
                  label={t('delete')}
                  title={t('deleteQuestion', { title: template.title })}
                  confirmLabel={t('deleteConfirm')}
                  onConfirm={() => onDelete(template)}
                >
                  <p>{t('deleteWhat')}</p>
                </DeleteAction>
              )}
            </p>
          </li>
        )
      })}
    </ul>
  )
}
