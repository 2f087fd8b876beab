import type { PublicProject } from '../../shared/api/showcase.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { StatusBadge } from '../projects/StatusBadge.tsx'
import { messages } from './messages.ts'
// The status badges' colours (StatusBadge).
import '../projects/projects.css'

/** One published record as the public page shows it: only what the answer holds (the public fields). */
export function ShowcaseCard({ project, linkTarget }: { project: PublicProject; linkTarget?: '_blank' }) {
  const t = useMessages(messages)
  const { formatDate, formatMoney, formatNumber } = useLocale()
  const origin = project.origin
  const schedule = project.schedule
  const dates =
    schedule?.start && schedule.end
      ? t('scheduleRange', { start: formatDate(schedule.start), end: formatDate(schedule.end) })
      : schedule?.start
        ? t('scheduleFrom', { start: formatDate(schedule.start) })
        : schedule?.end
          ? t('scheduleUntil', { end: formatDate(schedule.end) })
          : null
  return (
    <article
      className="card showcase-card"
      data-testid="showcase-project"
      aria-labelledby={`p-${project.id}`}
    >
      <h3 id={`p-${project.id}`} className="showcase-title">
        {project.title}
      </h3>
      <p className="showcase-meta">
        <StatusBadge status={project.status} />
        {origin?.kind === 'call' && (
          <span>
            {t('originCall')}{' '}
            <a href={origin.path} target={linkTarget} rel={linkTarget ? 'noopener' : undefined}>
              {origin.title}
            </a>
          </span>
        )}
        {origin?.kind === 'workshop' && <span>{t('originWorkshop', { title: origin.title })}</span>}
      </p>
      {project.summary && <p className="showcase-summary">{project.summary}</p>}
      <dl className="showcase-facts">
        {project.carrier && <Fact term={t('carrier')}>{project.carrier.name}</Fact>}
        {project.partners && project.partners.length > 0 && (
          <Fact term={t('partners')}>
            {project.partners.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join(', ')}
          </Fact>
        )}
        {project.funding && project.funding.fundedAmount !== null && (
          <Fact term={t('fundedAmount')}>{formatMoney(project.funding.fundedAmount)}</Fact>
        )}
        {project.funding && project.funding.sources.length > 0 && (
          <Fact term={t('fundingSources')}>
            {project.funding.sources
              .map(
                (s) =>
                  `${s.name} : ${s.amount === null ? t('unknownAmount') : formatMoney(s.amount)} (${s.secured ? t('secured') : t('requested')})`,
              )
              .join(' · ')}
          </Fact>
        )}
        {project.budget !== undefined && project.budget !== null && (
          <Fact term={t('budget')}>{formatMoney(project.budget)}</Fact>
        )}
        {dates && <Fact term={t('schedule')}>{dates}</Fact>}
        {project.action && (
          <Fact term={t('action')}>
            {[project.action.code, project.action.title].filter(Boolean).join(' ')}
          </Fact>
        )}
        {project.objectives && <Fact term={t('objectives')}>{project.objectives}</Fact>}
        {project.expectedOutcomes && <Fact term={t('expectedOutcomes')}>{project.expectedOutcomes}</Fact>}
        {project.indicators && project.indicators.length > 0 && (
          <Fact term={t('indicators')}>
            <ul className="showcase-indicators">
              {project.indicators.map((i, n) => {
                const last = i.measures.at(-1)
                const unit = i.unit ? ` ${i.unit}` : ''
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: indicators have no id; the list is read-only
                  <li key={n}>
                    {i.label}
                    {i.target !== null &&
                      ` — ${t('indicatorTarget', { target: `${formatNumber(i.target)}${unit}` })}`}
                    {last &&
                      ` — ${t('indicatorLast', { value: `${formatNumber(last.value)}${unit}`, date: formatDate(last.date) })}`}
                  </li>
                )
              })}
            </ul>
          </Fact>
        )}
      </dl>
    </article>
  )
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}
