import { useEffect } from 'react'
import { useLocale, useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { ErrorAlert, Loading } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { StatusBadge } from '../projects/StatusBadge.tsx'
import { type Showcase, showcaseApi } from './api.ts'
import { messages } from './messages.ts'
import './showcase.css'
// The status badges' colours (StatusBadge).
import '../projects/projects.css'

/**
 * `/vitrine/:slug/widget`: the compact list a council puts on its own site in an iframe (README,
 * "Showcase widget"); `?lang=en` for English. The only page other sites may frame; it reads the public
 * data of this instance and nothing else (no tracker, no request to another origin), and its links open
 * the full showcase in a new tab.
 */
export default function WidgetPage({ params, query }: PageProps) {
  const t = useMessages(messages)
  const { locale, setLocale, formatMoney } = useLocale()
  const slug = params.slug ?? ''
  const lang = query.get('lang')
  useEffect(() => {
    if ((lang === 'fr' || lang === 'en') && lang !== locale) setLocale(lang)
  }, [lang, locale, setLocale])
  const { data, error } = useLoad<Showcase>((signal) => showcaseApi.get(slug, signal), [slug])

  if (!data)
    return <div className="showcase-widget">{error ? <ErrorAlert error={error} /> : <Loading />}</div>
  return (
    <div className="showcase-widget">
      <h1 className="widget-heading">{t('widgetLabel', { council: data.council.name })}</h1>
      {data.projects.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <ul className="widget-list">
          {data.projects.map((p) => (
            <li key={p.id} data-testid="widget-project">
              <span className="widget-title">{p.title}</span>
              <span className="widget-meta">
                {p.priority && <span>{t('priority', { code: p.priority.code })}</span>}
                <StatusBadge status={p.status} />
                {p.carrier && <span>{p.carrier.name}</span>}
                {p.funding?.fundedAmount != null && <span>{formatMoney(p.funding.fundedAmount)}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="widget-more">
        <a href={`/vitrine/${encodeURIComponent(slug)}`} target="_blank" rel="noopener">
          {t('widgetMore')}
        </a>
      </p>
    </div>
  )
}
