import { fieldLabels } from '../../shared/projects/labels.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Area } from '../projects/fields.tsx'
import { messages } from './messages.ts'

type EvaluationField = 'evaluationWorked' | 'evaluationNotWorked' | 'evaluationLessons' | 'evaluation'

interface Props {
  /** What ties a text field to a field of the form: value, change, id and error. */
  bind: (field: EvaluationField) => {
    value: string
    onChange: (value: string) => void
    id: string
    error?: string
  }
  /** The record holds text in the older single field: show it (it stays while its text is cleared). */
  showOlder: boolean
}

/**
 * The record page's qualitative evaluation in three parts (what worked, what did not, the lessons),
 * required for the status "evaluated"; the older single text stays, shown only when it holds something.
 */
export function EvaluationFields({ bind, showOlder }: Props) {
  const t = useMessages(messages)
  const { locale } = useLocale()
  const labels = fieldLabels[locale]
  return (
    <fieldset className="card">
      <legend>{t('evaluationTitle')}</legend>
      <p className="hint">{t('evaluationIntro')}</p>
      {(['evaluationWorked', 'evaluationNotWorked', 'evaluationLessons'] as const).map((field) => (
        <Area key={field} label={labels[field]} rows={4} {...bind(field)} />
      ))}
      {showOlder && <Area label={t('evaluationOld')} {...bind('evaluation')} />}
    </fieldset>
  )
}
