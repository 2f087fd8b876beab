import type { Contract } from '../../shared/api/contracts.ts'
import { apiGet } from '../app/api.ts'
import { showNotice } from '../app/flash-notice.tsx'
import { useMessages } from '../app/i18n.tsx'
import { navigate, type PageProps } from '../app/router.tsx'
import { ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { bodyOf, CallForm } from './CallForm.tsx'
import { callsApi } from './calls-api.ts'
import { callMessages } from './messages.ts'
import './calls.css'

/** `/appels/nouveau` (`?contrat=`) and `/appels/gestion/:id/modifier`: a call's form. */
export default function CallEditPage({ params, query }: PageProps) {
  const t = useMessages(callMessages)
  const editing = params.id !== undefined
  useDocumentTitle(editing ? t('editTitle') : t('newTitle'))
  const contracts = useLoad((signal) => apiGet<Contract[]>('/api/contracts', signal), [])
  const call = useLoad((signal) => (editing ? callsApi.get(params.id!, signal) : undefined), [params.id])
  const error = contracts.error ?? call.error
  const ready = contracts.data && (!editing || call.data)

  return (
    <div className="page">
      <h1>{editing ? t('editTitle') : t('newTitle')}</h1>
      <ErrorAlert error={error} />
      {!ready ? (
        !error && <Loading />
      ) : call.data?.state === 'closed' ? (
        <p className="notice">{t('closedNoEdit')}</p>
      ) : (
        <CallForm
          contracts={contracts.data!}
          call={call.data}
          initialContractId={query.get('contrat') ?? undefined}
          submitLabel={editing ? t('save') : t('create')}
          onSubmit={async (draft) => {
            const { contractId, ...patch } = bodyOf(draft)
            const saved = editing
              ? await callsApi.update(params.id!, patch)
              : await callsApi.create({ contractId, ...patch })
            showNotice(saved.title)
            navigate(`/appels/gestion/${saved.id}`)
          }}
        />
      )}
    </div>
  )
}
