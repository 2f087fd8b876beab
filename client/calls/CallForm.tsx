import { useState } from 'react'
import type {
  Call,
  CallCriterion,
  CallInput,
  CallQuestion,
  CallQuestionType,
} from '../../shared/api/calls.ts'
import { callLimits, callQuestionTypes } from '../../shared/api/calls.ts'
import type { Contract } from '../../shared/api/contracts.ts'
import { useMessages } from '../app/i18n.tsx'
import { Checkbox, ChoiceField, ErrorAlert, TextAreaField, TextField } from '../app/ui.tsx'
import { useSubmit } from '../app/use-submit.ts'
import { CallBuilder, type CriterionDraft, type QuestionDraft } from './CallBuilder.tsx'
import { callMessages } from './messages.ts'

export interface CallDraft {
  contractId: string
  title: string
  description: string
  kind: 'call' | 'ami'
  priorityCodes: string[]
  actionCodes: string[]
  opensAt: string
  closesAt: string
  questions: QuestionDraft[]
  criteria: CriterionDraft[]
}

/** A date and time for `<input type="datetime-local">`, in the browser's time zone. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
  return shifted.toISOString().slice(0, 16)
}

export function draftOf(call: Call | undefined, contractId: string): CallDraft {
  const now = new Date()
  return {
    contractId: call?.contractId ?? contractId,
    title: call?.title ?? '',
    description: call?.description ?? '',
    kind: call?.kind ?? 'call',
    priorityCodes: call?.priorityCodes ?? [],
    actionCodes: call?.actionCodes ?? [],
    opensAt: localInput(call ? new Date(call.opensAt) : now),
    closesAt: localInput(call ? new Date(call.closesAt) : new Date(now.getTime() + 30 * 86_400_000)),
    questions: (call?.questions ?? []).map((q) => ({ ...q, choices: (q.choices ?? []).join('\n') })),
    criteria: (call?.criteria ?? []).map((c) => ({ ...c, weight: String(c.weight) })),
  }
}

/** The body of POST /api/calls (PATCH takes the same without the contract). */
export function bodyOf(draft: CallDraft): CallInput {
  const questions: CallQuestion[] = draft.questions.map((q) => ({
    id: q.id,
    label: q.label,
    type: q.type,
    required: q.required,
    ...(q.type === 'choice'
      ? {
          choices: q.choices
            .split('\n')
            .map((c) => c.trim())
            .filter(Boolean),
        }
      : {}),
  }))
  const criteria: CallCriterion[] = draft.criteria.map((c) => ({
    id: c.id,
    label: c.label,
    weight: Number(c.weight.replace(',', '.')) || 0,
  }))
  return {
    contractId: draft.contractId,
    title: draft.title,
    description: draft.description,
    kind: draft.kind,
    priorityCodes: draft.priorityCodes,
    actionCodes: draft.actionCodes,
    opensAt: new Date(draft.opensAt).toISOString(),
    closesAt: new Date(draft.closesAt).toISOString(),
    questions,
    criteria,
  }
}

/**
 * The form of a call: contract (on creation), title, text, kind, the contract's priorities and
 * fiches-actions as boxes, dates, the questions builder (four types, required or not, choices) and the
 * review grid. The server checks everything again (codes of the contract, dates, unique ids).
 */
export function CallForm(props: {
  contracts: Contract[]
  call?: Call
  initialContractId?: string
  submitLabel: string
  onSubmit: (draft: CallDraft) => Promise<void>
}) {
  const t = useMessages(callMessages)
  const [draft, setDraft] = useState(() =>
    draftOf(props.call, props.initialContractId ?? props.contracts[0]?.id ?? ''),
  )
  const change = (next: Partial<CallDraft>) => setDraft((d) => ({ ...d, ...next }))
  const { busy, error, submit } = useSubmit(() => props.onSubmit(draft))
  const contract = props.contracts.find((c) => c.id === draft.contractId)
  const actions = (contract?.priorities ?? []).filter((p) => draft.priorityCodes.includes(p.code))
  /** What ties a field to a text of the draft: its value and its change. */
  const bind = (key: 'title' | 'description' | 'opensAt' | 'closesAt') => ({
    value: draft[key],
    onChange: (value: string) => change({ [key]: value }),
  })
  const toggle = (list: string[], code: string, on: boolean) =>
    on ? [...list.filter((c) => c !== code), code] : list.filter((c) => c !== code)

  return (
    <form className="form call-form" onSubmit={submit}>
      {!props.call && (
        <ChoiceField
          label={t('contract')}
          value={draft.contractId}
          onChange={(contractId) => change({ contractId, priorityCodes: [], actionCodes: [] })}
          options={props.contracts.map((c) => [c.id, c.title])}
        />
      )}
      <TextField label={t('title')} {...bind('title')} required maxLength={callLimits.title} />
      <TextAreaField
        label={t('description')}
        hint={t('descriptionHint')}
        {...bind('description')}
        rows={6}
        maxLength={callLimits.description}
      />
      <fieldset className="checkbox-group">
        <legend>{t('kind')}</legend>
        {(['call', 'ami'] as const).map((kind) => (
          <div className="checkbox" key={kind}>
            <input
              type="radio"
              id={`call-kind-${kind}`}
              name="call-kind"
              checked={draft.kind === kind}
              onChange={() => change({ kind })}
            />
            <label htmlFor={`call-kind-${kind}`}>{t(`kind_${kind}`)}</label>
          </div>
        ))}
      </fieldset>
      <fieldset className="checkbox-group" data-testid="call-priorities">
        <legend>{t('priorities')}</legend>
        {(contract?.priorities ?? []).map((p) => (
          <Checkbox
            key={p.code}
            id={`call-priority-${p.code}`}
            label={`${p.code} — ${p.title}`}
            checked={draft.priorityCodes.includes(p.code)}
            onChange={(checked) =>
              change({
                priorityCodes: toggle(draft.priorityCodes, p.code, checked),
                // A priority taken off takes its fiches-actions with it.
                actionCodes: checked
                  ? draft.actionCodes
                  : draft.actionCodes.filter((code) => !p.actions.some((a) => a.code === code)),
              })
            }
          />
        ))}
      </fieldset>
      {actions.length > 0 && (
        <fieldset className="checkbox-group">
          <legend>{t('actions')}</legend>
          {actions.flatMap((p) =>
            p.actions.map((a) => (
              <Checkbox
                key={a.code}
                id={`call-action-${a.code}`}
                label={`${a.code} — ${a.title}`}
                checked={draft.actionCodes.includes(a.code)}
                onChange={(checked) => change({ actionCodes: toggle(draft.actionCodes, a.code, checked) })}
              />
            )),
          )}
        </fieldset>
      )}
      <div className="call-dates">
        <TextField label={t('opensAt')} type="datetime-local" {...bind('opensAt')} required />
        <TextField label={t('closesAt')} type="datetime-local" {...bind('closesAt')} required />
      </div>

      <CallBuilder list="questions" items={draft.questions} onChange={(questions) => change({ questions })}>
        {(question, update) => <QuestionFields question={question} update={update} />}
      </CallBuilder>

      <CallBuilder list="criteria" items={draft.criteria} onChange={(criteria) => change({ criteria })}>
        {(c, update) => (
          <TextField
            label={t('criterionWeight')}
            value={c.weight}
            onChange={(weight) => update({ weight })}
            inputMode="decimal"
            required
          />
        )}
      </CallBuilder>

      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button button-primary-large" disabled={busy}>
          {busy ? t('saving') : props.submitLabel}
        </button>
      </div>
    </form>
  )
}

/** A question's fields after its label: its type, its choices (choice questions), whether it is required. */
function QuestionFields({
  question,
  update,
}: {
  question: QuestionDraft
  update: (change: Partial<QuestionDraft>) => void
}) {
  const t = useMessages(callMessages)
  return (
    <>
      <ChoiceField
        label={t('questionType')}
        value={question.type}
        onChange={(type) => update({ type: type as CallQuestionType })}
        options={callQuestionTypes.map((type) => [type, t(`type_${type}`)])}
      />
      {question.type === 'choice' && (
        <TextAreaField
          label={t('choices')}
          value={question.choices}
          onChange={(choices) => update({ choices })}
          rows={3}
        />
      )}
      <Checkbox
        id={`question-required-${question.id}`}
        label={t('questionRequired')}
        checked={question.required}
        onChange={(required) => update({ required })}
      />
    </>
  )
}
