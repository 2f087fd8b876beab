import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite.js'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import {
  atom,
  computed,
  createTLStore,
  createUserId,
  type Editor,
  type TLComponents,
  type TLStoreWithStatus,
  type TLUiOverrides,
  Tldraw,
  UserRecordType,
  useValue,
} from 'tldraw'
import 'tldraw/tldraw.css'
import { boardSchema } from '../../shared/board/schema.ts'
import { timerRemainingMs } from '../../shared/workshop/live-state.ts'
import { LOCALES, type Locale, useLocale, useMessages } from '../app/i18n.tsx'
import { canPostIdeas, createClusterAround, createIdeaAt, installBoardRules } from './board-editor.ts'
import { liveState, myDotsLeft, session, totalsVisible, votingOn } from './board-state.ts'
import './board.css'
import { type BoardConnection, connectBoard } from './connection.ts'
import { download, type ExportFormat, type ExportScope, exportBlob, exportFileName } from './exports.ts'
import { FacilitatorPanel } from './FacilitatorPanel.tsx'
import { type InviteCodes, InvitePanel } from './InvitePanel.tsx'
import { messages } from './messages.ts'
import { PeoplePanel } from './PeoplePanel.tsx'
import type { BoardRole, PresenceUser } from './presence.ts'
import { boardShapeUtils } from './shapes.tsx'
import { formatCountdown, measureServerOffset, playChime, serverNow } from './timer.ts'

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

  const overrides = useMemo<TLUiOverrides>(
    () => ({
      translations: {
        fr: { 'action.kenlabour-new-idea': messages.fr.newIdea },
        en: { 'action.kenlabour-new-idea': messages.en.newIdea },
      },
      actions(ed, actions) {
        actions['kenlabour-new-idea'] = {
          id: 'kenlabour-new-idea',
          label: 'action.kenlabour-new-idea' as never,
          kbd: 'n',
          onSelect() {
            const point = ed.inputs.getCurrentPagePoint()
            const inView = ed.getViewportPageBounds().containsPoint(point)
            createIdeaAt(ed, inView ? point : ed.getViewportPageBounds().center)
          },
        }
        return actions
      },
      tools(_ed, tools) {
        // N is the new-idea key here; tldraw's sticky note keeps its toolbar button.
        if (tools.note) tools.note = { ...tools.note, kbd: undefined }
        return tools
      },
    }),
    [],
  )

  const components = useMemo<TLComponents>(() => ({ SharePanel: null, HelpMenu: null }), [])

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

function PhaseBadge() {
  const t = useMessages(messages)
  const state = useValue('live state', () => liveState.get(), [])
  const role = useValue('role', () => session.get().role, [])
  const note =
    role === 'observer'
      ? t('readOnlyObserver')
      : role !== 'facilitator' && state.phase === 'closed'
        ? t('readOnlyClosed')
        : role !== 'facilitator' && state.locked
          ? t('readOnlyLocked')
          : state.phase === 'voting' && role !== 'facilitator'
            ? t('noNewIdeas')
            : null
  return (
    <p className="kb-phase" aria-live="polite" data-testid="phase">
      <span className="kb-label">{t('phaseLabel')} :</span>{' '}
      <strong data-phase={state.phase}>{t(`phase_${state.phase}`)}</strong>
      {note && <span className="kb-note"> · {note}</span>}
    </p>
  )
}

/** The countdown, from the server's end time: the same on every screen and after a reload. */
function TimerDisplay() {
  const t = useMessages(messages)
  const timer = useValue('timer', () => liveState.get().timer, [])
  const [now, setNow] = useState(serverNow)
  useEffect(() => {
    if (!timer || timer.endsAt === null) return
    const interval = setInterval(() => setNow(serverNow()), 250)
    return () => clearInterval(interval)
  }, [timer])
  const remaining = timer ? timerRemainingMs(timer, timer.endsAt === null ? now : serverNow()) : 0
  const running = !!timer && timer.endsAt !== null
  // Only a timer this page saw running rings when it runs out, once: not one found over on arrival.
  const seenRunning = useRef<number | null>(null)
  useEffect(() => {
    if (!timer?.endsAt) return
    if (remaining > 0) seenRunning.current = timer.endsAt
    else if (seenRunning.current === timer.endsAt) {
      seenRunning.current = null
      if (timer.sound) playChime()
    }
  }, [timer, remaining])
  if (!timer) return null
  return (
    <p className={`kb-timer${remaining === 0 ? ' kb-timer-done' : ''}`} data-testid="timer">
      <span className="kb-label">{remaining === 0 ? t('timeUp') : t('timeLeft')} :</span>{' '}
      <time role="timer" data-running={running ? 'true' : 'false'}>
        {formatCountdown(remaining)}
      </time>
    </p>
  )
}

function ConnectionBadge({ status }: { status: { kind: string; reason?: string } }) {
  const t = useMessages(messages)
  const text =
    status.kind === 'online'
      ? t('online')
      : status.kind === 'offline'
        ? t('offline')
        : status.kind === 'closed'
          ? t('accessEnded', { reason: status.reason ?? '' })
          : t('connecting')
  return (
    <p className={`kb-status kb-status-${status.kind}`} role="status" data-testid="connection">
      {text}
    </p>
  )
}

function StatusLine({ refusals }: { refusals: string[] }) {
  const t = useMessages(messages)
  const voting = useValue('voting', () => votingOn.get(), [])
  const left = useValue('left', () => myDotsLeft.get(), [])
  const visible = useValue('visible', () => totalsVisible.get(), [])
  return (
    <div className="kb-statusline" aria-live="polite">
      {voting && (
        <span data-testid="dots-left">
          {t('dotsLeft', { count: left })}
          {!visible && ` · ${t('votesHidden')}`}
        </span>
      )}
      {refusals.length > 0 && (
        <span className="kb-alert-inline">{t('refused', { reason: refusals[0]! })}</span>
      )}
    </div>
  )
}

function FollowBanner({ editor }: { editor: Editor }) {
  const t = useMessages(messages)
  const following = useValue('following', () => editor.getInstanceState().followingUserId, [editor])
  const summon = useValue('summon', () => liveState.get().followMe, [])
  const name = useValue(
    'followed name',
    () => editor.getCollaborators().find((c) => c.userId === following)?.userName ?? '',
    [editor, following],
  )
  if (!following) return null
  const summoned = !!summon && following === createUserId(summon.presenterId)
  return (
    <p className="kb-follow" role="status" data-testid="following">
      {summoned ? t('followingFacilitator', { name: summon.presenterName }) : t('followingSomeone', { name })}
      {!summoned && (
        <button type="button" className="kb-small" onClick={() => editor.stopFollowingUser()}>
          {t('stopFollowing')}
        </button>
      )}
    </p>
  )
}

function IdeaButtons({ editor }: { editor: Editor }) {
  const t = useMessages(messages)
  const mayPost = useValue('may post', () => canPostIdeas.get(), [])
  const phase = useValue('phase', () => liveState.get().phase, [])
  const role = useValue('role', () => session.get().role, [])
  return (
    <>
      <button
        type="button"
        disabled={!mayPost}
        aria-keyshortcuts="N"
        onClick={() => createIdeaAt(editor, editor.getViewportPageBounds().center)}
      >
        {t('newIdeaKbd')}
      </button>
      {role !== 'observer' && (phase === 'clustering' || role === 'facilitator') && phase !== 'closed' && (
        <button
          type="button"
          onClick={() => {
            const title = window.prompt(t('clusterName'))
            if (title !== null) createClusterAround(editor, title.trim().slice(0, 200))
          }}
        >
          {t('newCluster')}
        </button>
      )}
    </>
  )
}

function ExportMenu({ editor, title }: { editor: Editor; title: string }) {
  const t = useMessages(messages)
  const [error, setError] = useState<string | null>(null)
  const [scope, setScope] = useState<ExportScope>('board')
  const run = async (format: ExportFormat) => {
    setError(null)
    try {
      const blob = await exportBlob(editor, format, scope)
      if (!blob) setError(t('exportEmpty'))
      else download(blob, exportFileName(title, format))
    } catch (e) {
      console.error(e)
      setError(t('exportFailed'))
    }
  }
  return (
    <details className="kb-menu">
      <summary>{t('export')}</summary>
      <div className="kb-menu-body">
        <fieldset>
          <legend className="kb-visually-hidden">{t('export')}</legend>
          <label className="kb-check">
            <input
              type="radio"
              name="kb-scope"
              checked={scope === 'board'}
              onChange={() => setScope('board')}
            />
            {t('exportWhole')}
          </label>
          <label className="kb-check">
            <input
              type="radio"
              name="kb-scope"
              checked={scope === 'selection'}
              onChange={() => setScope('selection')}
            />
            {t('exportSelection')}
          </label>
        </fieldset>
        <button type="button" onClick={() => void run('png')}>
          {t('exportPng')}
        </button>
        <button type="button" onClick={() => void run('svg')}>
          {t('exportSvg')}
        </button>
        <button type="button" onClick={() => void run('pdf')} disabled={scope === 'selection'}>
          {t('exportPdf')}
        </button>
        {error && (
          <p className="kb-alert" role="alert">
            {error}
          </p>
        )}
      </div>
    </details>
  )
}
