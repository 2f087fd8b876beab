import { type FormEvent, useEffect, useId, useState } from 'react'
import { supportKindLabels } from '../../shared/followup/labels.ts'
import { type FollowupFields, type SupportKind, supportKinds } from '../../shared/followup/record.ts'
import { ApiError } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link } from '../app/router.tsx'
import { Checkbox, FieldFrame, fieldDescribedBy, TextField, useErrorText } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { projectsApi } from '../projects/api.ts'
import { RecordPanel } from '../records/RecordPanel.tsx'
import { type RecordPanelProps, SaveFooter, useSave } from '../records/save.tsx'
import { followupApi } from './api.ts'
import { messages } from './messages.ts'
import './followup.css'

/** One row of the referents editor: `u:<userId>` or `a:<actorId>` (empty until chosen), and a role. */
interface Row {
  key: number
  who: string
  role: string
}

interface Draft {
  rows: Row[]
  nextStep: string
  nextStepDate: string
  supportKinds: SupportKind[]
  smallStructure: boolean
}

let nextKey = 0
function draftOf(record: FollowupFields): Draft {
  return {
    rows: record.referents.map((r) => ({
      key: nextKey++,
      who: r.userId ? `u:${r.userId}` : `a:${r.actorId}`,
      role: r.role,
    })),
    nextStep: record.nextStep,
    nextStepDate: record.nextStepDate ?? '',
    supportKinds: record.supportKinds,
    smallStructure: record.smallStructure,
  }
}

/**
 * On a record's page: who follows it (council members and actors of the council, each with a role), the
 * next step and its date, the kinds of support asked for and whether the carrier is a small structure.
 * Saved on its own (PATCH /api/projects/:id with the record's version), so the main form's unsaved
 * edits stay as they are; `onSaved` gets the saved record.
 */
export function FollowupPanel({ record, onSaved }: RecordPanelProps) {
  const t = useMessages(messages)
  const { locale } = useLocale()
  const base = useId()
  const errorText = useErrorText()
  const followupKey = JSON.stringify([
    record.id,
    record.referents,
    record.nextStep,
    record.nextStepDate,
    record.supportKinds,
    record.smallStructure,
  ])
  const [draft, setDraft] = useState<Draft>(() => draftOf(record))
  const saving = useSave()
  const { error } = saving
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft follows the record's saved follow-up
  useEffect(() => setDraft(draftOf(record)), [followupKey])

  const members = useLoad((signal) => followupApi.council(signal), []).data?.members ?? []
  const actors = useLoad((signal) => projectsApi.actors(signal), [record.version]).data?.actors ?? []

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    saving.clearNotice()
  }
  /** Who may be a referent, in two groups: [group, [value, name][]]. */
  const referentGroups: [string, [string, string][]][] = [
    [t('membersGroup'), members.map((m) => [`u:${m.id}`, m.displayName])],
    [t('actorsGroup'), actors.map((a) => [`a:${a.id}`, a.name])],
  ]
  const changeRow = (key: number, patch: Partial<Row>) =>
    change({ rows: draft.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) })
  const fieldError = (field: string) =>
    error instanceof ApiError && error.field?.startsWith(field) ? errorText(error) : undefined

  const save = (event: FormEvent) => {
    event.preventDefault()
    void saving.run(async () => {
      const saved = await followupApi.update(record.id, record.version, {
        referents: draft.rows
          .filter((r) => r.who)
          .map((r) =>
            r.who.startsWith('u:')
              ? { userId: r.who.slice(2), role: r.role }
              : { actorId: r.who.slice(2), role: r.role },
          ),
        nextStep: draft.nextStep,
        nextStepDate: draft.nextStepDate || null,
        supportKinds: draft.supportKinds,
        smallStructure: draft.smallStructure,
      })
      onSaved(saved)
      return t('savedFollowup')
    })
  }

  return (
    <RecordPanel className="followup-panel" title={t('panelTitle')} intro={t('panelIntro')} onSubmit={save}>
      <fieldset className="followup-referents">
        <legend>{t('referentsLegend')}</legend>
        {draft.rows.length === 0 && <p>{t('referentsEmpty')}</p>}
        <ol className="referent-rows">
          {draft.rows.map((row, i) => {
            const n = i + 1
            const whoId = `${base}-who-${row.key}`
            const error = fieldError(`referents.${i}`)
            const chosen = row.who.slice(2)
            return (
              <li key={row.key} className="referent-row" data-testid="referent-row">
                <FieldFrame id={whoId} label={t('referentWho', { n })} error={error}>
                  <select
                    id={whoId}
                    value={row.who}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={fieldDescribedBy(whoId, undefined, error)}
                    onChange={(e) => {
                      const who = e.target.value
                      const role = row.role
                        ? row.role
                        : who.startsWith('u:')
                          ? t('defaultMemberRole')
                          : who
                            ? t('defaultActorRole')
                            : ''
                      changeRow(row.key, { who, role })
                    }}
                  >
                    <option value="">{t('chooseReferent')}</option>
                    {referentGroups.map(([group, choices]) => (
                      <optgroup key={group} label={group}>
                        {choices.map(([value, name]) => (
                          <option key={value} value={value}>
                            {name}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                </FieldFrame>
                <TextField
                  label={t('referentRole', { n })}
                  hint={i === 0 ? t('referentRoleHint') : undefined}
                  value={row.role}
                  maxLength={100}
                  onChange={(role) => changeRow(row.key, { role })}
                />
                <p className="referent-actions">
                  {chosen && (
                    <Link
                      to={row.who.startsWith('u:') ? `/suivi/membres/${chosen}` : `/suivi/acteurs/${chosen}`}
                    >
                      {t('followPageLink', {
                        name:
                          (row.who.startsWith('u:')
                            ? members.find((m) => m.id === chosen)?.displayName
                            : actors.find((a) => a.id === chosen)?.name) ??
                          record.referents.find((r) => (r.userId ?? r.actorId) === chosen)?.name ??
                          '',
                      })}
                    </Link>
                  )}
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() => change({ rows: draft.rows.filter((r) => r.key !== row.key) })}
                  >
                    {t('referentRemove', { n })}
                  </button>
                </p>
              </li>
            )
          })}
        </ol>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => change({ rows: [...draft.rows, { key: nextKey++, who: '', role: '' }] })}
        >
          {t('referentAdd')}
        </button>
      </fieldset>

      <div className="followup-next">
        <TextField
          label={t('nextStep')}
          value={draft.nextStep}
          maxLength={1000}
          onChange={(nextStep) => change({ nextStep })}
          error={fieldError('nextStep') && !fieldError('nextStepDate') ? fieldError('nextStep') : undefined}
        />
        <TextField
          label={t('nextStepDate')}
          type="date"
          value={draft.nextStepDate}
          onChange={(nextStepDate) => change({ nextStepDate })}
          error={fieldError('nextStepDate')}
        />
      </div>

      <fieldset>
        <legend>{t('supportLegend')}</legend>
        <div className="checkbox-group followup-kinds">
          {supportKinds.map((kind) => (
            <Checkbox
              key={kind}
              id={`${base}-kind-${kind}`}
              label={supportKindLabels[locale][kind]}
              checked={draft.supportKinds.includes(kind)}
              onChange={(checked) =>
                change({
                  supportKinds: checked
                    ? supportKinds.filter((k) => k === kind || draft.supportKinds.includes(k))
                    : draft.supportKinds.filter((k) => k !== kind),
                })
              }
            />
          ))}
        </div>
        <div className="checkbox">
          <input
            type="checkbox"
            id={`${base}-small`}
            aria-describedby={`${base}-small-hint`}
            checked={draft.smallStructure}
            onChange={(e) => change({ smallStructure: e.target.checked })}
          />
          <label htmlFor={`${base}-small`}>{t('smallStructure')}</label>
        </div>
        <p className="hint" id={`${base}-small-hint`}>
          {t('smallStructureHint')}
        </p>
      </fieldset>

      <SaveFooter save={saving} label={t('saveFollowup')} busyLabel={t('savingFollowup')} />
    </RecordPanel>
  )
}
