import { DeleteAction } from '../app/DeleteAction.tsx'
import { showNotice } from '../app/flash-notice.tsx'
import { useMessages } from '../app/i18n.tsx'
import { projectsApi } from './api.ts'
import { messages } from './messages.ts'

/**
 * An actor's delete button on the actors list, offered for actors that no record names (the server
 * answers 409 actor_in_use otherwise, shown in the dialog if a record named it meanwhile). The list
 * reloads and says what went.
 */
export function DeleteActor({
  actor,
  onDeleted,
}: {
  actor: { id: string; name: string }
  onDeleted: () => void
}) {
  const t = useMessages(messages)
  return (
    <DeleteAction
      label={t('deleteActor', { name: actor.name })}
      title={t('deleteActorQuestion', { name: actor.name })}
      confirmLabel={t('deleteActorConfirm')}
      testId={`delete-actor-${actor.id}`}
      className="button button-secondary"
      onConfirm={async () => {
        await projectsApi.removeActor(actor.id)
        showNotice(t('actorDeleted', { name: actor.name }))
        onDeleted()
      }}
    >
      <p>{t('deleteActorWhat')}</p>
    </DeleteAction>
  )
}
