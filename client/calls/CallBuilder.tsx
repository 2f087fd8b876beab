import type { ReactNode } from 'react'
import { type CallQuestionType, callLimits } from '../../shared/api/calls.ts'
import { useMessages } from '../app/i18n.tsx'
import { TextField } from '../app/ui.tsx'
import { callMessages } from './messages.ts'

/** A question as the builder edits it: choices as lines of text. */
export interface QuestionDraft {
  id: string
  label: string
  type: CallQuestionType
  required: boolean
  choices: string
}

export interface CriterionDraft {
  id: string
  label: string
  weight: string
}

/** The item of each list. */
interface Items {
  questions: QuestionDraft
  criteria: CriterionDraft
}

const newId = (prefix: string) => `${prefix}${crypto.randomUUID().slice(0, 8)}`

/**
 * The two lists a call's form builds: their texts, the class and test id of an item, their limit, and
 * a new item.
 */
const lists = {
  questions: {
    legend: 'questions',
    hint: 'questionsHint',
    item: 'question',
    label: 'questionLabel',
    add: 'addQuestion',
    className: 'call-builder-row',
    testId: 'call-question',
    max: callLimits.questions,
    // The questions' order is the application form's.
    movable: true,
    newItem: (): QuestionDraft => ({
      id: newId('q'),
      label: '',
      type: 'short',
      required: false,
      choices: '',
    }),
  },
  criteria: {
    legend: 'criteria',
    hint: 'criteriaHint',
    item: 'criterion',
    label: 'criterionLabel',
    add: 'addCriterion',
    className: 'call-builder-row call-criterion',
    testId: 'call-criterion',
    max: callLimits.criteria,
    movable: false,
    newItem: (): CriterionDraft => ({ id: newId('c'), label: '', weight: '1' }),
  },
} as const

/** `items` with the one at `index` moved by `by` places (kept within the list). */
function move<T>(items: T[], index: number, by: number): T[] {
  const next = [...items]
  const [item] = next.splice(index, 1)
  next.splice(Math.max(0, Math.min(next.length, index + by)), 0, item!)
  return next
}

/**
 * One list a call's form builds (its questions, its review criteria): a card with a legend and a hint,
 * one fieldset per item with its label, its other fields and buttons to remove it (and to move a
 * question up or down), then a button to add one, up to the list's limit.
 */
export function CallBuilder<List extends keyof Items>(props: {
  list: List
  items: Items[List][]
  onChange: (items: Items[List][]) => void
  /** The fields of one item after its label; `update` merges a change into it. */
  children: (item: Items[List], update: (change: Partial<Items[List]>) => void) => ReactNode
}) {
  const t = useMessages(callMessages)
  const { items, onChange } = props
  const list = lists[props.list]
  const update = (index: number, change: Partial<Items[List]>) =>
    onChange(items.map((other, i) => (i === index ? { ...other, ...change } : other)))
  return (
    <fieldset className="card call-builder">
      <legend>{t(list.legend)}</legend>
      <p className="hint">{t(list.hint)}</p>
      {items.map((item, index) => (
        <fieldset className={list.className} key={item.id} data-testid={list.testId}>
          <legend>{t(list.item, { n: index + 1 })}</legend>
          <TextField
            label={t(list.label)}
            value={item.label}
            onChange={(label) => update(index, { label } as Partial<Items[List]>)}
            required
            maxLength={callLimits.questionLabel}
          />
          {props.children(item, (change) => update(index, change))}
          <div className="actions">
            {list.movable && (
              <>
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={index === 0}
                  onClick={() => onChange(move(items, index, -1))}
                >
                  {t('moveUp')}
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={index === items.length - 1}
                  onClick={() => onChange(move(items, index, 1))}
                >
                  {t('moveDown')}
                </button>
              </>
            )}
            <button
              type="button"
              className="button button-quiet"
              onClick={() => onChange(items.filter((_, i) => i !== index))}
            >
              {t('remove')}
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button-secondary"
        disabled={items.length >= list.max}
        onClick={() => onChange([...items, list.newItem() as Items[List]])}
      >
        {t(list.add)}
      </button>
    </fieldset>
  )
}
