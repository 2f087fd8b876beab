import { type ChangeEvent, type FormEvent, useEffect, useState } from 'react'
import { apiPost } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { navigate } from '../app/router.tsx'
import { ErrorAlert, TextAreaField, TextField, useDocumentTitle } from '../app/ui.tsx'
import { JsonFileField } from '../forms/JsonFileField.tsx'
import { type Contract, type ContractInput, duplicateCodes, parseContractFile } from './contract.ts'
import { messages } from './messages.ts'

const MAX_FILE_BYTES = 1024 * 1024

interface ActionRow {
  key: string
  code: string
  title: string
  description: string
}
interface PriorityRow {
  key: string
  code: string
  title: string
  description: string
  actions: ActionRow[]
}

let nextKey = 0
const newKey = () => `row-${++nextKey}`

const emptyAction = (code: string): ActionRow => ({ key: newKey(), code, title: '', description: '' })
const emptyPriority = (number: number): PriorityRow => ({
  key: newKey(),
  code: `P${number}`,
  title: '',
  description: '',
  actions: [emptyAction(`${number}.1`)],
})

/** The next action code of a priority: `2.3` after `2.2` in priority P2. */
function nextActionCode(priority: PriorityRow, index: number): string {
  const base = priority.code.replace(/\D/g, '') || String(index + 1)
  return `${base}.${priority.actions.length + 1}`
}

function rowsFrom(contract: ContractInput): PriorityRow[] {
  return contract.priorities.map((p) => ({
    key: newKey(),
    code: p.code,
    title: p.title,
    description: p.description ?? '',
    actions: p.actions.map((a) => ({
      key: newKey(),
      code: a.code,
      title: a.title,
      description: a.description ?? '',
    })),
  }))
}

/** The contract's own fields, as typed. */
interface General {
  title: string
  territory: string
  period: string
}

/** The longest text of each of the contract's own fields. */
const generalMaxLength: Record<keyof General, number> = { title: 200, territory: 200, period: 50 }

function toInput(general: General, rows: PriorityRow[]): ContractInput {
  const description = (text: string) => (text.trim() ? { description: text.trim() } : {})
  return {
    title: general.title.trim(),
    territory: general.territory.trim(),
    period: general.period.trim(),
    priorities: rows.map((p) => ({
      code: p.code.trim(),
      title: p.title.trim(),
      ...description(p.description),
      actions: p.actions.map((a) => ({
        code: a.code.trim(),
        title: a.title.trim(),
        ...description(a.description),
      })),
    })),
  }
}

/**
 * `/contrats/nouveau`: a contract typed in, or imported from a JSON file that fills the form for review.
 * Rows of priorities and actions are added and removed with buttons; the focus follows the new row so the
 * keyboard user types on at once.
 */
export default function NewContractPage() {
  const t = useMessages(messages)
  useDocumentTitle(t('newTitle'))
  const [general, setGeneral] = useState<General>({ title: '', territory: '', period: '' })
  const [rows, setRows] = useState<PriorityRow[]>(() => [emptyPriority(1)])
  const [importStatus, setImportStatus] = useState<string>()
  const [importError, setImportError] = useState<string>()
  const [formError, setFormError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const [focusId, setFocusId] = useState<string>()

  useEffect(() => {
    if (!focusId) return
    document.getElementById(focusId)?.focus()
    setFocusId(undefined)
  }, [focusId])

  const updatePriority = (key: string, change: Partial<PriorityRow>) =>
    setRows((current) => current.map((p) => (p.key === key ? { ...p, ...change } : p)))
  const updateAction = (priorityKey: string, actionKey: string, change: Partial<ActionRow>) =>
    setRows((current) =>
      current.map((p) =>
        p.key === priorityKey
          ? { ...p, actions: p.actions.map((a) => (a.key === actionKey ? { ...a, ...change } : a)) }
          : p,
      ),
    )

  /** A required field of the contract's own, named after its key. */
  const generalField = (name: keyof General) => ({
    label: t(name),
    name,
    required: true,
    maxLength: generalMaxLength[name],
    value: general[name],
    onChange: (value: string) => setGeneral((current) => ({ ...current, [name]: value })),
  })

  const addPriority = () => {
    const row = emptyPriority(rows.length + 1)
    setRows([...rows, row])
    setFocusId(`${row.key}-title`)
  }
  const removePriority = (key: string) => {
    setRows(rows.filter((p) => p.key !== key))
    setFocusId('add-priority')
  }
  const addAction = (priority: PriorityRow, index: number) => {
    const action = emptyAction(nextActionCode(priority, index))
    updatePriority(priority.key, { actions: [...priority.actions, action] })
    setFocusId(`${action.key}-title`)
  }
  const removeAction = (priority: PriorityRow, actionKey: string) => {
    updatePriority(priority.key, { actions: priority.actions.filter((a) => a.key !== actionKey) })
    setFocusId(`${priority.key}-add-action`)
  }

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    setImportStatus(undefined)
    setImportError(undefined)
    if (!file) return
    if (file.size > MAX_FILE_BYTES) {
      setImportError(t('importTooLarge'))
      return
    }
    const result = parseContractFile(await file.text())
    if (!result.ok) {
      setImportError(
        result.problem === 'not_json' ? t('importNotJson') : t('importNotContract', { where: result.where }),
      )
      return
    }
    const { contract } = result
    setGeneral({ title: contract.title, territory: contract.territory, period: contract.period })
    setRows(rowsFrom(contract))
    setImportStatus(
      t('imported', {
        priorities: contract.priorities.length,
        actions: contract.priorities.reduce((sum, p) => sum + p.actions.length, 0),
      }),
    )
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setFormError(undefined)
    const input = toInput(general, rows)
    if (input.priorities.length === 0) return setFormError(new Error(t('needPriority')))
    const duplicates = duplicateCodes(input)
    if (duplicates.length > 0)
      return setFormError(new Error(t('duplicates', { codes: duplicates.join(', ') })))
    setBusy(true)
    try {
      const contract = await apiPost<Contract>('/api/contracts', input)
      navigate(`/contrats/${contract.id}`)
    } catch (failure) {
      setFormError(failure)
      setBusy(false)
    }
  }

  return (
    <div className="page">
      <h1>{t('newTitle')}</h1>
      <p className="lead">{t('newIntro')}</p>

      <section className="card" aria-labelledby="import-title">
        <h2 id="import-title">{t('importTitle')}</h2>
        <p className="hint" id="import-hint">
          {t('importHint')}
        </p>
        <JsonFileField
          id="contract-file"
          label={t('importFile')}
          describedBy="import-hint"
          onChange={importFile}
        />
        {importError && (
          <p className="alert" role="alert">
            {importError}
          </p>
        )}
        <p className="notice" role="status">
          {importStatus}
        </p>
      </section>

      <form className="form contract-form" onSubmit={submit}>
        <fieldset className="card">
          <legend>{t('general')}</legend>
          <TextField {...generalField('title')} />
          <div className="field-row">
            <TextField hint={t('territoryHint')} {...generalField('territory')} />
            <TextField hint={t('periodHint')} {...generalField('period')} />
          </div>
        </fieldset>

        <h2>{t('priorities')}</h2>
        {rows.map((priority, index) => (
          <fieldset key={priority.key} className="card priority">
            <legend>{t('priority', { number: index + 1 })}</legend>
            <div className="field-row field-row-code">
              <CodeAndTitle
                row={priority}
                titleLabel={t('priorityTitle')}
                onChange={(change) => updatePriority(priority.key, change)}
              />
            </div>
            <TextAreaField
              label={t('description')}
              rows={2}
              maxLength={2000}
              value={priority.description}
              onChange={(description) => updatePriority(priority.key, { description })}
            />
            <fieldset className="actions-list">
              <legend>{t('actions', { code: priority.code || index + 1 })}</legend>
              {priority.actions.length === 0 && <p className="hint">{t('noActions')}</p>}
              {priority.actions.map((action, actionIndex) => (
                <div key={action.key} className="action-row">
                  <CodeAndTitle
                    row={action}
                    titleLabel={t('actionTitle')}
                    onChange={(change) => updateAction(priority.key, action.key, change)}
                  />
                  <button
                    type="button"
                    className="button button-quiet button-remove"
                    onClick={() => removeAction(priority, action.key)}
                  >
                    {t('removeAction', { code: action.code || actionIndex + 1 })}
                  </button>
                </div>
              ))}
              <button
                id={`${priority.key}-add-action`}
                type="button"
                className="button button-secondary"
                onClick={() => addAction(priority, index)}
              >
                {t('addAction')}
              </button>
            </fieldset>
            <button
              type="button"
              className="button button-quiet button-remove"
              onClick={() => removePriority(priority.key)}
            >
              {t('removePriority', { code: priority.code || index + 1 })}
            </button>
          </fieldset>
        ))}
        <p>
          <button id="add-priority" type="button" className="button button-secondary" onClick={addPriority}>
            {t('addPriority')}
          </button>
        </p>
        <ErrorAlert error={formError} />
        <p>
          <button type="submit" className="button button-primary-large" disabled={busy}>
            {busy ? t('saving') : t('save')}
          </button>
        </p>
      </form>
    </div>
  )
}

/**
 * The code and the title of a priority or of a fiche-action, their ids made from the row's key (the
 * focus goes to a new row's title).
 */
function CodeAndTitle({
  row,
  titleLabel,
  onChange,
}: {
  row: { key: string; code: string; title: string }
  titleLabel: string
  onChange: (change: { code: string } | { title: string }) => void
}) {
  const t = useMessages(messages)
  return (
    <>
      <TextField
        id={`${row.key}-code`}
        className="field-code"
        label={t('code')}
        required
        maxLength={20}
        value={row.code}
        onChange={(code) => onChange({ code })}
      />
      <TextField
        id={`${row.key}-title`}
        label={titleLabel}
        required
        maxLength={200}
        value={row.title}
        onChange={(title) => onChange({ title })}
      />
    </>
  )
}
