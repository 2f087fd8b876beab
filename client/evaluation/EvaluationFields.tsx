import { fieldLabels } from '../../shared/projects/labels.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Area } from '../projects/fields.tsx'
import type { FormState } from '../projects/form.ts'
import { messages } from './messages.ts'

type EvaluationField = 'evaluationWorked' | 'evaluationNotWorked' | 'evaluationLessons' | 'evaluation'

interface Props {
  form: FormState
  set: (field: EvaluationField) => (value: string) => void
  fieldProps: (field: string) => { id: string; error?: string }
  /** The record holds text in the older single field: show it (it stays while its text is cleared). */
  showOlder: boolean
}

/**
 * The record page's qualitative evaluation in three parts (what worked, what did not, the lessons),
 * required for the status "evaluated"; the older single text stays, shown only when it holds something.
 */
export function EvaluationFields({ form, set, fieldProps, showOlder }: Props) {
  const t = useMessages(messages)
  const { locale } = useLocale()
  const labels = fieldLabels[locale]
  return (
    <fieldset className="card">
      <legend>{t('evaluationTitle')}</legend>
      <p className="hint">{t('evaluationIntro')}</p>
      {(['evaluationWorked', 'evaluationNotWorked', 'evaluationLessons'] as const).map((field) => (
        <Area
          key={field}
          label={labels[field]}
          value={form[field]}
          onChange={set(field)}
          rows={4}
          {...fieldProps(field)}
        />
      ))}
      {showOlder && (
        <Area
          label={t('evaluationOld')}
          value={form.evaluation}
          onChange={set('evaluation')}
          {...fieldProps('evaluation')}
        />
      )}
    </fieldset>
  )
}
