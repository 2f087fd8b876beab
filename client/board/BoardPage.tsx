import { useEffect, useState } from 'react'
import { ApiError, apiGet } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { useDocumentTitle } from '../app/ui.tsx'
import { BoardView } from './BoardView.tsx'
import { messages } from './messages.ts'
import type { BoardRole } from './presence.ts'

/** What the board page needs to know about the workshop behind a board. */
export interface BoardContext {
  workshopId: string
  boardId: string
  title: string
  role: BoardRole
  actorId: string
  displayName: string
  codes: { joinCode: string; observerCode: string } | null
}

interface WorkshopAnswer {
  id: string
  boardId: string
  title: string
  role: 'facilitator' | 'member' | 'participant' | 'observer'
  isFacilitator?: boolean
  joinCode?: string
  observerCode?: string
}

/**
 * Finds the workshop of `boardId` for whoever is signed in: a guest's session names its workshop; an
 * account looks through its council's workshops. (A `GET /api/boards/:boardId` would save the list.)
 */
export async function loadBoardContext(
  boardId: string,
  signal?: AbortSignal,
): Promise<BoardContext | 'denied'> {
  let me: { kind: string; displayName: string; userId?: string; guestId?: string; workshopId?: string }
  try {
    me = await apiGet('/api/auth/me', signal)
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return 'denied'
    throw error
  }
  let workshopId: string | undefined
  if (me.kind === 'guest') workshopId = me.workshopId
  else {
    const list = await apiGet<WorkshopAnswer[]>('/api/workshops', signal)
    workshopId = list.find((w) => w.boardId === boardId)?.id
  }
  if (!workshopId) return 'denied'
  let workshop: WorkshopAnswer
  try {
    workshop = await apiGet<WorkshopAnswer>(`/api/workshops/${workshopId}`, signal)
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return 'denied'
    throw error
  }
  if (workshop.boardId !== boardId) return 'denied'
  const role: BoardRole =
    workshop.role === 'facilitator' || workshop.isFacilitator
      ? 'facilitator'
      : workshop.role === 'observer'
        ? 'observer'
        : 'participant'
  return {
    workshopId,
    boardId,
    title: workshop.title,
    role,
    actorId: (me.kind === 'guest' ? me.guestId : me.userId) ?? '',
    displayName: me.displayName,
    codes:
      workshop.joinCode && workshop.observerCode
        ? { joinCode: workshop.joinCode, observerCode: workshop.observerCode }
        : null,
  }
}

/**
 * `/tableau/:boardId`: the live board of a workshop. The fullscreen layout already gives the page its
 * `<main>` landmark, so nothing here is another one.
 */
export default function BoardPage({ params }: PageProps) {
  const t = useMessages(messages)
  const { me } = useSession()
  const boardId = params.boardId ?? ''
  const [context, setContext] = useState<BoardContext | 'denied' | 'error' | null>(null)
  useDocumentTitle(context && typeof context === 'object' ? context.title : undefined)

  useEffect(() => {
    if (me === undefined) return
    const abort = new AbortController()
    loadBoardContext(boardId, abort.signal).then(
      (next) => setContext(next),
      (error) => {
        if (!abort.signal.aborted) {
          console.error(error)
          setContext('error')
        }
      },
    )
    return () => abort.abort()
  }, [boardId, me])

  if (context === null)
    return (
      <div className="kb-message" aria-busy="true">
        <p>{t('loading')}</p>
      </div>
    )
  if (context === 'denied' || context === 'error')
    return (
      <div className="kb-message">
        <p role="alert">{context === 'denied' ? t('notAllowed') : t('loadFailed')}</p>
        <a href="/rejoindre">{t('joinLink')}</a>
      </div>
    )
  return (
    <BoardView
      boardId={context.boardId}
      workshopId={context.workshopId}
      title={context.title}
      actorId={context.actorId}
      displayName={context.displayName}
      role={context.role}
      codes={context.codes}
    />
  )
}
