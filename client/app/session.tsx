import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import type { Me } from '../../shared/api/auth.ts'
import { ApiError, apiGet, apiPost } from './api.ts'

/** Who is signed in, as `GET /api/auth/me` says. */
export type { Me }

export interface SessionValue {
  /** undefined while the first answer is awaited; null when nobody is signed in. */
  me: Me | null | undefined
  /** Asks the server again (after a join, for instance). */
  refresh: () => Promise<Me | null>
  /** Records the answer of a log-in or sign-up, which is the same shape as /api/auth/me. */
  setMe: (me: Me | null) => void
  /** Ends the session on the server and here. */
  logout: () => Promise<void>
}

const SessionContext = createContext<SessionValue | null>(null)

async function fetchMe(): Promise<Me | null> {
  try {
    return await apiGet<Me>('/api/auth/me')
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null
    throw error
  }
}

/** Loads the session once at start and shares it with every page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined)

  const refresh = useCallback(async () => {
    try {
      const next = await fetchMe()
      setMe(next)
      return next
    } catch {
      // The server is unreachable: behave as signed out; pages show their own errors on their calls.
      setMe(null)
      return null
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const logout = useCallback(async () => {
    await apiPost('/api/auth/logout')
    setMe(null)
  }, [])

  const value = useMemo(() => ({ me, refresh, setMe, logout }), [me, refresh, logout])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

/** The session shared by SessionProvider. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession() needs <SessionProvider> above it')
  return value
}
