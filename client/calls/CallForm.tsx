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
import { ChoiceField, ErrorAlert, TextAreaField, TextField } from '../app/ui.tsx'
import { useSubmit } from '../app/use-submit.ts'
import { callMessages } from './messages.ts'

/** A question as the builder edits it: choices as lines of text. */
interface QuestionDraft {
  id: string
  label: string
  type: CallQuestionType
  required: boolean
  choices: string
}

interface CriterionDraft {
  id: string
  label: string
  weight: string
}

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

const newId = (prefix: string) => `${prefix}${crypto.randomUUID().slice(0, 8)}`

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

function move<T>(items: T[], index: number, by: number): T[] {
  const next = [...items]
  const [item] = next.splice(index, 1)
  next.splice(Math.max(0, Math.min(next.length, index + by)), 0, item!)
  return next
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
  const setQuestion = (index: number, next: Partial<QuestionDraft>) =>
    change({ questions: draft.questions.map((q, i) => (i === index ? { ...q, ...next } : q)) })
  const setCriterion = (index: number, next: Partial<CriterionDraft>) =>
    change({ criteria: draft.criteria.map((c, i) => (i === index ? { ...c, ...next } : c)) })
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
      <TextField
        label={t('title')}
        value={draft.title}
        onChange={(title) => change({ title })}
        required
        maxLength={callLimits.title}
      />
      <TextAreaField
        label={t('description')}
        hint={t('descriptionHint')}
        value={draft.description}
        onChange={(description) => change({ description })}
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
          <div className="checkbox" key={p.code}>
            <input
              type="checkbox"
              id={`call-priority-${p.code}`}
              checked={draft.priorityCodes.includes(p.code)}
              onChange={(event) =>
                change({
                  priorityCodes: toggle(draft.priorityCodes, p.code, event.target.checked),
                  // A priority taken off takes its fiches-actions with it.
                  actionCodes: event.target.checked
                    ? draft.actionCodes
                    : draft.actionCodes.filter((code) => !p.actions.some((a) => a.code === code)),
                })
              }
            />
            <label htmlFor={`call-priority-${p.code}`}>
              {p.code} — {p.title}
            </label>
          </div>
        ))}
      </fieldset>
      {actions.length > 0 && (
        <fieldset className="checkbox-group">
          <legend>{t('actions')}</legend>
          {actions.flatMap((p) =>
            p.actions.map((a) => (
              <div className="checkbox" key={a.code}>
                <input
                  type="checkbox"
                  id={`call-action-${a.code}`}
                  checked={draft.actionCodes.includes(a.code)}
                  onChange={(event) =>
                    change({ actionCodes: toggle(draft.actionCodes, a.code, event.target.checked) })
                  }
                />
                <label htmlFor={`call-action-${a.code}`}>
                  {a.code} — {a.title}
                </label>
              </div>
            )),
          )}
        </fieldset>
      )}
      <div className="call-dates">
        <TextField
          label={t('opensAt')}
          type="datetime-local"
          value={draft.opensAt}
          onChange={(opensAt) => change({ opensAt })}
          required
        />
        <TextField
          label={t('closesAt')}
          type="datetime-local"
          value={draft.closesAt}
          onChange={(closesAt) => change({ closesAt })}
          required
        />
      </div>

      <fieldset className="card call-builder">
        <legend>{t('questions')}</legend>
        <p className="hint">{t('questionsHint')}</p>
        {draft.questions.map((q, index) => (
          <fieldset className="call-builder-row" key={q.id} data-testid="call-question">
            <legend>{t('question', { n: index + 1 })}</legend>
            <TextField
              label={t('questionLabel')}
              value={q.label}
              onChange={(label) => setQuestion(index, { label })}
              required
              maxLength={callLimits.questionLabel}
            />
            <ChoiceField
              label={t('questionType')}
              value={q.type}
              onChange={(type) => setQuestion(index, { type: type as CallQuestionType })}
              options={callQuestionTypes.map((type) => [type, t(`type_${type}`)])}
            />
            {q.type === 'choice' && (
              <TextAreaField
                label={t('choices')}
                value={q.choices}
                onChange={(choices) => setQuestion(index, { choices })}
                rows={3}
              />
            )}
            <div className="checkbox">
              <input
                type="checkbox"
                id={`question-required-${q.id}`}
                checked={q.required}
                onChange={(event) => setQuestion(index, { required: event.target.checked })}
              />
              <label htmlFor={`question-required-${q.id}`}>{t('questionRequired')}</label>
            </div>
            <div className="actions">
              <button
                type="button"
                className="button button-quiet"
                disabled={index === 0}
                onClick={() => change({ questions: move(draft.questions, index, -1) })}
              >
                {t('moveUp')}
              </button>
              <button
                type="button"
                className="button button-quiet"
                disabled={index === draft.questions.length - 1}
                onClick={() => change({ questions: move(draft.questions, index, 1) })}
              >
                {t('moveDown')}
              </button>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => change({ questions: draft.questions.filter((_, i) => i !== index) })}
              >
                {t('remove')}
              </button>
            </div>
          </fieldset>
        ))}
        <button
          type="button"
          className="button button-secondary"
          disabled={draft.questions.length >= callLimits.questions}
          onClick={() =>
            change({
              questions: [
                ...draft.questions,
                { id: newId('q'), label: '', type: 'short', required: false, choices: '' },
              ],
            })
          }
        >
          {t('addQuestion')}
        </button>
      </fieldset>

      <fieldset className="card call-builder">
        <legend>{t('criteria')}</legend>
        <p className="hint">{t('criteriaHint')}</p>
        {draft.criteria.map((c, index) => (
          <fieldset className="call-builder-row call-criterion" key={c.id} data-testid="call-criterion">
            <legend>{t('criterion', { n: index + 1 })}</legend>
            <TextField
              label={t('criterionLabel')}
              value={c.label}
              onChange={(label) => setCriterion(index, { label })}
              required
              maxLength={callLimits.questionLabel}
            />
            <TextField
              label={t('criterionWeight')}
              value={c.weight}
              onChange={(weight) => setCriterion(index, { weight })}
              inputMode="decimal"
              required
            />
            <div className="actions">
              <button
                type="button"
                className="button button-quiet"
                onClick={() => change({ criteria: draft.criteria.filter((_, i) => i !== index) })}
              >
                {t('remove')}
              </button>
            </div>
          </fieldset>
        ))}
        <button
          type="button"
          className="button button-secondary"
          disabled={draft.criteria.length >= callLimits.criteria}
          onClick={() =>
            change({ criteria: [...draft.criteria, { id: newId('c'), label: '', weight: '1' }] })
          }
        >
          {t('addCriterion')}
        </button>
      </fieldset>

      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button button-primary-large" disabled={busy}>
          {busy ? t('saving') : props.submitLabel}
        </button>
      </div>
    </form>
  )
}
