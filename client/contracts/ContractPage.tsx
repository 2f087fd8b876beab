import { apiGet } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { Link, type PageProps } from '../app/router.tsx'
import { Breadcrumb, ErrorAlert, Loading, useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { callMessages } from '../calls/messages.ts'
import { WaitingIdeas } from '../continuity/WaitingIdeas.tsx'
import { ContractProgress } from '../evaluation/ContractProgress.tsx'
import type { Contract } from './contract.ts'
import { DeleteContract } from './DeleteContract.tsx'
import { messages } from './messages.ts'

/** `/contrats/:id`: one contract, its priorities and fiches-actions, and a way to start a workshop on it. */
export default function ContractPage({ params }: PageProps) {
  const t = useMessages(messages)
  const tc = useMessages(callMessages)
  const { data: contract, error } = useLoad(
    (signal) => apiGet<Contract>(`/api/contracts/${encodeURIComponent(params.id!)}`, signal),
    [params.id],
  )
  useDocumentTitle(contract?.title ?? t('contractTitle'))

  if (error)
    return (
      <div className="page">
        <h1>{t('contractTitle')}</h1>
        <ErrorAlert error={error} />
        <Link to="/">{t('backToDashboard')}</Link>
      </div>
    )
  if (!contract) return <Loading />

  return (
    <div className="page">
      <Breadcrumb to="/">{t('backToDashboard')}</Breadcrumb>
      <h1>{contract.title}</h1>
      <ul className="facts">
        {contract.territory && <li>{t('territoryLine', { territory: contract.territory })}</li>}
        {contract.period && <li>{t('periodLine', { period: contract.period })}</li>}
      </ul>
      <p>
        <Link className="button" to={`/ateliers/nouveau?contrat=${encodeURIComponent(contract.id)}`}>
          {t('newWorkshop')}
        </Link>{' '}
        <Link
          className="button button-secondary"
          to={`/appels/gestion?contrat=${encodeURIComponent(contract.id)}`}
        >
          {tc('contractCalls')}
        </Link>
      </p>
      <h2>{t('priorities')}</h2>
      <ol className="priority-list">
        {(contract.priorities ?? []).map((priority) => (
          <li key={priority.code} className="card">
            <h3>
              <span className="code">{priority.code}</span> {priority.title}
            </h3>
            {priority.description && <p>{priority.description}</p>}
            {priority.actions.length > 0 ? (
              <ul className="action-list">
                {priority.actions.map((action) => (
                  <li key={action.code}>
                    <span className="code">{action.code}</span> {action.title}
                    {action.description && <p className="hint">{action.description}</p>}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">{t('noActions')}</p>
            )}
          </li>
        ))}
      </ol>
      <ContractProgress contractId={contract.id} />
      <WaitingIdeas contractId={contract.id} />
      <DeleteContract contract={contract} />
    </div>
  )
}
