import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite.js'
import { useEffect, useLayoutEffect, useMemo, useState } from 'react'
import {
  atom,
  computed,
  createTLStore,
  createUserId,
  type Editor,
  type TLStoreWithStatus,
  Tldraw,
  UserRecordType,
  useValue,
} from 'tldraw'
import 'tldraw/tldraw.css'
import { boardSchema } from '../../shared/board/schema.ts'
import { LOCALES, type Locale, useLocale, useMessages } from '../app/i18n.tsx'
import { installBoardRules } from './board-editor.ts'
import { session } from './board-state.ts'
import './board.css'
import { ConnectionBadge, FollowBanner, PhaseBadge, StatusLine, TimerDisplay } from './board-status.tsx'
import { type BoardConnection, connectBoard } from './connection.ts'
import { ExportMenu } from './ExportMenu.tsx'
import { FacilitatorPanel } from './FacilitatorPanel.tsx'
import { IdeaButtons } from './IdeaButtons.tsx'
import { type InviteCodes, InvitePanel } from './InvitePanel.tsx'
import { messages } from './messages.ts'
import { PeoplePanel } from './PeoplePanel.tsx'
import type { BoardRole, PresenceUser } from './presence.ts'
import { boardShapeUtils } from './shapes.tsx'
import { measureServerOffset } from './timer.ts'
import { boardUiComponents, boardUiOverrides } from './tldraw-ui.tsx'

// tldraw's fonts, icons and translations, emitted into our own build by Vite and served by our server:
// workshops happen in rooms with poor or filtered networks, so nothing is fetched from a CDN.
const assetUrls = getAssetUrlsByImport()

/** Cursor colours given to people, from their id: readable on the light canvas. */
const PERSON_COLORS = ['#c2255c', '#5f3dc4', '#1864ab', '#0b7285', '#2b8a3e', '#e8590c', '#a61e4d', '#364fc7']

function colorOf(id: string): string {
  let hash = 0
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0
  return PERSON_COLORS[Math.abs(hash) % PERSON_COLORS.length]!
}

/** The licence key the server put in index.html (production); none is needed on localhost. */
function licenseKey(): string | undefined {
  return (
    document.querySelector<HTMLMetaElement>('meta[name="kenlabour:tldraw-license-key"]')?.content || undefined
  )
}

export interface BoardViewProps {
  boardId: string
  workshopId: string
  title: string
  actorId: string
  displayName: string
  role: BoardRole
  codes: InviteCodes | null
}

/** The live board: tldraw on the board's Yjs document, with the workshop's panels around it. */
export function BoardView(props: BoardViewProps) {
  const t = useMessages(messages)
  const { locale, setLocale } = useLocale()
  const [editor, setEditor] = useState<Editor | null>(null)
  const [connection, setConnection] = useState<BoardConnection | null>(null)
  const [ready, setReady] = useState(false)
  const [codes, setCodes] = useState(props.codes)
  const [inviteOpen, setInviteOpen] = useState(false)
  const [panelOpen, setPanelOpen] = useState(true)

  // Before the first paint of any shape (they read it); tldraw signals, so no React re-render loop.
  useLayoutEffect(() => {
    session.set({ actorId: props.actorId, displayName: props.displayName, role: props.role, locale })
  }, [props.actorId, props.displayName, props.role, locale])

  const user: PresenceUser = useMemo(
    () => ({ id: props.actorId, name: props.displayName, color: colorOf(props.actorId), role: props.role }),
    [props.actorId, props.displayName, props.role],
  )
  const { store, connectionStatus } = useMemo(() => {
    const connectionStatus = atom<'online' | 'offline'>('tldraw connection status', 'offline')
    const currentUser = computed('current user', () =>
      UserRecordType.create({ id: createUserId(user.id), name: user.name, color: user.color }),
    )
    const store = createTLStore({
      schema: boardSchema,
      users: { currentUser },
      collaboration: { status: connectionStatus },
    })
    return { store, connectionStatus }
  }, [user])

  useEffect(() => {
    setReady(false)
    const next = connectBoard({ boardId: props.boardId, store, user, onReady: () => setReady(true) })
    setConnection(next)
    void measureServerOffset()
    return () => {
      next.dispose()
      setConnection(null)
    }
  }, [props.boardId, store, user])

  const status = useValue('status', () => connection?.status.get() ?? { kind: 'connecting' as const }, [
    connection,
  ])
  const binding = useValue('binding', () => connection?.binding.get() ?? null, [connection])
  const refusals = useValue('refusals', () => connection?.refusals.get() ?? [], [connection])
  useEffect(() => {
    connectionStatus.set(status.kind === 'online' ? 'online' : 'offline')
  }, [status, connectionStatus])

  useEffect(() => {
    if (!editor) return
    editor.user.updateUserPreferences({ locale })
  }, [editor, locale])

  const storeWithStatus: TLStoreWithStatus = ready
    ? { status: 'synced-remote', store, connectionStatus: status.kind === 'online' ? 'online' : 'offline' }
    : { status: 'loading' }

  const overrides = useMemo(() => boardUiOverrides(), [])
  const components = useMemo(() => boardUiComponents(), [])

  if (binding?.kind === 'reload-required') {
    return (
      <main className="kb-message" role="alert">
        <p>{t('reloadRequired')}</p>
        <button type="button" onClick={() => location.reload()}>
          {t('reload')}
        </button>
      </main>
    )
  }

  return (
    <div className="kb-board" data-board-ready={ready ? 'true' : 'false'}>
      <header className="kb-topbar">
        <h1 className="kb-title">{props.title}</h1>
        <PhaseBadge />
        <TimerDisplay />
        <ConnectionBadge status={status} />
        <div className="kb-topbar-actions">
          {editor && ready && <IdeaButtons editor={editor} />}
          {editor && ready && <ExportMenu editor={editor} title={props.title} />}
          <a className="kb-button" href={`/poster/${encodeURIComponent(props.boardId)}`}>
            {t('phoneLink')}
          </a>
          {props.role === 'facilitator' && codes && (
            <button type="button" onClick={() => setInviteOpen(true)}>
              {t('invite')}
            </button>
          )}
          {props.role === 'facilitator' && (
            <button type="button" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)}>
              {t('facilitator')}
            </button>
          )}
          <label className="kb-language">
            <span className="kb-visually-hidden">{t('language')}</span>
            <select value={locale} onChange={(event) => setLocale(event.currentTarget.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {l === 'fr' ? 'Français' : 'English'}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <StatusLine refusals={refusals.map((r) => r.message)} />
      {editor && <FollowBanner editor={editor} />}
      <div className="kb-body">
        <main className="kb-canvas" aria-label={props.title}>
          <Tldraw
            store={storeWithStatus}
            shapeUtils={boardShapeUtils}
            assetUrls={assetUrls}
            licenseKey={licenseKey()}
            overrides={overrides}
            components={components}
            onMount={(mounted) => {
              mounted.user.updateUserPreferences({ locale })
              const uninstall = installBoardRules(mounted)
              // Arriving on a board shows all of it (zones and cards), not the page's origin.
              if (mounted.getCurrentPageShapeIds().size > 0) mounted.zoomToFit({ immediate: true })
              setEditor(mounted)
              ;(window as { kenlabourEditor?: Editor }).kenlabourEditor = mounted
              return () => {
                uninstall()
                setEditor(null)
              }
            }}
          />
        </main>
        {(editor && ready) || props.role === 'facilitator' ? (
          <aside className="kb-side" aria-label={t('people', { count: 0 }).replace(/\s*\(.*\)/, '')}>
            {editor && ready && connection && <PeoplePanel editor={editor} connection={connection} />}
            {props.role === 'facilitator' && panelOpen && editor && (
              <FacilitatorPanel editor={editor} workshopId={props.workshopId} />
            )}
          </aside>
        ) : null}
      </div>
      {inviteOpen && codes && (
        <InvitePanel
          workshopId={props.workshopId}
          codes={codes}
          onCodes={setCodes}
          onClose={() => setInviteOpen(false)}
        />
      )}
    </div>
  )
}
