import { useEffect, useState } from 'react'
import { type Editor, type TLShapeId, useValue } from 'tldraw'
import { useMessages } from '../app/i18n.tsx'
import { session } from './board-state.ts'
import { goToShape, wholeInView, zoneOfShape, zoneTitle } from './camera.ts'
import { messages } from './messages.ts'

/**
 * New ideas from others that this screen does not show legibly (outside the view, or drawn too small to
 * read) are announced: one line per zone ("2 new ideas in P2 — …"), with a button
 * that goes to the latest one. The camera never moves by itself: the person chooses to go there.
 */

/** One announced zone. */
export interface IdeaNotice {
  /** The zone's id, or null for ideas outside every zone. */
  zoneId: string | null
  zoneTitle: string
  count: number
  /** The latest idea announced here: where "show" leads. */
  ideaId: string
  /** When the last idea arrived (ms): the notice goes away NOTICE_MS later. */
  at: number
}

/** The smallest text, in screen pixels (its line box), that a person reads from a normal distance. */
export const LEGIBLE_TEXT_PX = 12

/**
 * Is card `id` drawn legibly now: whole inside the view, its largest text at least LEGIBLE_TEXT_PX high
 * on screen? Measured on what the browser draws, so it holds however the card scales its text with the
 * zoom (or hides it, far out).
 */
export function drawnLegibly(editor: Editor, id: TLShapeId): boolean {
  if (!wholeInView(editor, id)) return false
  const element = editor.getContainer().querySelector(`.tl-shape[data-shape-id="${CSS.escape(id)}"]`)
  if (!element) return false
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  let tallest = 0
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.trim()) continue
    range.selectNodeContents(node)
    for (const line of range.getClientRects()) tallest = Math.max(tallest, line.height)
  }
  return tallest >= LEGIBLE_TEXT_PX
}

/** Waits for the browser to draw what the store holds now (a new card is drawn a frame or two later). */
function afterDrawing(run: () => void): void {
  requestAnimationFrame(() => requestAnimationFrame(run))
}

/** How long a notice stays after its last idea, in ms. */
export const NOTICE_MS = 20_000
/** At most this many zones announced at once (the oldest go): a discreet corner, not a feed. */
export const MAX_NOTICES = 3

/** The notices after a new idea in a zone: counted into its zone's line, which moves to the top. */
export function addIdeaNotice(
  notices: readonly IdeaNotice[],
  idea: { id: string; zoneId: string | null; zoneTitle: string },
  now: number,
): IdeaNotice[] {
  const previous = notices.find((n) => n.zoneId === idea.zoneId)
  const updated: IdeaNotice = {
    zoneId: idea.zoneId,
    zoneTitle: idea.zoneTitle,
    count: (previous?.count ?? 0) + 1,
    ideaId: idea.id,
    at: now,
  }
  return [updated, ...notices.filter((n) => n !== previous)].slice(0, MAX_NOTICES)
}

/** The notices still current at `now`. */
export function currentNotices(notices: readonly IdeaNotice[], now: number): IdeaNotice[] {
  return notices.filter((n) => now - n.at < NOTICE_MS)
}

/** The announcements, in a live region over the top of the canvas. */
export function NewIdeaNotices({ editor }: { editor: Editor }) {
  const t = useMessages(messages)
  const [notices, setNotices] = useState<IdeaNotice[]>([])
  const following = useValue('following', () => !!editor.getInstanceState().followingUserId, [editor])

  useEffect(() => {
    let live = true
    const announce = (ids: TLShapeId[]) => {
      // While someone leads the view (follow-me), they decide what people look at.
      if (!live || editor.getInstanceState().followingUserId) return
      const me = session.get().actorId
      const news: { id: TLShapeId; zoneId: string | null; zoneTitle: string }[] = []
      for (const id of ids) {
        const shape = editor.getShape(id)
        if (shape?.type !== 'idea') continue
        // My own idea (posted from my phone, say) is no news to me.
        if (me && (shape.props as { authorId: string }).authorId === me) continue
        if (drawnLegibly(editor, id)) continue
        const zone = zoneOfShape(editor, id)
        news.push({ id, zoneId: zone?.id ?? null, zoneTitle: zoneTitle(zone) })
      }
      if (news.length === 0) return
      const now = Date.now()
      setNotices((list) =>
        news.reduce((next, idea) => addIdeaNotice(next, idea, now), currentNotices(list, now)),
      )
    }
    const stop = editor.store.listen(
      ({ changes }) => {
        const ids = Object.values(changes.added)
          .filter((record) => record.typeName === 'shape' && record.type === 'idea')
          .map((record) => record.id as TLShapeId)
        if (ids.length) afterDrawing(() => announce(ids))
      },
      { source: 'remote', scope: 'document' },
    )
    return () => {
      live = false
      stop()
    }
  }, [editor])

  // Old notices leave on their own.
  useEffect(() => {
    if (notices.length === 0) return
    const next = Math.min(...notices.map((n) => n.at)) + NOTICE_MS - Date.now()
    const timer = setTimeout(() => setNotices((list) => currentNotices(list, Date.now())), Math.max(next, 0))
    return () => clearTimeout(timer)
  }, [notices])

  const dismiss = (notice: IdeaNotice) => setNotices((list) => list.filter((n) => n !== notice))

  return (
    <section className="kb-notices" aria-label={t('newIdeasRegion')} aria-live="polite">
      {!following &&
        notices.map((notice) => {
          const zone = notice.zoneTitle || t('outsideZones')
          return (
            <p className="kb-notice" key={notice.zoneId ?? ''} data-testid="new-idea-notice">
              <span className="kb-notice-text">{t('newIdeasIn', { count: notice.count, zone })}</span>
              <button
                type="button"
                className="kb-small"
                aria-label={t('goToNewIdea', { zone })}
                onClick={() => {
                  if (!goToShape(editor, notice.ideaId as TLShapeId) && notice.zoneId)
                    goToShape(editor, notice.zoneId as TLShapeId)
                  dismiss(notice)
                }}
              >
                {t('goToIdea')}
              </button>
              <button
                type="button"
                className="kb-small kb-icon-button"
                aria-label={t('dismissNotice')}
                onClick={() => dismiss(notice)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </p>
          )
        })}
    </section>
  )
}
