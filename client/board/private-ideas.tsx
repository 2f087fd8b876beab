import { atom } from '@tldraw/state'
import { useEffect, useState } from 'react'
import { useEditor, useValue } from 'tldraw'
import { IDEA_SIZE } from '../../shared/board/shapes.ts'
import { encodeJsonMessage, MessageType, type PrivateIdeaRecord } from '../../shared/collab/messages.ts'
import { useMessages } from '../app/i18n.tsx'
import { cardPalette, liveState, session } from './board-state.ts'
import type { BoardConnection } from './connection.ts'
import { messages } from './messages.ts'
import { privateDraftId, privateIdeas } from './personal-channel.ts'
import './private-ideas.css'

/**
 * Silent writing on the canvas (DESIGN.md, "Silent writing and anonymity"). Private ideas never enter the
 * shared document, so tldraw does not know them: they are drawn here, over the canvas, at their place in
 * page space, and changed through the live channel's `privateIdea` message. The server answers with the
 * whole list again (personal-channel.ts), so nothing is changed locally before it agrees.
 */

/** The open board's connection, for the overlay that tldraw renders without props. */
const channel = atom<BoardConnection | null>('private idea channel', null)

/** Gives the overlay the board's connection (BoardView). */
export function usePrivateIdeaChannel(connection: BoardConnection | null): void {
  useEffect(() => {
    channel.set(connection)
    return () => {
      channel.set(null)
    }
  }, [connection])
}

/** Sends a change of a private idea; false when the socket is not open (the edit stays open). */
function sendPrivateIdea(body: { kind: 'put'; idea: PrivateIdeaRecord } | { kind: 'delete'; id: string }) {
  const ws = channel.get()?.provider.ws
  if (!ws || ws.readyState !== WebSocket.OPEN) return false
  ws.send(encodeJsonMessage(MessageType.privateIdea, body) as Uint8Array<ArrayBuffer>)
  return true
}

interface IdeaProps {
  text?: unknown
  w?: unknown
  h?: unknown
  color?: unknown
  authorName?: unknown
}

function propsOf(idea: PrivateIdeaRecord): IdeaProps {
  return (idea.props as IdeaProps | undefined) ?? {}
}

/** A refusal code that is a notice (the server did as asked, differently), not a refusal. */
export function isNotice(code: string): boolean {
  return code === 'kept_private' || code === 'author_set_by_server'
}

/**
 * The private ideas I may see, drawn in front of the canvas where they will land at the reveal: dashed,
 * marked "privée", each a labelled group a keyboard reaches, with edit and delete. For tldraw's
 * `InFrontOfTheCanvas` slot (screen space): follows the camera itself.
 */
export function PrivateIdeasOverlay() {
  const editor = useEditor()
  const ideas = useValue('private ideas', () => privateIdeas.get(), [])
  const camera = useValue('camera', () => editor.getCamera(), [editor])
  if (ideas.length === 0) return null
  return (
    <div className="kb-private-layer" data-testid="private-ideas">
      <div
        className="kb-private-page"
        style={{ transform: `scale(${camera.z}) translate(${camera.x}px, ${camera.y}px)` }}
      >
        {ideas.map((idea) => (
          <PrivateIdeaCard key={idea.id} idea={idea} />
        ))}
      </div>
    </div>
  )
}

function PrivateIdeaCard({ idea }: { idea: PrivateIdeaRecord }) {
  const t = useMessages(messages)
  const role = useValue('role', () => session.get().role, [])
  const props = propsOf(idea)
  const text = typeof props.text === 'string' ? props.text : ''
  const w = typeof props.w === 'number' ? props.w : IDEA_SIZE.w
  const h = typeof props.h === 'number' ? props.h : IDEA_SIZE.h
  const color = typeof props.color === 'string' ? props.color : 'yellow'
  const fill = cardPalette[color as keyof typeof cardPalette]?.fill ?? '#fff3bf'
  const author = typeof props.authorName === 'string' ? props.authorName : ''
  // The card I have just created on the canvas comes back here: it opens for writing at once.
  const [fresh] = useState(() => privateDraftId.get() === idea.id)
  const [draft, setDraft] = useState<string | null>(fresh ? text : null)
  useEffect(() => {
    if (fresh && privateDraftId.get() === idea.id) privateDraftId.set(null)
  }, [fresh, idea.id])
  const x = typeof idea.x === 'number' ? idea.x : 0
  const y = typeof idea.y === 'number' ? idea.y : 0

  const save = () => {
    if (draft === null) return
    const next = draft.trim()
    if (next === text || !next) return setDraft(null)
    if (sendPrivateIdea({ kind: 'put', idea: { ...idea, props: { ...(idea.props as object), text: next } } }))
      setDraft(null)
  }

  return (
    // Events stay here: tldraw would otherwise take a click or a key as a canvas gesture or shortcut.
    <article
      aria-label={t('privateIdeaLabel', { text })}
      className="kb-private-card"
      data-private-idea={idea.id}
      style={{ left: x, top: y, width: w, minHeight: h, background: fill }}
      onPointerDown={(event) => event.stopPropagation()}
      onKeyDown={(event) => event.stopPropagation()}
      onWheel={(event) => event.stopPropagation()}
    >
      <p className="kb-private-badge">
        {t('privateIdeaBadge')}
        {role === 'facilitator' && author ? ` · ${t('privateIdeaOf', { name: author })}` : ''}
      </p>
      {draft === null ? (
        <p className="kb-private-text">{text}</p>
      ) : (
        <textarea
          aria-label={t('privateIdeaText')}
          className="kb-private-input"
          maxLength={500}
          value={draft}
          // biome-ignore lint/a11y/noAutofocus: opened by the person's own click on "Modifier"
          autoFocus
          onChange={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={(event) => {
            event.stopPropagation()
            // Escape ends the writing of a new card, as on the canvas; on a card already written, it gives up.
            if (event.key === 'Escape') fresh && text === '' ? save() : setDraft(null)
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault()
              save()
            }
          }}
        />
      )}
      <div className="kb-private-actions">
        {draft === null ? (
          <button type="button" onClick={() => setDraft(text)}>
            {t('editPrivateIdea')}
          </button>
        ) : (
          <button type="button" onClick={save}>
            {t('savePrivateIdea')}
          </button>
        )}
        <button type="button" onClick={() => sendPrivateIdea({ kind: 'delete', id: idea.id })}>
          {t('deletePrivateIdea')}
        </button>
      </div>
    </article>
  )
}

/** Says silent writing is on (to people who may write), and that a workshop is anonymous. */
export function WorkshopModeBanner() {
  const t = useMessages(messages)
  const state = useValue('live state', () => liveState.get(), [])
  const role = useValue('role', () => session.get().role, [])
  const silent = state.privateIdeation && role !== 'observer' && state.phase !== 'closed'
  if (!silent && !state.anonymous) return null
  return (
    <div className="kb-mode-banner" role="status">
      {silent && (
        <p className="kb-silent-banner">
          {role === 'facilitator' ? t('silentWritingFacilitator') : t('silentWritingOn')}
        </p>
      )}
      {state.anonymous && <p className="kb-anonymous-note">{t('anonymousWorkshop')}</p>}
    </div>
  )
}
