import { useState } from 'react'
import type { Editor } from 'tldraw'
import { useMessages } from '../app/i18n.tsx'
import { download, type ExportFormat, type ExportScope, exportBlob, exportFileName } from './exports.ts'
import { messages } from './messages.ts'

/** What can be exported, and the label that says it. */
const scopes: [ExportScope, 'exportWhole' | 'exportSelection'][] = [
  ['board', 'exportWhole'],
  ['selection', 'exportSelection'],
]

/** The formats, in the menu's order, and their buttons' labels. */
const formats: [ExportFormat, 'exportPng' | 'exportSvg' | 'exportPdf'][] = [
  ['png', 'exportPng'],
  ['svg', 'exportSvg'],
  ['pdf', 'exportPdf'],
]

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
          <legend className="visually-hidden">{t('export')}</legend>
          {scopes.map(([option, label]) => (
            <label key={option} className="kb-check">
              <input
                type="radio"
                name="kb-scope"
                checked={scope === option}
                onChange={() => setScope(option)}
              />
              {t(label)}
            </label>
          ))}
        </fieldset>
        {formats.map(([format, label]) => (
          <button
            key={format}
            type="button"
            onClick={() => void run(format)}
            // A PDF is of the whole board.
            disabled={format === 'pdf' && scope === 'selection'}
          >
            {t(label)}
          </button>
        ))}
        {error && (
          <p className="kb-alert" role="alert">
            {error}
          </p>
        )}
      </div>
    </details>
  )
}
