import { apiRequest } from '../app/api.ts'
import { DeleteSection } from '../app/DeleteAction.tsx'
import { navigateWithNotice } from '../app/flash-notice.tsx'
import { useMessages } from '../app/i18n.tsx'
import type { Contract } from './contract.ts'
import { messages } from './messages.ts'

/**
 * The contract page's delete section: DELETE /api/contracts/:id after a confirmation, then the
 * dashboard with a notice. While workshops or records use the contract the server answers 409
 * contract_in_use, which the dialog says (with how many of each).
 */
export function DeleteContract({ contract }: { contract: Pick<Contract, 'id' | 'title'> }) {
  const t = useMessages(messages)
  return (
    <DeleteSection
      heading={t('deleteZoneTitle')}
      intro={t('deleteZoneIntro')}
      label={t('deleteContract')}
      title={t('deleteContractQuestion', { title: contract.title })}
      confirmLabel={t('deleteContractConfirm')}
      testId="delete-contract"
      onConfirm={async () => {
        await apiRequest('DELETE', `/api/contracts/${encodeURIComponent(contract.id)}`)
        navigateWithNotice('/', t('contractDeleted', { title: contract.title }))
      }}
    >
      <p>{t('deleteContractWhat')}</p>
    </DeleteSection>
  )
}
