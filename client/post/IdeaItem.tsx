import { type CSSProperties, type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { IDEA_TEXT_MAX } from '../../shared/board/shapes.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { SubmitButton, useErrorText } from '../app/ui.tsx'
import { useAction } from '../app/use-action.ts'
import { shownAuthorName } from '../erasure/author-name.ts'
import type { ListIdea } from './board-list.ts'
import { keepFocus, restoreFocus } from './focus-keeper.ts'
import { accentOf, ideaColors } from './idea-colors.ts'
import { messages } from './messages.ts'
import { currentPlace, type Destination, type DestinationGroup, moveChange } from './move-destinations.ts'
import type { IdeaChange } from './post-api.ts'

/** What the reader may do with one idea now (shared/board/rights.ts, decided by the page). */
export interface IdeaRights {
  edit: boolean
  delete: boolean
  move: boolean
}

export interface IdeaItemProps {
  idea: ListIdea
  rights: IdeaRights
  destinations: readonly DestinationGroup[]
  /** "vous : 2 points", "total : 7 points": what the ballot says about this idea. */
  dotsLine?: string
  /** The vote buttons, when this idea takes dots now. */
  vote?: ReactNode
  onChange: (ideaId: string, change: IdeaChange) => Promise<unknown>
  onDelete: (ideaId: string) => Promise<void>
  /** Says something in the page's polite status region. */
  announce: (message: string) => void
  /** The name of a destination, as the move form lists it. */
  placeName: (destination: Destination) => string
}

/** The actions on an idea, in the order of their buttons; each opens its panel. */
const panels = ['edit', 'move', 'delete'] as const
type Panel = (typeof panels)[number] | null

/** At most this many characters of an idea in a button's name: enough to tell ideas apart. */
const NAME_MAX = 60

/** An idea's text cut for a button's name or a message. */
export function shortText(text: string, max = NAME_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * One idea of the list: its text, who wrote it, its dots, and its actions as buttons that name the idea
 * (a screen reader listing buttons hears "Modifier l'idée « … »"). Each action opens a small form in
 * the item; when it closes, the focus goes back to the button that opened it, or, after a delete, to
 * the next idea.
 */
export function IdeaItem(props: IdeaItemProps) {
  const { idea, rights, destinations, dotsLine, vote, announce } = props
  const t = useMessages(messages)
  const { locale } = useLocale()
  const errorText = useErrorText()
  const id = useId()
  const itemRef = useRef<HTMLLIElement>(null)
  const [panel, setPanel] = useState<Panel>(null)
  const { busy, error, setError, run } = useAction()
  const [text, setText] = useState(idea.text)
  const [color, setColor] = useState(idea.color)
  const [destination, setDestination] = useState('')
  const name = shortText(idea.text) || t('emptyIdea')

  // A moved idea is a new item in another list: it takes back the focus its old copy had.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on mount and whenever a panel closes
  useEffect(() => {
    restoreFocus(itemRef.current)
  }, [panel])

  // Rights can end under an open form (the facilitator moved on to voting, or locked the board): the
  // form closes rather than offer what the server would refuse; the page's notice says why.
  useEffect(() => {
    if (panel && !rights[panel]) setPanel(null)
  }, [panel, rights])

  const open = (next: Exclude<Panel, null>) => {
    setError(undefined)
    if (next === 'edit') {
      setText(idea.text)
      setColor(idea.color)
    }
    if (next === 'move') setDestination('')
    setPanel(next)
  }

  const close = (focusOn: Exclude<Panel, null>) => {
    keepFocus(`${idea.id}:${focusOn}`)
    setError(undefined)
    setPanel(null)
  }

  const save = (event: FormEvent) => {
    event.preventDefault()
    const next = text.trim()
    if (!next) return setError(t('ideaEmpty'))
    const change: IdeaChange = {}
    if (next !== idea.text) change.text = next
    if (color !== idea.color) change.color = color
    if (!change.text && !change.color) return close('edit')
    void run(async () => {
      await props.onChange(idea.id, change)
      announce(t('saved', { text: shortText(next) }))
      close('edit')
    })
  }

  const flatDestinations = destinations.flatMap((group) => group.options)
  const move = (event: FormEvent) => {
    event.preventDefault()
    const target = flatDestinations.find((d) => d.value === destination)
    if (!target || target.value === currentPlace(idea)) return close('move')
    void run(async () => {
      keepFocus(`${idea.id}:move`)
      await props.onChange(idea.id, moveChange(idea, target))
      announce(t('moved', { text: name, place: props.placeName(target) }))
      close('move')
    })
  }

  const remove = () => {
    // Where the focus goes once the item is gone: the next idea, else the previous one, else the
    // heading of its list. Found now, while the item is still in the page.
    const item = itemRef.current
    const sibling = (item?.nextElementSibling ?? item?.previousElementSibling) as HTMLElement | null
    const heading = item?.closest('section')?.querySelector<HTMLElement>('h3')
    void run(async () => {
      await props.onDelete(idea.id)
      announce(t('deleted', { text: name }))
      const next = sibling?.isConnected ? sibling.querySelector<HTMLElement>('button') : null
      ;(next ?? heading)?.focus()
    })
  }

  const errorId = `${id}-error`
  const errorLine = !!error && (
    <p id={errorId} className="kp-error" role="alert">
      {errorText(error)}
    </p>
  )
  const describedBy = error ? errorId : undefined
  const current = currentPlace(idea)
  const badges = [
    idea.authorName ? t('by', { author: shownAuthorName(idea.authorName, locale) }) : '',
    idea.mine ? t('yours') : '',
    idea.private ? t('private') : '',
    idea.locked ? t('locked') : '',
    dotsLine ?? '',
  ].filter(Boolean)

  return (
    <li
      ref={itemRef}
      className="kp-idea"
      data-idea-id={idea.id}
      style={{ '--kp-accent': accentOf(idea.color) } as CSSProperties}
    >
      <p className="kp-idea-text">{idea.text.trim() ? idea.text : <em>{t('emptyIdea')}</em>}</p>
      {badges.length > 0 && <p className="kp-idea-meta">{badges.join(' · ')}</p>}
      {vote}
      {panels.some((action) => rights[action]) && (
        <div className="kp-actions">
          {panels
            .filter((action) => rights[action])
            .map((action) => (
              <button
                key={action}
                type="button"
                className={action === 'delete' ? 'kp-action kp-action-danger' : 'kp-action'}
                data-focus-key={`${idea.id}:${action}`}
                aria-expanded={panel === action}
                aria-controls={panel === action ? `${id}-panel` : undefined}
                onClick={() => (panel === action ? close(action) : open(action))}
              >
                {t(action)}
                <span className="visually-hidden">{t('about', { text: name })}</span>
              </button>
            ))}
        </div>
      )}

      {panel === 'edit' && (
        <form id={`${id}-panel`} className="kp-panel" onSubmit={save} noValidate>
          <label htmlFor={`${id}-text`}>{t('ideaText')}</label>
          <textarea
            id={`${id}-text`}
            rows={3}
            maxLength={IDEA_TEXT_MAX}
            // The person asked to edit: the text is where they want to be.
            // biome-ignore lint/a11y/noAutofocus: focus follows the person's own action
            autoFocus
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') close('edit')
            }}
          />
          <label htmlFor={`${id}-color`}>{t('color')}</label>
          <select id={`${id}-color`} value={color} onChange={(event) => setColor(event.currentTarget.value)}>
            {ideaColors.map((c) => (
              <option key={c} value={c}>
                {t(`color_${c}` as Parameters<typeof t>[0])}
              </option>
            ))}
          </select>
          {errorLine}
          <div className="kp-panel-buttons">
            <SubmitButton
              busy={busy}
              label={t('save')}
              busyLabel={t('saving')}
              className="kp-action kp-action-strong"
            />
            <button type="button" className="kp-action" onClick={() => close('edit')}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}

      {panel === 'move' && (
        <form id={`${id}-panel`} className="kp-panel" onSubmit={move} noValidate>
          <label htmlFor={`${id}-to`}>{t('moveTo')}</label>
          <select
            id={`${id}-to`}
            // biome-ignore lint/a11y/noAutofocus: focus follows the person's own action
            autoFocus
            value={destination || current}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => setDestination(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') close('move')
            }}
          >
            {destinations.map((group) => (
              <optgroup key={group.zoneName} label={group.zoneName}>
                {group.options.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.value === current ? t('here', { place: props.placeName(d) }) : props.placeName(d)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {errorLine}
          <div className="kp-panel-buttons">
            <button type="submit" className="kp-action kp-action-strong" disabled={busy}>
              {t('moveHere')}
            </button>
            <button type="button" className="kp-action" onClick={() => close('move')}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}

      {panel === 'delete' && (
        <fieldset
          id={`${id}-panel`}
          className="kp-panel"
          onKeyDown={(event) => {
            if (event.key === 'Escape') close('delete')
          }}
        >
          <legend>{t('deleteQuestion')}</legend>
          {errorLine}
          <div className="kp-panel-buttons">
            <button
              type="button"
              className="kp-action kp-action-danger-strong"
              disabled={busy}
              aria-describedby={describedBy}
              onClick={remove}
            >
              {t('deleteConfirm')}
            </button>
            <button
              type="button"
              className="kp-action"
              // biome-ignore lint/a11y/noAutofocus: the least harmful choice takes the focus first
              autoFocus
              onClick={() => close('delete')}
            >
              {t('cancel')}
            </button>
          </div>
        </fieldset>
      )}
    </li>
  )
}
