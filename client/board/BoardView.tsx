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
import { useLocale, useMessages } from '../app/i18n.tsx'
import { CanvasSuggestions } from '../continuity/CanvasSuggestions.tsx'
import { LinkedIdeas } from '../continuity/LinkedIdeas.tsx'
import { boardImages, imageNotice } from './asset-store.ts'
import { BoardDrawer, type DrawerPanel, initialDrawer, usePeopleCount } from './BoardDrawer.tsx'
import { BoardHeader } from './BoardHeader.tsx'
import { canEdit, installBoardRules } from './board-editor.ts'
import { session, voteRefusal } from './board-state.ts'
import './board.css'
import { FollowBanner, RefusalLine } from './board-status.tsx'
import { CameraControls } from './CameraControls.tsx'
import { frameOnOpen } from './camera.ts'
import { type BoardConnection, connectBoard } from './connection.ts'
import { FacilitatorPanel } from './FacilitatorPanel.tsx'
import { type InviteCodes, InvitePanel } from './InvitePanel.tsx'
import { messages } from './messages.ts'
import { type MyZone, trackMyZone } from './my-zone.ts'
import { NewIdeaNotices } from './new-idea-notices.tsx'
import { PeoplePanel } from './PeoplePanel.tsx'
import type { BoardRole, PresenceUser } from './presence.ts'
import { isNotice, PrivateIdeasOverlay, usePrivateIdeaChannel, WorkshopModeBanner } from './private-ideas.tsx'
import { boardShapeUtils } from './shapes.tsx'
import { measureServerOffset } from './timer.ts'
import { boardTools, boardUiComponents, boardUiOverrides } from './tldraw-ui.tsx'

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
  const { locale } = useLocale()
  const [editor, setEditor] = useState<Editor | null>(null)
  const [connection, setConnection] = useState<BoardConnection | null>(null)
  const [ready, setReady] = useState(false)
  /** The opening framing is over (camera.ts frameOnOpen): only the person moves the camera now. */
  const [viewSettled, setViewSettled] = useState(false)
  const [codes, setCodes] = useState(props.codes)
  const [inviteOpen, setInviteOpen] = useState(false)
  // The open panel, and whether a person opened it (then the focus goes into it).
  const [drawer, setDrawer] = useState<{ panel: DrawerPanel; byPerson: boolean } | null>(() => {
    const panel = initialDrawer(props.role)
    return panel ? { panel, byPerson: false } : null
  })
  const [myZone, setMyZone] = useState<MyZone | null>(null)

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
      ...boardImages(props.boardId, user.role),
    })
    return { store, connectionStatus }
  }, [user, props.boardId])

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
  // A read-only screen (observer, closed or locked board) sends nothing on purpose, yet its client's
  // sync reply earns a read_only refusal: the phase badge already says why nothing can change here.
  const refusals = useValue(
    'refusals',
    () => [
      ...(connection?.refusals.get() ?? [])
        // Notices (an idea kept private during silent writing, an author set by the server) are no refusal.
        .filter((r) => !isNotice(r.code) && (r.code !== 'read_only' || canEdit.get()))
        .map((r) => r.message),
      ...(voteRefusal.get() ? [voteRefusal.get()!] : []),
      ...(imageNotice.get() ? [imageNotice.get()!] : []),
    ],
    [connection],
  )
  const peopleCount = usePeopleCount(connection, ready)
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

  const overrides = useMemo(() => boardUiOverrides(props.role), [props.role])
  const components = useMemo(() => ({ ...boardUiComponents(), InFrontOfTheCanvas: PrivateIdeasOverlay }), [])
  usePrivateIdeaChannel(connection)

  if (binding?.kind === 'reload-required') {
    return (
      <div className="kb-message" role="alert">
        <p>{t('reloadRequired')}</p>
        <button type="button" onClick={() => location.reload()}>
          {t('reload')}
        </button>
      </div>
    )
  }

  const closeDrawer = () => {
    const panel = drawer?.panel
    setDrawer(null)
    // The focus goes back where the person opened the panel: its toggle, or the menu holding it.
    queueMicrotask(() => {
      const toggle = document.querySelector<HTMLElement>(`[data-drawer-toggle="${panel}"]`)
      const target = toggle?.offsetParent ? toggle : document.getElementById('kb-menu-button')
      target?.focus()
    })
  }
  const drawerLabel =
    drawer?.panel === 'facilitator' ? t('facilitatorPanel') : t('people', { count: peopleCount })

  return (
    <div
      className={`kb-board${drawer ? ' kb-board-drawer-open' : ''}`}
      data-board-ready={ready ? 'true' : 'false'}
      data-view-settled={viewSettled ? 'true' : 'false'}
    >
      <BoardHeader
        title={props.title}
        boardId={props.boardId}
        role={props.role}
        status={status}
        editor={editor && ready ? editor : null}
        peopleCount={peopleCount}
        drawer={drawer?.panel ?? null}
        onToggleDrawer={(panel) =>
          drawer?.panel === panel ? closeDrawer() : setDrawer({ panel, byPerson: true })
        }
        onInvite={props.role === 'facilitator' && codes ? () => setInviteOpen(true) : null}
      />
      <div className="kb-body">
        <section className="kb-canvas" aria-label={props.title}>
          <Tldraw
            store={storeWithStatus}
            shapeUtils={boardShapeUtils}
            assetUrls={assetUrls}
            licenseKey={licenseKey()}
            tools={boardTools}
            overrides={overrides}
            components={components}
            onMount={(mounted) => {
              mounted.user.updateUserPreferences({ locale })
              const uninstall = installBoardRules(mounted)
              const zone =
                props.role === 'observer' ? null : trackMyZone(mounted, props.boardId, props.actorId)
              // Arriving on a board shows its zones, whole and legible (camera.ts), once.
              const stopFraming = frameOnOpen(mounted, {
                anchorZone: zone?.zone.get()?.id ?? null,
                onSettled: () => setViewSettled(true),
              })
              setMyZone(zone)
              setEditor(mounted)
              ;(window as { kenlabourEditor?: Editor }).kenlabourEditor = mounted
              return () => {
                stopFraming()
                zone?.dispose()
                uninstall()
                setMyZone(null)
                setEditor(null)
              }
            }}
          />
          <div className="kb-overlay-top">
            <RefusalLine refusals={refusals} />
            <WorkshopModeBanner />
            {editor && <FollowBanner editor={editor} />}
          </div>
          {editor && ready && (
            <div className="kb-overlay-corner">
              <CanvasSuggestions boardId={props.boardId} editor={editor} />
              <NewIdeaNotices editor={editor} />
              <CameraControls editor={editor} myZone={myZone} />
            </div>
          )}
        </section>
        {drawer && (
          <BoardDrawer label={drawerLabel} takeFocus={drawer.byPerson} onClose={closeDrawer}>
            {drawer.panel === 'people' && editor && ready && connection && (
              <PeoplePanel editor={editor} connection={connection} />
            )}
            {drawer.panel === 'facilitator' && editor && (
              <>
                <FacilitatorPanel editor={editor} workshopId={props.workshopId} />
                <LinkedIdeas boardId={props.boardId} editor={editor} />
              </>
            )}
          </BoardDrawer>
        )}
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
