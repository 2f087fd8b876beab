import type { CouncilView } from '../../shared/api/auth.ts'
import { apiGet } from '../app/api.ts'
import { useSession } from '../app/session.tsx'
import { useLoad } from '../app/use-load.ts'

/**
 * Whether the signed-in account administers its council (erasure is theirs alone): read from the
 * council's members list, as the council page does. False while loading or for anyone else.
 */
export function useCouncilAdmin(): boolean {
  const { me } = useSession()
  const account = me?.kind === 'account'
  const { data } = useLoad(
    (signal) => (account ? apiGet<CouncilView>('/api/council', signal) : undefined),
    [account],
  )
  return data?.members.some((m) => m.id === me?.userId && m.role === 'admin') ?? false
}
