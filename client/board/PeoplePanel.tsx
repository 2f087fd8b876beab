import { createUserId, type Editor, useValue } from 'tldraw'
import { useMessages } from '../app/i18n.tsx'
import { session } from './board-state.ts'
import type { BoardConnection } from './connection.ts'
import { messages } from './messages.ts'
import type { Collaborator } from './presence.ts'

/**
 * Who is on the board: name, colour and role of each connected person, who is writing on a card, and a
 * "follow" button on each name (following stays on until stopped here or by panning).
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
  // One line per person: several tabs of one person show once.
  const people = new Map<string, Collaborator>()
  for (const c of collaborators) if (c.presence.user.id !== me.actorId) people.set(c.presence.user.id, c)

  return (
    <section className="kb-panel kb-people" aria-labelledby="kb-people-title">
      <h2 id="kb-people-title">{t('people', { count: people.size + 1 })}</h2>
      <ul>
        <li>
          <span className="kb-swatch" aria-hidden="true" style={{ background: '#12355b' }} />
          <span className="kb-person-name">
            {me.displayName} {t('you')}
          </span>
          <span className="kb-role">{t(`role_${me.role}`)}</span>
        </li>
        {[...people.values()].map(({ clientId, presence }) => {
          const userId = createUserId(presence.user.id)
          const isFollowed = following === userId
          return (
            <li key={clientId}>
              <span className="kb-swatch" aria-hidden="true" style={{ background: presence.user.color }} />
              <span className="kb-person-name">{presence.user.name}</span>
              <span className="kb-role">{t(`role_${presence.user.role}`)}</span>
              {presence.editingShapeId && <span className="kb-editing">✎ {t('editingCard')}</span>}
              <button
                type="button"
                className="kb-small"
                aria-pressed={isFollowed}
                aria-label={isFollowed ? t('unfollow') : t('followName', { name: presence.user.name })}
                onClick={() => (isFollowed ? editor.stopFollowingUser() : editor.startFollowingUser(userId))}
              >
                {isFollowed ? t('unfollow') : t('follow')}
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
