import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import { LOCALES, type Locale, useLocale, useMessages } from '../app/i18n.tsx'
import { DRAWER_ID, type DrawerPanel } from './BoardDrawer.tsx'
import { ConnectionBadge, DotsLeft, PhaseBadge, TimerDisplay } from './board-status.tsx'
import { ExportMenu } from './ExportMenu.tsx'
import { IdeaButtons } from './IdeaButtons.tsx'
import { messages } from './messages.ts'
import type { BoardRole } from './presence.ts'
import { PHONE_LAYOUT, useMediaQuery } from './screen-layout.ts'

export interface BoardHeaderProps {
  title: string
  boardId: string
  role: BoardRole
  status: { kind: string; reason?: string }
  /** The editor once the board is synced (the idea and export buttons need it). */
  editor: Editor | null
  peopleCount: number
  drawer: DrawerPanel | null
  onToggleDrawer: (panel: DrawerPanel) => void
  /** Opens the invitation dialog (facilitators, when the codes are known). */
  onInvite: (() => void) | null
}

/**
 * The board's header, one line high on a desktop and two short lines elsewhere, never more: the title and
 * the workshop's status on the left; on the right the idea buttons and the panel toggles, then a menu
 * with the rest (invite, export, phone page, language). On a phone the menu holds every action.
 */
export function BoardHeader(props: BoardHeaderProps) {
  const t = useMessages(messages)
  const phone = useMediaQuery(PHONE_LAYOUT)
  const { locale, setLocale } = useLocale()

  // Each toggle holds its long and its short form; CSS shows one, and the accessible name is what shows.
  const toggle = (panel: DrawerPanel, long: ReactNode, short: ReactNode) => {
    const open = props.drawer === panel
    return (
      <button
        type="button"
        className="kb-toggle"
        aria-expanded={open}
        aria-controls={open ? DRAWER_ID : undefined}
        data-drawer-toggle={panel}
        data-close-menu
        onClick={() => props.onToggleDrawer(panel)}
      >
        <span className="kb-toggle-long">{long}</span>
        <span className="kb-toggle-short">{short}</span>
      </button>
    )
  }
  const toggles = (
    <>
      {toggle(
        'people',
        t('people', { count: props.peopleCount }),
        <>
          <PeopleIcon /> {props.peopleCount}
          <span className="visually-hidden"> {t('peopleNoun', { count: props.peopleCount })}</span>
        </>,
      )}
      {props.role === 'facilitator' && toggle('facilitator', t('facilitator'), t('facilitator'))}
    </>
  )
  // Observers never write: no idea buttons at all, rather than buttons that are always disabled.
  const ideaButtons = props.editor && props.role !== 'observer' ? <IdeaButtons editor={props.editor} /> : null

  return (
    <header className="kb-topbar">
      <div className="kb-topbar-main">
        <h1 className="kb-title" title={props.title}>
          {props.title}
        </h1>
        <div className="kb-topbar-status">
          <PhaseBadge />
          <TimerDisplay />
          <DotsLeft />
          <ConnectionBadge status={props.status} />
        </div>
      </div>
      <div className="kb-topbar-actions">
        {!phone && ideaButtons}
        {!phone && toggles}
        <HeaderMenu>
          {phone && ideaButtons}
          {phone && toggles}
          {props.onInvite && (
            <button type="button" data-close-menu onClick={props.onInvite}>
              {t('invite')}
            </button>
          )}
          {props.editor && <ExportMenu editor={props.editor} title={props.title} />}
          <a className="kb-button" href={`/poster/${encodeURIComponent(props.boardId)}`}>
            {t('phoneLink')}
          </a>
          <label className="kb-language">
            {t('language')}
            <select value={locale} onChange={(event) => setLocale(event.currentTarget.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {l === 'fr' ? 'Français' : 'English'}
                </option>
              ))}
            </select>
          </label>
        </HeaderMenu>
      </div>
    </header>
  )
}

/**
 * A menu button and the list it opens under it. Escape or a click elsewhere closes it (Escape gives the
 * focus back to the button); so does choosing an item marked `data-close-menu` (one that opens a panel
 * or a dialog).
 */
function HeaderMenu({ children }: { children: ReactNode }) {
  const t = useMessages(messages)
  const [open, setOpen] = useState(false)
  const id = useId()
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!open) return
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false)
    }
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !root.current?.contains(document.activeElement)) return
      event.stopPropagation()
      setOpen(false)
      button.current?.focus()
    }
    document.addEventListener('pointerdown', onPointerDown)
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown)
      document.removeEventListener('keydown', onKeyDown)
    }
  }, [open])

  return (
    <div className="kb-more" ref={root}>
      <button
        type="button"
        ref={button}
        id="kb-menu-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        <MenuIcon /> {t('menu')}
      </button>
      <div
        id={id}
        className="kb-more-body"
        hidden={!open}
        onClickCapture={(event) => {
          if ((event.target as Element).closest('[data-close-menu]')) setOpen(false)
        }}
      >
        {children}
      </div>
    </div>
  )
}

function PeopleIcon() {
  return (
    <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor">
      <circle cx="9" cy="8" r="3.5" strokeWidth="2" />
      <path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6" strokeWidth="2" strokeLinecap="round" />
      <circle cx="17" cy="9" r="2.5" strokeWidth="1.8" />
      <path d="M17 14c2.6 0 4.5 1.8 4.5 4.6" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  )
}

function MenuIcon() {
  return (
    <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" stroke="currentColor">
      <path d="M4 6h16M4 12h16M4 18h16" strokeWidth="2" strokeLinecap="round" />
    </svg>
  )
}
