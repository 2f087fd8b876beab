import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react'
import { IDEA_TEXT_MAX } from '../../shared/board/shapes.ts'
import { ApiError, apiGet, apiPost } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { ErrorAlert, useDocumentTitle } from '../app/ui.tsx'
import { type ListedZone, readIdeasAnswer } from './ideas-answer.ts'
import { messages } from './messages.ts'
import './post.css'

interface Priority {
  code: string
  title: string
  actions?: { code: string; title: string }[]
}

interface WorkshopAnswer {
  id: string
  boardId: string
  title: string
  phase: string
  locked: boolean
  role: string
  priorities?: Priority[]
}

/**
 * `/poster/:boardId`: the phone-first way in, and the board as text for screen readers. Pick a priority,
 * type, send (POST /api/boards/:boardId/ideas); below, the ideas by zone as headed lists, refreshed
 * every few seconds, with new ideas announced in a polite live region.
 */
export default function PostPage({ params }: PageProps) {
  const t = useMessages(messages)
  const { formatDateTime } = useLocale()
  const { me } = useSession()
  const boardId = params.boardId ?? ''
  const [workshop, setWorkshop] = useState<WorkshopAnswer | 'denied' | null>(null)
  const [zones, setZones] = useState<ListedZone[]>([])
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null)
  const [priority, setPriority] = useState('')
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [confirmation, setConfirmation] = useState('')
  const [announcement, setAnnouncement] = useState('')
  const known = useRef<Set<string> | null>(null)
  const ideaId = useId()
  const hintId = useId()
  useDocumentTitle(t('title'))

  useEffect(() => {
    if (me === undefined) return
    if (me === null) {
      setWorkshop('denied')
      return
    }
    const abort = new AbortController()
    ;(async () => {
      let workshopId = me.kind === 'guest' ? me.workshopId : undefined
      if (!workshopId) {
        const list = await apiGet<WorkshopAnswer[]>('/api/workshops', abort.signal)
        workshopId = list.find((w) => w.boardId === boardId)?.id
      }
      if (!workshopId) return setWorkshop('denied')
      const found = await apiGet<WorkshopAnswer>(`/api/workshops/${workshopId}`, abort.signal)
      setWorkshop(found.boardId === boardId ? found : 'denied')
    })().catch((e) => {
      if (!abort.signal.aborted) setWorkshop(e instanceof ApiError && e.status < 500 ? 'denied' : null)
      if (!(e instanceof ApiError)) setError(e)
    })
    return () => abort.abort()
  }, [me, boardId])

  const refresh = useCallback(async () => {
    const next = readIdeasAnswer(await apiGet(`/api/boards/${encodeURIComponent(boardId)}/ideas`))
    setZones(next)
    setUpdatedAt(new Date())
    const ids = new Set(next.flatMap((z) => z.ideas.map((i) => i.id)))
    if (known.current) {
      const fresh = next.flatMap((z) =>
        z.ideas
          .filter((i) => !known.current!.has(i.id))
          .map((i) => ({ zone: z.title || t('outsideZones'), i })),
      )
      if (fresh.length)
        setAnnouncement(
          fresh
            .slice(0, 3)
            .map(({ zone, i }) => t('newIdeaAnnounce', { zone, text: i.text }))
            .join(' · '),
        )
    }
    known.current = ids
  }, [boardId, t])

  useEffect(() => {
    if (!workshop || workshop === 'denied') return
    void refresh().catch(setError)
    const interval = setInterval(() => void refresh().catch(() => {}), 5000)
    return () => clearInterval(interval)
  }, [workshop, refresh])

  if (workshop === null && !error) return <main className="kp-page">{t('loading')}</main>
  if (workshop === 'denied' || workshop === null)
    return (
      <main className="kp-page">
        <ErrorAlert error={error}>{error ? undefined : t('notAllowed')}</ErrorAlert>
        <a href="/rejoindre">{t('joinLink')}</a>
      </main>
    )

  const observer = workshop.role === 'observer' || workshop.role === 'member'
  const open = !workshop.locked && (workshop.phase === 'ideation' || workshop.phase === 'clustering')
  const [priorityCode, actionCode] = priority.split('|')

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const body = text.trim()
    if (!body) return
    setSending(true)
    setError(null)
    setConfirmation('')
    try {
      await apiPost(`/api/boards/${encodeURIComponent(boardId)}/ideas`, {
        text: body,
        ...(priorityCode ? { priorityCode } : {}),
        ...(actionCode ? { actionCode } : {}),
      })
      setText('')
      setConfirmation(t('sent', { text: body }))
      await refresh()
    } catch (e) {
      setError(e)
    } finally {
      setSending(false)
    }
  }

  return (
    <main className="kp-page">
      <h1>{t('title')}</h1>
      <p className="kp-workshop">{workshop.title}</p>
      {observer ? (
        <p>{t('observer')}</p>
      ) : !open ? (
        <p role="status">{t('closed')}</p>
      ) : (
        <form className="kp-form" onSubmit={(event) => void submit(event)}>
          <p>{t('intro')}</p>
          <label htmlFor={`${ideaId}-priority`}>{t('priority')}</label>
          <select
            id={`${ideaId}-priority`}
            value={priority}
            onChange={(event) => setPriority(event.currentTarget.value)}
          >
            <option value="">{t('anyPriority')}</option>
            {(workshop.priorities ?? []).map((p) => [
              <option key={p.code} value={p.code}>
                {p.code} — {p.title}
              </option>,
              ...(p.actions ?? []).map((a) => (
                <option key={`${p.code}|${a.code}`} value={`${p.code}|${a.code}`}>
                  {'\u00a0\u00a0'}
                  {a.code} — {a.title}
                </option>
              )),
            ])}
          </select>
          <label htmlFor={ideaId}>{t('idea')}</label>
          <textarea
            id={ideaId}
            required
            rows={4}
            maxLength={IDEA_TEXT_MAX}
            aria-describedby={hintId}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
          />
          <p id={hintId} className="kp-hint">
            {t('ideaHint', { count: IDEA_TEXT_MAX - text.length })}
          </p>
          <button type="submit" disabled={sending || !text.trim()}>
            {sending ? t('sending') : t('send')}
          </button>
          <ErrorAlert error={error} />
          <p role="status" className="kp-confirmation">
            {confirmation}
          </p>
        </form>
      )}
      <p>
        <a href={`/tableau/${encodeURIComponent(boardId)}`}>{t('toBoard')}</a>
      </p>

      <section aria-labelledby="kp-ideas-title" className="kp-ideas">
        <h2 id="kp-ideas-title">{t('ideasByZone')}</h2>
        <p className="kp-hint">
          {updatedAt && t('updated', { time: formatDateTime(updatedAt) })}{' '}
          <button type="button" className="kp-link-button" onClick={() => void refresh().catch(setError)}>
            {t('refresh')}
          </button>
        </p>
        <div aria-live="polite" className="kp-visually-hidden" data-testid="announcement">
          {announcement}
        </div>
        {zones.every((z) => z.ideas.length === 0) && <p>{t('noIdeas')}</p>}
        {zones.map((zone) => (
          <section key={zone.id ?? 'outside'} aria-label={zone.title || t('outsideZones')}>
            <h3>
              {zone.priorityCode && (
                <span className="kp-code">
                  {zone.priorityCode}
                  {zone.actionCode ? ` · ${zone.actionCode}` : ''}
                </span>
              )}{' '}
              {zone.title || t('outsideZones')}
            </h3>
            {zone.ideas.length === 0 ? (
              <p className="kp-hint">{t('noIdeas')}</p>
            ) : (
              <ul data-testid="zone-ideas">
                {zone.ideas.map((idea) => (
                  <li key={idea.id}>
                    {idea.authorName ? t('ideaBy', { text: idea.text, author: idea.authorName }) : idea.text}
                    {idea.cluster && (
                      <span className="kp-hint"> ({t('inCluster', { cluster: idea.cluster })})</span>
                    )}
                    {typeof idea.dots === 'number' && idea.dots > 0 && (
                      <span className="kp-hint"> · {t('dots', { count: idea.dots })}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </section>
    </main>
  )
}
