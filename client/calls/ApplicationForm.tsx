import { useId, useState } from 'react'
import {
  type ApplicationInput,
  type CallQuestion,
  type CarrierApplication,
  callLimits,
  carrierKinds,
  type PublicCall,
} from '../../shared/api/calls.ts'
import { ApiError } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { ChoiceField, ErrorAlert, TextAreaField, TextField, useErrorText } from '../app/ui.tsx'
import { useSubmit } from '../app/use-submit.ts'
import { callMessages } from './messages.ts'

type CarrierKind = ApplicationInput['carrier']['kind']

/** What the form holds: every answer as typed (numbers too: the server reads "3,5"). */
interface Draft {
  name: string
  kind: CarrierKind
  email: string
  title: string
  summary: string
  budget: string
  priorityCode: string
  answers: Record<string, string>
  website: string
}

function draftOf(call: PublicCall, application?: CarrierApplication): Draft {
  return {
    name: application?.carrier.name ?? '',
    kind: (application?.carrier.kind as CarrierKind | undefined) ?? 'association',
    email: application?.carrier.email ?? '',
    title: application?.title ?? '',
    summary: application?.summary ?? '',
    budget: application?.budget == null ? '' : String(application.budget),
    priorityCode: application?.priorityCode ?? (call.priorities.length === 1 ? call.priorities[0]!.code : ''),
    answers: Object.fromEntries(
      Object.entries(application?.answers ?? {}).map(([id, value]) => [id, String(value)]),
    ),
    website: '',
  }
}

/** The body the routes take; the server checks every rule again. */
function bodyOf(draft: Draft): ApplicationInput {
  const budget = draft.budget.trim().replace(/\s/g, '').replace(',', '.')
  return {
    carrier: { name: draft.name, kind: draft.kind, email: draft.email.trim() },
    title: draft.title,
    summary: draft.summary,
    answers: Object.fromEntries(Object.entries(draft.answers).filter(([, value]) => value.trim() !== '')),
    ...(budget ? { budget: Number(budget) } : {}),
    ...(draft.priorityCode ? { priorityCode: draft.priorityCode } : {}),
    ...(draft.website ? { website: draft.website } : {}),
  }
}

/**
 * The application form of a call, phone first (one column, full-width fields): the carrier, the
 * project, the call's questions in their order, and a honeypot field hidden from people (a robot that
 * fills it is answered like a success and nothing is stored). Used to apply and to edit.
 */
export function ApplicationForm(props: {
  call: PublicCall
  application?: CarrierApplication
  submitLabel: string
  busyLabel: string
  onSubmit: (body: ApplicationInput) => Promise<void>
}) {
  const t = useMessages(callMessages)
  const [draft, setDraft] = useState(() => draftOf(props.call, props.application))
  const change = (next: Partial<Draft>) => setDraft((d) => ({ ...d, ...next }))
  const { busy, error, submit } = useSubmit(() => props.onSubmit(bodyOf(draft)))
  const field = error instanceof ApiError ? error.field : undefined
  const errorText = useErrorText()
  const fieldError = (name: string) => (field === name ? errorText(error) : undefined)
  const honeypotId = useId()
  /** What ties a field to a text of the draft: its value, its change and its error (by its path). */
  const bind = (
    key: 'name' | 'email' | 'title' | 'summary' | 'priorityCode' | 'budget',
    path: string = key,
  ) => ({
    value: draft[key],
    onChange: (value: string) => change({ [key]: value }),
    error: fieldError(path),
  })
  const { call } = props

  return (
    <form className="form call-application" onSubmit={submit} noValidate={false}>
      <fieldset className="card">
        <legend>{t('carrier')}</legend>
        <TextField
          label={t('carrierName')}
          {...bind('name', 'carrier.name')}
          required
          maxLength={callLimits.carrierName}
          autoComplete="organization"
        />
        <ChoiceField
          label={t('carrierKind')}
          value={draft.kind}
          onChange={(kind) => change({ kind: kind as CarrierKind })}
          options={carrierKinds.map((kind) => [kind, t(`carrier_${kind}`)])}
        />
        <TextField
          label={t('email')}
          {...bind('email', 'carrier.email')}
          hint={t('emailHint')}
          type="email"
          required
          maxLength={callLimits.email}
          autoComplete="email"
          inputMode="email"
        />
      </fieldset>
      <fieldset className="card">
        <legend>{t('project')}</legend>
        <TextField label={t('projectTitle')} {...bind('title')} required maxLength={callLimits.title} />
        <TextAreaField label={t('summary')} {...bind('summary')} rows={5} maxLength={callLimits.summary} />
        {call.priorities.length > 1 && (
          <ChoiceField
            label={t('priority')}
            {...bind('priorityCode')}
            options={[
              ['', t('choose')],
              ...call.priorities.map((p): [string, string] => [p.code, `${p.code} — ${p.title}`]),
            ]}
          />
        )}
        <TextField label={t('budget')} {...bind('budget')} inputMode="decimal" />
        {call.questions.map((question) => (
          <QuestionField
            key={question.id}
            question={question}
            value={draft.answers[question.id] ?? ''}
            onChange={(value) => change({ answers: { ...draft.answers, [question.id]: value } })}
            error={fieldError(`answers.${question.id}`)}
          />
        ))}
      </fieldset>
      {/* The honeypot: out of sight and out of the tab order; people never fill it. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor={honeypotId}>{t('honeypot')}</label>
        <input
          id={honeypotId}
          name="website"
          tabIndex={-1}
          autoComplete="off"
          value={draft.website}
          onChange={(event) => change({ website: event.target.value })}
        />
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button button-primary-large" disabled={busy}>
          {busy ? props.busyLabel : props.submitLabel}
        </button>
      </div>
    </form>
  )
}

function QuestionField(props: {
  question: CallQuestion
  value: string
  onChange: (value: string) => void
  error?: string
}) {
  const t = useMessages(callMessages)
  const { question } = props
  const common = {
    label: question.label,
    value: props.value,
    onChange: props.onChange,
    required: question.required,
    error: props.error,
  }
  if (question.type === 'long')
    return <TextAreaField {...common} rows={6} maxLength={callLimits.longAnswer} />
  if (question.type === 'choice') {
    const { required: _, ...choice } = common
    return (
      <ChoiceField
        {...choice}
        label={question.required ? `${question.label} *` : question.label}
        options={[['', t('choose')], ...(question.choices ?? []).map((c): [string, string] => [c, c])]}
      />
    )
  }
  if (question.type === 'number') return <TextField {...common} inputMode="decimal" />
  return <TextField {...common} maxLength={callLimits.shortAnswer} />
}
