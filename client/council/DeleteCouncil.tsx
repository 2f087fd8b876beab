import { apiRequest } from '../app/api.ts'
import { DeleteSection } from '../app/DeleteAction.tsx'
import { navigateWithNotice } from '../app/flash-notice.tsx'
import { useMessages } from '../app/i18n.tsx'
import { useSession } from '../app/session.tsx'
import { messages } from './messages.ts'

/**
 * The council page's delete section, for administrators: DELETE /api/council with the council's name
 * typed as confirmation (the delete button stays disabled until it matches). Every session of the
 * council ends, this one too: the page forgets who was signed in and goes to the home page, with a notice.
 */
export function DeleteCouncil({ council }: { council: { name: string } }) {
  const t = useMessages(messages)
  const { setMe } = useSession()
  return (
    <DeleteSection
      heading={t('deleteZoneTitle')}
      intro={t('deleteZoneIntro')}
      label={t('deleteCouncil')}
      title={t('deleteCouncilQuestion', { name: council.name })}
      confirmLabel={t('deleteCouncilConfirm')}
      typedName={{ label: t('deleteCouncilType', { name: council.name }), expected: council.name }}
      testId="delete-council"
      onConfirm={async (typed) => {
        await apiRequest('DELETE', '/api/council', { confirm: typed })
        // Leave the members' page before forgetting the session, so it does not send us to log in.
        navigateWithNotice('/', t('councilDeleted', { name: council.name }))
        setMe(null)
      }}
    >
      <p>{t('deleteCouncilWhat')}</p>
    </DeleteSection>
  )
}
