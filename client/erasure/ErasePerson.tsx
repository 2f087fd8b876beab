import { useId, useState } from 'react'
import type { ErasureResult } from '../../shared/api/privacy.ts'
import { apiPost } from '../app/api.ts'
import { DeleteAction } from '../app/DeleteAction.tsx'
import { useMessages } from '../app/i18n.tsx'
import { messages } from './messages.ts'
import './erase-person.css'

/**
 * "Effacer cette personne" (POST /api/council/erasure, council administrators): a guest of a workshop
 * or a member of the council leaves every board, snapshot and project record. The confirmation says what
 * will happen and asks what becomes of the person's ideas: kept, credited to "Participant·e anonyme"
 * (the default), or removed as the person asked. The dialog is the app's one confirmation of what
 * cannot be undone (DeleteAction).
 */
export function ErasePerson(props: {
  kind: 'guest' | 'member'
  /** The guest id or the member's user id. */
  id: string
  name: string
  /** Called with what changed once the person is erased (the list reloads). */
  onErased: (result: ErasureResult) => void
}) {
  const t = useMessages(messages)
  const [removeIdeas, setRemoveIdeas] = useState(false)
  const group = useId()
  const erase = async () => {
    const body = props.kind === 'guest' ? { guestId: props.id } : { userId: props.id }
    props.onErased(await apiPost<ErasureResult>('/api/council/erasure', { ...body, removeIdeas }))
  }
  return (
    <DeleteAction
      label={t('erase')}
      title={t('title', { name: props.name })}
      confirmLabel={t('confirm')}
      onConfirm={erase}
      className="button button-quiet erase-person"
      testId={`erase-${props.id}`}
    >
      <p>{props.kind === 'guest' ? t('guestIntro') : t('memberIntro')}</p>
      <fieldset className="erase-ideas">
        <legend>{t('ideasLegend')}</legend>
        <label>
          <input type="radio" name={group} checked={!removeIdeas} onChange={() => setRemoveIdeas(false)} />
          <span>{t('keepIdeas')}</span>
        </label>
        <label>
          <input type="radio" name={group} checked={removeIdeas} onChange={() => setRemoveIdeas(true)} />
          <span>{t('removeIdeas')}</span>
        </label>
      </fieldset>
    </DeleteAction>
  )
}
