import { type FormEvent, useCallback, useEffect, useState } from 'react'
import { followupFieldLabels } from '../../shared/followup/labels.ts'
import {
  actorTypeLabels,
  fieldErrorMessages,
  fieldLabels,
  fieldPathLabel,
  statusLabels,
} from '../../shared/projects/labels.ts'
import type { HistoryEntry } from '../../shared/projects/record.ts'
import {
  type ActorType,
  actorTypes,
  type EditableField,
  editableFields,
  type ProjectRecord,
  projectStatuses,
} from '../../shared/projects/record.ts'
import { type ContractCodes, type FieldError, requiredByStatus } from '../../shared/projects/validation.ts'
import { ApiError, apiGet } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { Breadcrumb, ErrorAlert, Loading, useDocumentTitle, useErrorText } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { EvaluationFields } from '../evaluation/EvaluationFields.tsx'
import { IndicatorRows } from '../evaluation/IndicatorRows.tsx'
import { FollowupPanel } from '../followup/FollowupPanel.tsx'
import { SaveFooter, useSave } from '../records/save.tsx'
import { PublicationPanel } from '../showcase/PublicationPanel.tsx'
import { projectsApi } from './api.ts'
import { DeleteRecord } from './DeleteRecord.tsx'
import { Area, Choice, Text, type TextKey } from './fields.tsx'
import { changedFields, type FormState, formErrors, fromForm, newRowKey, toForm } from './form.ts'
import { messages } from './messages.ts'
import { AttachedIdeas, IdeaList } from './ProvenanceIdeas.tsx'
import { RepeatedRows } from './RepeatedRows.tsx'
import { StatusBadge } from './StatusBadge.tsx'
import './projects.css'

interface ContractDetail extends ContractCodes {
  id: string
  title: string
  priorities: { code: string; title: string; actions: { code: string; title: string }[] }[]
}

/** What the page says after a 409: which fields the other person changed, and what this person had typed. */
interface ConflictNotice {
  theirs: EditableField[]
  mine: { field: EditableField; value: string }[]
}

/**
 * `/projets/:id`: a record to complete and edit. Errors are checked as people type (the same rules as
 * the server, from shared/projects/validation.ts) and shown beside each field; saving sends only the
 * changed fields with the version they were made on, and a 409 reloads the record and says what the
 * other person changed and what this person had typed, rather than overwriting anyone.
 */
export default function ProjectPage({ params }: PageProps) {
  const t = useMessages(messages)
  const { locale, formatDateTime } = useLocale()
  const errorText = useErrorText()
  const labels = fieldLabels[locale]
  const [record, setRecord] = useState<ProjectRecord>()
  const [form, setForm] = useState<FormState>()
  const [serverFieldError, setServerFieldError] = useState<FieldError & { message: string }>()
  const [conflict, setConflict] = useState<ConflictNotice>()
  const [submitted, setSubmitted] = useState(false)
  const saving = useSave()
  useDocumentTitle(record?.title ?? t('recordTitle'))
  const projectId = params.id!

  const show = useCallback(
    (found: ProjectRecord) => {
      setRecord(found)
      setForm(toForm(found, locale))
    },
    [locale],
  )

  // The record (then kept in local state: the form edits it), its contract, and its history.
  const loaded = useLoad((signal) => projectsApi.get(projectId, signal), [projectId])
  const error = loaded.error ?? saving.error
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer fills the form, not a language change
  useEffect(() => {
    if (loaded.data) show(loaded.data)
  }, [loaded.data])
  const contractId = record?.contractId
  const contract = useLoad(
    (signal) =>
      contractId
        ? apiGet<ContractDetail>(`/api/contracts/${encodeURIComponent(contractId)}`, signal)
        : undefined,
    [contractId],
  ).data
  const historyLoad = useLoad((signal) => projectsApi.history(projectId, signal), [projectId])
  const history: HistoryEntry[] = historyLoad.data?.history ?? []
  const loadHistory = historyLoad.reload

  if (!record || !form)
    return error ? (
      <div className="page">
        <h1>{t('recordTitle')}</h1>
        <ErrorAlert error={error} />
        <Link to="/projets">{t('backToList')}</Link>
      </div>
    ) : (
      <Loading />
    )

  const errors = formErrors(form, contract)
  const errorOf = (field: string): string | undefined => {
    const local = errors.find((e) => e.field === field)
    // Required-field errors wait for a first save attempt, so a new record is not covered in red.
    if (local && !(local.code === 'required' && !submitted)) return fieldErrorMessages[locale][local.code]
    if (serverFieldError?.field === field) return serverFieldError.message
    return undefined
  }
  const set =
    <K extends keyof FormState>(key: K) =>
    (value: FormState[K]) => {
      setForm((f) => (f ? { ...f, [key]: value } : f))
      saving.clearNotice()
    }

  const save = (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    setServerFieldError(undefined)
    setConflict(undefined)
    if (errors.length > 0) {
      saving.fail(new Error(t('fixErrors')))
      const first = errors[0]!.field.replaceAll('.', '-')
      document.getElementById(`field-${first}`)?.focus()
      return
    }
    const { fields } = fromForm(form)
    const changed = changedFields(record, fields, editableFields)
    const changes = Object.fromEntries(changed.map((f) => [f, fields[f]]))
    void saving.run(async () => {
      try {
        const saved = await projectsApi.update(record.id, record.version, changes)
        show(saved)
        setSubmitted(false)
        loadHistory()
        return t('saved')
      } catch (failure) {
        if (!(failure instanceof ApiError && failure.status === 409)) {
          if (failure instanceof ApiError && failure.code === 'invalid_field' && failure.field) {
            // The reason is one of the record's own field rules (shared/projects/validation.ts), said in
            // the reader's language; an unknown one falls back to the error's sentence.
            const reason = failure.details?.reason as FieldError['code'] | undefined
            const message = (reason && fieldErrorMessages[locale][reason]) || errorText(failure)
            setServerFieldError({ field: failure.field, code: reason ?? 'required', message })
          }
          throw failure
        }
        // Someone saved first: reload, and say what they changed and what this person had typed.
        const fresh = await projectsApi.get(record.id)
        const theirs = changedFields(record, fresh, editableFields)
        setConflict({
          theirs,
          mine: changed.map((field) => ({ field, value: describe(fields[field]) })),
        })
        show(fresh)
        loadHistory()
        return undefined
      }
    })
  }

  const priority = contract?.priorities.find((p) => p.code === form.priorityCode)
  const requiredNow = requiredByStatus[form.status].map((f) => labels[f]).join(', ')
  const fieldProps = (field: string) => ({ id: `field-${field.replaceAll('.', '-')}`, error: errorOf(field) })
  /** What ties a text field to a key of the form: value, change, id and error. */
  const bind = (key: TextKey<FormState>) => ({
    value: form[key],
    onChange: (value: string) => set(key)(value),
    ...fieldProps(key),
  })
  /** The same for a key that may hold nothing (null, an empty field). */
  const bindOptional = (key: 'scheduleStart' | 'scheduleEnd') => ({
    value: form[key] ?? '',
    onChange: (value: string) => set(key)(value || null),
    ...fieldProps(key),
  })
  /** What ties RepeatedRows to a list of the form: its rows, their change, their fields' ids and errors. */
  const bindRows = <K extends 'partners' | 'fundingSources'>(key: K) => ({
    rows: form[key],
    onChange: set(key),
    path: key,
    fieldProps,
  })
  /** The "edited" mark of a field changed by hand since the conversion from the board. */
  const edited = (key: EditableField) => ({
    edited: record.editedFields.includes(key),
    editedLabel: t('edited'),
  })

  return (
    <div className="page project-page">
      <Breadcrumb to="/projets">{t('backToList')}</Breadcrumb>
      <p className="kicker">{t('recordTitle')}</p>
      <h1>{record.title}</h1>
      <ul className="facts">
        <li>
          <StatusBadge status={record.status} />
        </li>
        <li>
          {record.workshopId ? (
            <Link to={`/ateliers/${record.workshopId}`}>
              {t('fromWorkshop', { title: record.provenance.workshopTitle })}
            </Link>
          ) : record.provenance.workshopTitle ? (
            t('fromDeletedWorkshop', { title: record.provenance.workshopTitle })
          ) : (
            // No workshop ever: an application, whose provenance names its call (calls/repository.ts).
            t('fromCall', { title: record.provenance.clusterTitle })
          )}
        </li>
        {record.snapshotId && (
          <li>
            <Link to={`/projets/${record.id}/tableau`}>{t('seeBoard')}</Link>
          </li>
        )}
        {record.needsPriority && <li className="flag">{t('needsPriority')}</li>}
        {record.clusterMissing && <li className="flag">{t('clusterMissing')}</li>}
      </ul>

      <section className="card downloads" aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t('sectionDownloads')}</h2>
        <p className="hint">{t('downloadHint')}</p>
        <p className="actions">
          {(['pdf', 'docx', 'md', 'json'] as const).map((format) => (
            <a
              key={format}
              className="button button-secondary"
              href={projectsApi.exportUrl(record.id, format)}
              download
            >
              {t('download', { format: format.toUpperCase() })}
            </a>
          ))}
        </p>
      </section>

      {conflict && (
        <div className="alert" role="alert" data-testid="conflict">
          <p>
            {t('conflict', {
              fields: conflict.theirs.map((f) => labels[f]).join(', ') || t('conflictNone'),
            })}
          </p>
          <ul>
            {conflict.mine.map((m) => (
              <li key={m.field}>{t('yourDraft', { field: labels[m.field], value: m.value })}</li>
            ))}
          </ul>
        </div>
      )}

      <form className="form record-form" onSubmit={save} noValidate>
        <fieldset className="card">
          <legend>{t('sectionGeneral')}</legend>
          <Text label={labels.title} required {...edited('title')} {...bind('title')} />
          <Choice
            label={labels.status}
            value={form.status}
            onChange={(v) => set('status')(v as FormState['status'])}
            options={projectStatuses.map((s) => [s, statusLabels[locale][s]])}
            hint={t('requiredForStatus', { fields: requiredNow })}
            {...fieldProps('status')}
          />
          <div className="field-row">
            <Choice
              label={labels.priorityCode}
              value={form.priorityCode ?? ''}
              onChange={(v) => setForm((f) => (f ? { ...f, priorityCode: v || null, actionCode: null } : f))}
              options={codeOptions(t('none'), contract?.priorities, form.priorityCode)}
              {...fieldProps('priorityCode')}
            />
            <Choice
              label={labels.actionCode}
              value={form.actionCode ?? ''}
              onChange={(v) => set('actionCode')(v || null)}
              options={codeOptions(t('noneAction'), priority?.actions, form.actionCode)}
              {...fieldProps('actionCode')}
            />
          </div>
          <Area label={labels.summary} {...edited('summary')} {...bind('summary')} />
          <Area label={labels.objectives} rows={6} {...edited('objectives')} {...bind('objectives')} />
          <Area label={labels.expectedOutcomes} {...bind('expectedOutcomes')} />
        </fieldset>

        <fieldset className="card">
          <legend>{t('sectionActors')}</legend>
          <div className="field-row">
            <Text
              label={labels.carrier}
              value={form.carrier?.name ?? ''}
              onChange={(name) =>
                set('carrier')(name === '' ? null : { name, type: form.carrier?.type ?? 'association' })
              }
              {...fieldProps('carrier')}
              error={errorOf('carrier') ?? errorOf('carrier.name')}
            />
            <Choice
              label={`${t('actorType')} (${labels.carrier.toLowerCase()})`}
              value={form.carrier?.type ?? 'association'}
              disabled={!form.carrier}
              onChange={(type) =>
                form.carrier && set('carrier')({ ...form.carrier, type: type as ActorType })
              }
              options={actorTypes.map((a) => [a, actorTypeLabels[locale][a]])}
              id="field-carrier-type"
            />
          </div>
          <RepeatedRows
            {...bindRows('partners')}
            legend={(i) => t('partnerN', { n: i + 1 })}
            removeLabel={(partner, i) =>
              t('removePartner', { name: partner.name || t('partnerN', { n: i + 1 }) })
            }
            addLabel={t('addPartner')}
            newRow={() => ({ name: '', type: 'association' as ActorType, role: '', key: newRowKey() })}
          >
            {(partner, i, update, bind) => (
              <>
                <Text label={t('partnerName')} {...bind('name')} />
                <Choice
                  label={t('actorType')}
                  value={partner.type}
                  onChange={(type) => update({ type: type as ActorType })}
                  options={actorTypes.map((a) => [a, actorTypeLabels[locale][a]])}
                  id={`field-partners-${i}-type`}
                />
                <Text
                  label={t('partnerRole')}
                  value={partner.role}
                  onChange={(role) => update({ role })}
                  id={`field-partners-${i}-role`}
                />
              </>
            )}
          </RepeatedRows>
        </fieldset>

        <fieldset className="card">
          <legend>{t('sectionBudget')}</legend>
          <Text label={labels.budget} inputMode="decimal" hint={t('budgetHint')} {...bind('budget')} />
          <RepeatedRows
            {...bindRows('fundingSources')}
            legend={(i) => t('fundingN', { n: i + 1 })}
            removeLabel={() => t('removeFunding')}
            addLabel={t('addFunding')}
            newRow={() => ({ name: '', amount: '', secured: false, key: newRowKey() })}
          >
            {(source, i, update, bind) => (
              <>
                <Text label={t('fundingName')} {...bind('name')} />
                <Text label={t('fundingAmount')} inputMode="decimal" {...bind('amount')} />
                <div className="field checkbox">
                  <input
                    type="checkbox"
                    id={`field-fundingSources-${i}-secured`}
                    checked={source.secured}
                    onChange={(e) => update({ secured: e.target.checked })}
                  />
                  <label htmlFor={`field-fundingSources-${i}-secured`}>{t('fundingSecured')}</label>
                </div>
              </>
            )}
          </RepeatedRows>
          {errorOf('fundingSources') && (
            <p className="field-error">
              {labels.fundingSources} : {errorOf('fundingSources')}
            </p>
          )}
        </fieldset>

        <fieldset className="card">
          <legend>{t('sectionSchedule')}</legend>
          <div className="field-row">
            <Text label={labels.scheduleStart} type="date" {...bindOptional('scheduleStart')} />
            <Text label={labels.scheduleEnd} type="date" {...bindOptional('scheduleEnd')} />
          </div>
          <IndicatorRows
            rows={form.indicators}
            onChange={set('indicators')}
            newKey={newRowKey}
            fieldProps={fieldProps}
          />
        </fieldset>

        <fieldset className="card">
          <legend>{t('sectionSupport')}</legend>
          <Area label={labels.supportNeeded} {...bind('supportNeeded')} />
          <Area label={labels.riskToSecure} hint={t('riskHint')} {...bind('riskToSecure')} />
        </fieldset>

        <EvaluationFields bind={bind} showOlder={record.evaluation.trim() !== ''} />

        <SaveFooter
          save={{ ...saving, error }}
          label={t('save')}
          busyLabel={t('saving')}
          className="actions sticky-actions"
        />
      </form>

      <FollowupPanel
        record={record}
        onSaved={(saved) => {
          // The main form keeps what the person is typing: only the record (its version) moves on.
          setRecord(saved)
          loadHistory()
        }}
      />

      <PublicationPanel
        record={record}
        onSaved={(saved) => {
          setRecord(saved)
          loadHistory()
        }}
      />

      <section className="card" aria-labelledby="provenance-title">
        <h2 id="provenance-title">{t('sectionProvenance')}</h2>
        <p>{record.provenance.clusterTitle}</p>
        <IdeaList ideas={record.provenance.ideas} />
        <p>{t('contributors', { names: record.provenance.contributors.join(', ') })}</p>
        <p>{t('totalDots', { count: record.provenance.totalDots })}</p>
      </section>
      <AttachedIdeas attached={record.provenance.attached} />

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('sectionHistory')}</h2>
        {history.length === 0 ? (
          <p>{t('historyEmpty')}</p>
        ) : (
          <ol className="history" data-testid="history">
            {history.map((h) => (
              <li key={h.id}>
                {t('historyEntry', {
                  date: formatDateTime(h.at),
                  who: h.source === 'conversion' ? `${h.userName} (${t('historyConversion')})` : h.userName,
                  field: historyField(h.field, locale, t),
                })}
              </li>
            ))}
          </ol>
        )}
      </section>
      <DeleteRecord record={record} />
    </div>
  )
}

function historyField(
  field: string,
  locale: 'fr' | 'en',
  t: (key: 'historyCreated' | 'historyProvenance' | 'historyMissing') => string,
) {
  if (field === 'created') return t('historyCreated')
  if (field === 'provenance') return t('historyProvenance')
  if (field === 'clusterMissing') return t('historyMissing')
  const followup = followupFieldLabels[locale][field]
  if (followup) return followup
  return fieldPathLabel(field, locale)
}

/**
 * The options of a code's drop-down (a priority, a fiche-action): none, then the known codes with their
 * titles, or only the current code while they are unknown (the contract is loading).
 */
function codeOptions(
  none: string,
  known: { code: string; title: string }[] | undefined,
  current: string | null,
): [string, string][] {
  return [
    ['', none],
    ...(known?.map((k): [string, string] => [k.code, `${k.code} – ${k.title}`]) ??
      (current ? [[current, current] as [string, string]] : [])),
  ]
}

/** A field's value in a sentence (the conflict notice). */
function describe(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (Array.isArray(value))
    return value
      .map((v) => (typeof v === 'object' && v && 'name' in v ? String(v.name) : describe(v)))
      .join(', ')
  if (typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name)
  return JSON.stringify(value)
}
