import type { ProjectRecord } from '../../shared/projects/record.ts'
import { DeleteSection } from '../app/DeleteAction.tsx'
import { navigateWithNotice } from '../app/flash-notice.tsx'
import { useMessages } from '../app/i18n.tsx'
import { projectsApi } from './api.ts'
import { messages } from './messages.ts'

/**
 * The record page's delete section: DELETE /api/projects/:id after a confirmation (history and actor
 * links go with it, the actors stay), then the list of records with a notice.
 */
export function DeleteRecord({ record }: { record: Pick<ProjectRecord, 'id' | 'title'> }) {
  const t = useMessages(messages)
  return (
    <DeleteSection
      heading={t('deleteRecordZone')}
      label={t('deleteRecord')}
      title={t('deleteRecordQuestion', { title: record.title })}
      confirmLabel={t('deleteRecordConfirm')}
      testId="delete-record"
      onConfirm={async () => {
        await projectsApi.remove(record.id)
        navigateWithNotice('/projets', t('recordDeleted', { title: record.title }))
      }}
    >
      <p>{t('deleteRecordWhat')}</p>
    </DeleteSection>
  )
}
