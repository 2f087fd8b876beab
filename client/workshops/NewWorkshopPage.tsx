import { type FormEvent, useEffect, useState } from 'react'
import type { TemplateSummary } from '../../shared/api/templates.ts'
import { apiGet, apiPost } from '../app/api.ts'
import { navigateWithNotice } from '../app/flash-notice.tsx'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, navigate, type PageProps } from '../app/router.tsx'
import { Checkbox, ErrorAlert, Loading, SubmitButton, TextField, useDocumentTitle } from '../app/ui.tsx'
import { useAction } from '../app/use-action.ts'
import { useLoad } from '../app/use-load.ts'
import type { Contract } from '../contracts/contract.ts'
import { messages as templateMessages } from '../templates/messages.ts'
import { messages } from './messages.ts'
import type { Workshop } from './workshop.ts'

/** Creating a workshop ends on its page. */
const leaves = { leaves: true }

/** `set` with `key` added, or taken out if it was there. */
function toggled(set: Set<string>, key: string): Set<string> {
  const next = new Set(set)
  if (next.has(key)) next.delete(key)
  else next.add(key)
  return next
}

/**
 * `/ateliers/nouveau` (`?contrat=ID` preselects a contract, `?modele=ID` a template): title, contract,
 * and either a template (its zones mapped onto the contract by code) or which priorities start as zones
 * of the board (all of them unless unticked).
 */
export default function NewWorkshopPage({ query }: PageProps) {
  const t = useMessages(messages)
  const tt = useMessages(templateMessages)
  const { locale } = useLocale()
  useDocumentTitle(t('newTitle'))
  const [contractId, setContractId] = useState(query.get('contrat') ?? '')
  const [templateId, setTemplateId] = useState(query.get('modele') ?? '')
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [title, setTitle] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  /** Fiche-action zones, as "priority/action" keys: none unless ticked. */
  const [actionZones, setActionZones] = useState<Set<string>>(new Set())
  /** Creating the workshop; its error is why the last creation failed. */
  const creation = useAction()

  const contractList = useLoad((signal) => apiGet<Contract[]>('/api/contracts', signal), [])
  const contracts = contractList.data
  // The built-in templates in the page's language; one of the other language chosen on the templates
  // page (`?modele=`) stays offered.
  const templates = useLoad(
    async (signal) => {
      const list = await apiGet<TemplateSummary[]>(`/api/templates?lang=${locale}`, signal)
      const preselected = query.get('modele')
      if (!preselected || list.some((template) => template.id === preselected)) return list
      const all = await apiGet<TemplateSummary[]>('/api/templates', signal)
      return [...list, ...all.filter((template) => template.id === preselected)]
    },
    [locale],
  ).data
  // One contract: nothing to choose.
  useEffect(() => {
    if (contracts?.length === 1) setContractId((current) => current || contracts[0]!.id)
  }, [contracts])

  const chosen = useLoad(
    (signal) =>
      contractId
        ? apiGet<Contract>(`/api/contracts/${encodeURIComponent(contractId)}`, signal)
        : Promise.resolve(undefined),
    [contractId],
  )
  const contract = chosen.data
  // A contract chosen: all its priorities start as zones, none of its fiches-actions.
  useEffect(() => {
    if (!contract) return
    setSelected(new Set((contract.priorities ?? []).map((p) => p.code)))
    setActionZones(new Set())
  }, [contract])
  const error = contractList.error ?? chosen.error ?? creation.error

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    creation.setError(undefined)
    if (!contract) return
    if (templateId) return submitFromTemplate(contract.id)
    const priorityCodes = (contract.priorities ?? []).map((p) => p.code).filter((code) => selected.has(code))
    if ((contract.priorities ?? []).length > 0 && priorityCodes.length === 0)
      return creation.setError(new Error(t('atLeastOnePriority')))
    await creation.run(async () => {
      const workshop = await apiPost<Workshop>('/api/workshops', {
        title: title.trim(),
        contractId: contract.id,
        priorityCodes,
        zones: [...actionZones].map((key) => {
          const [priorityCode, actionCode] = key.split('/') as [string, string]
          return { priorityCode, actionCode }
        }),
        anonymous,
      })
      navigate(`/ateliers/${workshop.id}`)
    }, leaves)
  }

  const submitFromTemplate = (chosenContractId: string) =>
    creation.run(async () => {
      const workshop = await apiPost<Workshop & { template?: { title: string; missingCodes: string[] } }>(
        '/api/workshops',
        { title: title.trim(), contractId: chosenContractId, templateId },
      )
      const report = workshop.template
      navigateWithNotice(
        `/ateliers/${workshop.id}`,
        report && report.missingCodes.length > 0
          ? tt('missingCodes', { title: report.title, codes: report.missingCodes.join(', ') })
          : tt('createdFromTemplate', { title: report?.title ?? '' }),
      )
    }, leaves)

  if (!contracts && !error) return <Loading />

  return (
    <div className="page page-medium">
      <h1>{t('newTitle')}</h1>
      <p className="lead">{t('newIntro')}</p>
      {contracts?.length === 0 ? (
        <p className="notice">
          {t('noContract')} <Link to="/contrats/nouveau">{t('createContract')}</Link>
        </p>
      ) : (
        <form className="card form" onSubmit={submit}>
          <TextField
            label={t('title')}
            hint={t('titleHint')}
            name="title"
            required
            maxLength={200}
            value={title}
            onChange={setTitle}
          />
          <div className="field">
            <label htmlFor="workshop-contract">{t('contract')}</label>
            <select
              id="workshop-contract"
              name="contractId"
              required
              value={contractId}
              onChange={(event) => setContractId(event.target.value)}
            >
              <option value="">{t('chooseContract')}</option>
              {contracts?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                  {c.period ? ` (${c.period})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="workshop-template">{tt('template')}</label>
            <select
              id="workshop-template"
              name="templateId"
              aria-describedby="workshop-template-hint"
              value={templateId}
              onChange={(event) => setTemplateId(event.target.value)}
            >
              <option value="">{tt('noTemplate')}</option>
              {[false, true].map((builtIn) => (
                <optgroup
                  key={String(builtIn)}
                  label={builtIn ? tt('templateBuiltInGroup') : tt('templateOwnGroup')}
                >
                  {templates
                    ?.filter((template) => template.builtIn === builtIn)
                    .map((template) => (
                      <option key={template.id} value={template.id}>
                        {template.title}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            <p id="workshop-template-hint" className="hint">
              {tt('templateHint')}
            </p>
          </div>
          {!templateId && contract && (contract.priorities ?? []).length > 0 && (
            <fieldset className="checkbox-group">
              <legend>{t('priorities')}</legend>
              <p className="hint">{t('prioritiesHint')}</p>
              {(contract.priorities ?? []).map((priority) => (
                <Checkbox
                  key={priority.code}
                  id={`priority-${priority.code}`}
                  name="priorityCodes"
                  value={priority.code}
                  checked={selected.has(priority.code)}
                  onChange={() => setSelected(toggled(selected, priority.code))}
                  label={
                    <>
                      {t('priorityLabel', { code: priority.code, title: priority.title })}{' '}
                      <span className="hint">({t('actionsCount', { count: priority.actions.length })})</span>
                    </>
                  }
                >
                  {priority.actions.length > 0 && (
                    <fieldset className="checkbox-group nested">
                      <legend>{t('actionZones', { code: priority.code })}</legend>
                      {priority.actions.map((action) => {
                        const key = `${priority.code}/${action.code}`
                        return (
                          <Checkbox
                            key={key}
                            id={`action-${priority.code}-${action.code}`}
                            checked={actionZones.has(key)}
                            onChange={() => setActionZones(toggled(actionZones, key))}
                            label={t('priorityLabel', { code: action.code, title: action.title })}
                          />
                        )
                      })}
                    </fieldset>
                  )}
                </Checkbox>
              ))}
            </fieldset>
          )}
          {!templateId && (
            <Checkbox
              id="workshop-anonymous"
              name="anonymous"
              checked={anonymous}
              onChange={setAnonymous}
              label={t('anonymous')}
              hint={t('anonymousHint')}
            />
          )}
          <ErrorAlert error={error} />
          <SubmitButton
            busy={creation.busy}
            label={t('create')}
            busyLabel={t('creating')}
            disabled={!contract}
          />
        </form>
      )}
    </div>
  )
}
