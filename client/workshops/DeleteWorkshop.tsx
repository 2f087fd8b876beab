import { apiRequest } from '../app/api.ts'
import { DeleteSection } from '../app/DeleteAction.tsx'
import { navigateWithNotice } from '../app/flash-notice.tsx'
import { useMessages } from '../app/i18n.tsx'
import { messages } from './messages.ts'
import type { Workshop } from './workshop.ts'

/**
 * The workshop page's delete section: DELETE /api/workshops/:id after a confirmation, then the
 * dashboard, where the workshop is gone, with a notice. The server decides who may (its facilitators
 * and the council's administrators); another member sees its refusal in the dialog.
 */
export function DeleteWorkshop({ workshop }: { workshop: Pick<Workshop, 'id' | 'title'> }) {
  const t = useMessages(messages)
  return (
    <DeleteSection
      heading={t('deleteZoneTitle')}
      intro={t('deleteZoneIntro')}
      label={t('deleteWorkshop')}
      title={t('deleteWorkshopQuestion', { title: workshop.title })}
      confirmLabel={t('deleteWorkshopConfirm')}
      testId="delete-workshop"
      onConfirm={async () => {
        await apiRequest('DELETE', `/api/workshops/${encodeURIComponent(workshop.id)}`)
        navigateWithNotice('/', t('workshopDeleted', { title: workshop.title }))
      }}
    >
      <p>{t('deleteWorkshopWhat')}</p>
      <p>{t('deleteWorkshopKeeps')}</p>
    </DeleteSection>
  )
}
