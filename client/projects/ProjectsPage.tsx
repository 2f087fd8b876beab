import { type FormEvent, useEffect, useState } from 'react'
import { supportKindLabels } from '../../shared/followup/labels.ts'
import { type SupportKind, supportKinds } from '../../shared/followup/record.ts'
import { statusLabels } from '../../shared/projects/labels.ts'
import { type ProjectStatus, projectStatuses } from '../../shared/projects/record.ts'
import { apiGet } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Link, navigate, type PageProps } from '../app/router.tsx'
import { ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { messages as followupMessages } from '../followup/messages.ts'
import { type ProjectFilters, type ProjectList, projectsApi } from './api.ts'
import { messages } from './messages.ts'
import { StatusBadge } from './StatusBadge.tsx'
import './projects.css'

interface ContractOption {
  id: string
  title: string
  priorities: { code: string; title: string; actions: { code: string; title: string }[] }[]
}

function filtersFrom(query: URLSearchParams): ProjectFilters {
  return {
    contractId: query.get('contractId') ?? '',
    workshopId: query.get('workshopId') ?? '',
    priorityCode: query.get('priorityCode') ?? '',
    actionCode: query.get('actionCode') ?? '',
    status: (query.get('status') ?? '') as ProjectStatus | '',
    supportKind: (query.get('supportKind') ?? '') as SupportKind | '',
  }
}

/**
 * `/projets`: the council's project records, filtered by contract, priority, action, status and
 * workshop (the filters live in the address, so a filtered list can be shared), with counts per priority
 * and what the contract still lacks.
 */
export default function ProjectsPage({ query }: PageProps) {
  const t = useMessages(messages)
  const tf = useMessages(followupMessages)
  const { locale } = useLocale()
  useDocumentTitle(t('listTitle'))
  const applied = filtersFrom(query)
  const appliedKey = query.toString()
  const [draft, setDraft] = useState<ProjectFilters>(applied)
  const { data: list, error } = useLoad<ProjectList>(
    (signal) => projectsApi.list(filtersFrom(query), signal),
    [appliedKey],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the address's filters
  useEffect(() => setDraft(filtersFrom(query)), [appliedKey])
  // The filters' choices; without them the list still shows.
  const contracts = useLoad((signal) => apiGet<ContractOption[]>('/api/contracts', signal), []).data ?? []

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(draft)) if (value) params.set(key, value)
    navigate(`/projets${params.size ? `?${params}` : ''}`)
  }

  const contract = contracts.find((c) => c.id === draft.contractId)
  const priorities = contract ? contract.priorities : uniquePriorities(contracts)
  const actions = priorities.find((p) => p.code === draft.priorityCode)?.actions ?? []
  const set = (key: keyof ProjectFilters) => (value: string) =>
    setDraft((d) => ({ ...d, [key]: value, ...(key === 'priorityCode' ? { actionCode: '' } : {}) }))
  /** What ties a filter's drop-down to the draft: its value ('' for any) and its change. */
  const filter = (key: keyof ProjectFilters) => ({ value: draft[key] ?? '', onChange: set(key) })

  return (
    <div className="page projects-page">
      <h1>{t('listTitle')}</h1>
      <p className="lead">{t('listIntro')}</p>
      <p className="actions">
        <Link to="/acteurs">{t('actorsLink')}</Link> · <Link to="/garantie">{tf('guaranteeLink')}</Link>
      </p>

      <form className="card filters" onSubmit={submit} aria-labelledby="filters-title">
        <h2 id="filters-title">{t('filters')}</h2>
        <div className="filters-grid">
          <Select
            label={t('filterContract')}
            {...filter('contractId')}
            anyLabel={t('any')}
            options={contracts.map((c) => [c.id, c.title])}
          />
          <Select
            label={t('filterPriority')}
            {...filter('priorityCode')}
            anyLabel={t('any')}
            options={priorities.map((p) => [p.code, `${p.code} – ${p.title}`])}
          />
          <Select
            label={t('filterAction')}
            {...filter('actionCode')}
            anyLabel={t('any')}
            options={actions.map((a) => [a.code, `${a.code} – ${a.title}`])}
            disabled={actions.length === 0}
          />
          <Select
            label={t('filterStatus')}
            {...filter('status')}
            anyLabel={t('anyStatus')}
            options={projectStatuses.map((s) => [s, statusLabels[locale][s]])}
          />
          <Select
            label={tf('filterSupport')}
            {...filter('supportKind')}
            anyLabel={tf('anySupport')}
            options={supportKinds.map((k) => [k, supportKindLabels[locale][k]])}
          />
        </div>
        <p className="actions">
          <button type="submit" className="button">
            {t('apply')}
          </button>
          {appliedKey && <Link to="/projets">{t('reset')}</Link>}
        </p>
      </form>

      {applied.workshopId && list?.projects[0] && (
        <p className="notice">
          {t('filterWorkshop')} :{' '}
          <Link to={`/ateliers/${applied.workshopId}`}>{list.projects[0].provenance.workshopTitle}</Link>
        </p>
      )}
      <ErrorAlert error={error} />
      {!list ? (
        !error && <Loading />
      ) : (
        <>
          <div className="projects-summary">
            <section className="card" aria-labelledby="counts-title">
              <h2 id="counts-title">{t('countsTitle')}</h2>
              {list.countsByPriority.length === 0 ? (
                <p>{t('noProjects')}</p>
              ) : (
                <ul className="counts">
                  {list.countsByPriority.map((c) => (
                    <li
                      key={`${c.contractId}-${c.priorityCode}`}
                      data-testid={`count-${c.priorityCode ?? 'none'}`}
                    >
                      {c.priorityCode
                        ? t('countLine', {
                            code: c.priorityCode,
                            title: c.priorityTitle ?? '',
                            count: c.count,
                          })
                        : `${t('noPriority')} : ${c.count}`}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="uncovered-title">
              <h2 id="uncovered-title">{t('uncoveredTitle')}</h2>
              <p className="hint">{t('uncoveredIntro')}</p>
              {list.uncovered.map((u) => (
                <div key={u.contractId} data-testid="uncovered">
                  {list.uncovered.length > 1 && <h3>{u.contractTitle}</h3>}
                  {u.priorities.length === 0 && u.actions.length === 0 ? (
                    <p>{t('allCovered')}</p>
                  ) : (
                    <>
                      {u.priorities.length > 0 && (
                        <>
                          <h3 className="small-heading">{t('uncoveredPriorities')}</h3>
                          <ul>
                            {u.priorities.map((p) => (
                              <li key={p.code}>
                                {p.code} – {p.title}
                              </li>
                            ))}
                          </ul>
                        </>
                      )}
                      {u.actions.length > 0 && (
                        <>
                          <h3 className="small-heading">{t('uncoveredActions')}</h3>
                          <ul>
                            {u.actions.map((a) => (
                              <li key={`${a.priorityCode}-${a.code}`}>
                                {a.code} – {a.title}
                              </li>
                            ))}
                          </ul>
                        </>
                      )}
                    </>
                  )}
                </div>
              ))}
            </section>
          </div>

          <div className="section-head">
            <h2>{t('projectCount', { count: list.projects.length })}</h2>
            <a className="button button-secondary" href={projectsApi.csvUrl(applied)} download>
              {t('downloadCsv')}
            </a>
          </div>
          {list.projects.length === 0 ? (
            <p className="empty">{t('noProjects')}</p>
          ) : (
            <ul className="item-list project-list">
              {list.projects.map((p) => (
                <li key={p.id} className="item card">
                  <h3>
                    <Link to={`/projets/${p.id}`}>{p.title}</Link>
                  </h3>
                  <p className="item-meta">
                    <StatusBadge status={p.status} />
                    {p.priorityCode ? (
                      <span>
                        {p.priorityCode}
                        {p.actionCode ? ` › ${p.actionCode}` : ''} – {p.actionTitle ?? p.priorityTitle}
                      </span>
                    ) : (
                      <span className="flag">{t('needsPriority')}</span>
                    )}
                    {p.clusterMissing && <span className="flag">{t('clusterMissing')}</span>}
                  </p>
                  <p className="item-meta">
                    {p.carrier && <span>{t('carrierLine', { name: p.carrier.name })}</span>}
                    <span>
                      {t('ideasDots', { ideas: p.provenance.ideas.length, dots: p.provenance.totalDots })}
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  )
}

function uniquePriorities(contracts: ContractOption[]) {
  const seen = new Map<string, ContractOption['priorities'][number]>()
  for (const c of contracts) for (const p of c.priorities) if (!seen.has(p.code)) seen.set(p.code, p)
  return [...seen.values()]
}

function Select(props: {
  label: string
  value: string
  onChange: (value: string) => void
  options: [string, string][]
  anyLabel: string
  disabled?: boolean
}) {
  const id = `filter-${props.label.replace(/\W+/g, '-').toLowerCase()}`
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
      >
        <option value="">{props.anyLabel}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}
