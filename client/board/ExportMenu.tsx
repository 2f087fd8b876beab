import { useState } from 'react'
import type { Editor } from 'tldraw'
import { useMessages } from '../app/i18n.tsx'
import { download, type ExportFormat, type ExportScope, exportBlob, exportFileName } from './exports.ts'
import { messages } from './messages.ts'

/** Export of the board or of the selection as PNG, SVG or PDF. */
export function ExportMenu({ editor, title }: { editor: Editor; title: string }) {
  const t = useMessages(messages)
  const [error, setError] = useState<string | null>(null)
  const [scope, setScope] = useState<ExportScope>('board')
  const run = async (format: ExportFormat) => {
    setError(null)
    try {
      const blob = await exportBlob(editor, format, scope)
      if (!blob) setError(t('exportEmpty'))
      else download(blob, exportFileName(title, format))
    } catch (e) {
      console.error(e)
      setError(t('exportFailed'))
    }
  }
  return (
    <details className="kb-menu">
      <summary>{t('export')}</summary>
      <div className="kb-menu-body">
        <fieldset>
          <legend className="kb-visually-hidden">{t('export')}</legend>
          <label className="kb-check">
            <input
              type="radio"
              name="kb-scope"
              checked={scope === 'board'}
              onChange={() => setScope('board')}
            />
            {t('exportWhole')}
          </label>
          <label className="kb-check">
            <input
              type="radio"
              name="kb-scope"
              checked={scope === 'selection'}
              onChange={() => setScope('selection')}
            />
            {t('exportSelection')}
          </label>
        </fieldset>
        <button type="button" onClick={() => void run('png')}>
          {t('exportPng')}
        </button>
        <button type="button" onClick={() => void run('svg')}>
          {t('exportSvg')}
        </button>
        <button type="button" onClick={() => void run('pdf')} disabled={scope === 'selection'}>
          {t('exportPdf')}
        </button>
        {error && (
          <p className="kb-alert" role="alert">
            {error}
          </p>
        )}
      </div>
    </details>
  )
}
