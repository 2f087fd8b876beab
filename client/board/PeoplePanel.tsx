import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState } from 'react'
import { createUserId, type Editor, useValue } from 'tldraw'
import { useMessages } from '../app/i18n.tsx'
import { session } from './board-state.ts'
import type { BoardConnection } from './connection.ts'
import { messages } from './messages.ts'
import { listPeople, type Person } from './people.ts'
import type { Collaborator } from './presence.ts'

/** Height of one row, in px (a 44 px target for the follow button with its gap). */
const ROW_HEIGHT = 48

/**
 * Who is on the board: counts by role, a search on names, and one row per person (name, colour, role,
 * who is writing on a card, a "follow" button). A room of 1,000 draws only the rows in view
 * (@tanstack/react-virtual, a well-kept virtualiser rather than code of our own), so the panel costs the
 * same with 50 people or 1,000.
 */
export function PeoplePanel({ editor, connection }: { editor: Editor; connection: BoardConnection }) {
  const t = useMessages(messages)
  const me = useValue('me', () => session.get(), [])
  const collaborators = useValue(
    'collaborators',
    () => connection.presence?.collaborators.get() ?? ([] as Collaborator[]),
    [connection],
  )
  const following = useValue('following', () => editor.getInstanceState().followingUserId, [editor])
  const [query, setQuery] = useState('')
  const { people, counts } = useMemo(
    () => listPeople(collaborators, me.actorId, query),
    [collaborators, me.actorId, query],
  )
  const scroller = useRef<HTMLDivElement>(null)
  const rows = useVirtualizer({
    count: people.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })
  const total = counts.facilitator + counts.participant + counts.observer + 1

  return (
    <section className="kb-panel kb-people" aria-labelledby="kb-people-title">
      <h2 id="kb-people-title">{t('people', { count: total })}</h2>
      <p className="kb-people-counts">
        {t('peopleByRole', {
          facilitators: counts.facilitator + (me.role === 'facilitator' ? 1 : 0),
          participants: counts.participant + (me.role === 'participant' ? 1 : 0),
          observers: counts.observer + (me.role === 'observer' ? 1 : 0),
        })}
      </p>
      <p className="kb-people-me">
        <span className="kb-swatch" aria-hidden="true" style={{ background: '#12355b' }} />
        <span className="kb-person-name">
          {me.displayName} {t('you')}
        </span>
        <span className="kb-role">{t(`role_${me.role}`)}</span>
      </p>
      <label className="kb-people-search">
        <span>{t('searchPeople')}</span>
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
      </label>
      {query.trim() !== '' && people.length === 0 && <p>{t('nobodyFound')}</p>}
      <div ref={scroller} className="kb-people-scroller">
        <ul style={{ height: rows.getTotalSize() }}>
          {rows.getVirtualItems().map((row) => (
            <PersonRow
              key={people[row.index]!.id}
              person={people[row.index]!}
              top={row.start}
              position={row.index + 1}
              of={people.length}
              followed={following === createUserId(people[row.index]!.id)}
              editor={editor}
            />
          ))}
        </ul>
      </div>
    </section>
  )
}

function PersonRow(props: {
  person: Person
  top: number
  position: number
  of: number
  followed: boolean
  editor: Editor
}) {
  const t = useMessages(messages)
  const { person, editor, followed } = props
  const presence = person.collaborator.presence
  return (
    <li
      aria-setsize={props.of}
      aria-posinset={props.position}
      style={{ position: 'absolute', top: props.top, left: 0, right: 0, height: ROW_HEIGHT }}
    >
      <span className="kb-swatch" aria-hidden="true" style={{ background: presence.user.color }} />
      <span className="kb-person-name">{person.name}</span>
      <span className="kb-role">{t(`role_${person.role}`)}</span>
      {presence.editingShapeId && <span className="kb-editing">✎ {t('editingCard')}</span>}
      <button
        type="button"
        className="kb-small"
        aria-pressed={followed}
        aria-label={followed ? t('unfollow') : t('followName', { name: person.name })}
        onClick={() =>
          followed ? editor.stopFollowingUser() : editor.startFollowingUser(createUserId(person.id))
        }
      >
        {followed ? t('unfollow') : t('follow')}
      </button>
    </li>
  )
}
