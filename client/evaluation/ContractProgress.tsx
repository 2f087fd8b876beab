import { useId } from 'react'
import type { PriorityProgress } from '../../shared/api/evaluation.ts'
import { useMessages } from '../app/i18n.tsx'
import { useLoad } from '../app/use-load.ts'
import { messages } from './messages.ts'
import { readProgress } from './progress-api.ts'
import './evaluation.css'

type Stage = 'ideas' | 'candidates' | 'applications' | 'funded' | 'completed' | 'evaluated'
const stages: { key: Stage; label: keyof (typeof messages)['fr'] }[] = [
  { key: 'ideas', label: 'stageIdeas' },
  { key: 'candidates', label: 'stageCandidates' },
  { key: 'applications', label: 'stageApplications' },
  { key: 'funded', label: 'stageFunded' },
  { key: 'completed', label: 'stageCompleted' },
  { key: 'evaluated', label: 'stageEvaluated' },
]

/** Height of one bar's row: its label line, then the bar. */
const ROW = 34
const BAR = 12

/**
 * The contract page's progress per priority (GET /api/contracts/:id/progress): for each priority, a
 * small bar chart drawn in SVG by the page (no chart library), one bar per stage on one scale for the
 * whole contract, then the share of indicators reached. The same figures are in a table for screen
 * readers; the charts are hidden from them.
 */
export function ContractProgress({ contractId }: { contractId: string }) {
  const t = useMessages(messages)
  const id = useId()
  const { data } = useLoad((signal) => readProgress(contractId, signal), [contractId])
  if (!data) return null
  const priorities = data.priorities
  const max = Math.max(1, ...priorities.flatMap((p) => stages.map((s) => p[s.key])))
  const empty = priorities.every((p) => stages.every((s) => p[s.key] === 0))
  const title = (p: PriorityProgress) =>
    p.priorityCode ? `${p.priorityCode} – ${p.priorityTitle ?? ''}` : t('withoutPriority')
  const reached = (p: PriorityProgress) =>
    p.indicatorsWithTarget === 0
      ? t('indicatorsNone')
      : t('indicatorsReached', { reached: p.indicatorsReached, withTarget: p.indicatorsWithTarget })

  return (
    <section className="kc-progress" aria-labelledby={`${id}-title`} data-testid="contract-progress">
      <h2 id={`${id}-title`}>{t('progressTitle')}</h2>
      <p className="hint">{t('progressIntro')}</p>
      {empty && <p>{t('progressEmpty')}</p>}
      <ul className="kc-progress-charts" aria-hidden="true">
        {priorities.map((p) => {
          const height = ROW * (stages.length + 1) + 4
          const ratio = p.indicatorsWithTarget === 0 ? 0 : p.indicatorsReached / p.indicatorsWithTarget
          return (
            <li key={p.priorityCode ?? ''} className="card">
              <h3>{title(p)}</h3>
              <svg
                className="kc-progress-chart"
                width="100%"
                height={height}
                data-testid={`progress-chart-${p.priorityCode ?? 'none'}`}
                focusable="false"
                aria-hidden="true"
              >
                {stages.map((s, i) => {
                  const y = i * ROW
                  const width = (100 * p[s.key]) / max
                  return (
                    <g key={s.key} className={`kc-stage kc-stage-${s.key}`}>
                      <text x="0" y={y + 13} className="kc-bar-label">
                        {t('barLabel', { stage: t(s.label), count: p[s.key] })}
                      </text>
                      <rect x="0" y={y + 18} width="100%" height={BAR} rx="3" className="kc-track" />
                      {p[s.key] > 0 && (
                        <rect
                          x="0"
                          y={y + 18}
                          width={`${width}%`}
                          height={BAR}
                          rx="3"
                          className="kc-bar"
                          data-stage={s.key}
                        />
                      )}
                    </g>
                  )
                })}
                <g className="kc-stage kc-stage-indicators">
                  <text x="0" y={stages.length * ROW + 13} className="kc-bar-label">
                    {t('barLabel', { stage: t('indicatorsColumn'), count: reached(p) })}
                  </text>
                  <rect
                    x="0"
                    y={stages.length * ROW + 18}
                    width="100%"
                    height={BAR}
                    rx="3"
                    className="kc-track"
                  />
                  {ratio > 0 && (
                    <rect
                      x="0"
                      y={stages.length * ROW + 18}
                      width={`${100 * ratio}%`}
                      height={BAR}
                      rx="3"
                      className="kc-bar kc-bar-reached"
                      data-stage="indicators"
                    />
                  )}
                </g>
              </svg>
            </li>
          )
        })}
      </ul>
      {/* Hidden by its wrapper: a table ignores the width and overflow that hide a box. */}
      <div className="visually-hidden">
        <table data-testid="progress-table">
          <caption>{t('progressTableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('priorityColumn')}</th>
              {stages.map((s) => (
                <th key={s.key} scope="col">
                  {t(s.label)}
                </th>
              ))}
              <th scope="col">{t('indicatorsColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {priorities.map((p) => (
              <tr key={p.priorityCode ?? ''}>
                <th scope="row">{title(p)}</th>
                {stages.map((s) => (
                  <td key={s.key}>{p[s.key]}</td>
                ))}
                <td>{reached(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
