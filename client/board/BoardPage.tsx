import { useEffect, useState } from 'react'
import { ApiError, apiGet } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { type Me, useSession } from '../app/session.tsx'
import { useDocumentTitle } from '../app/ui.tsx'
import { findWorkshopOfBoard } from '../app/workshop-of-board.ts'
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

/** Finds the workshop of `boardId` for whoever is signed in, with the codes to invite others. */
export async function loadBoardContext(
  boardId: string,
  signal?: AbortSignal,
): Promise<BoardContext | 'denied'> {
  let me: Me
  try {
    me = await apiGet<Me>('/api/auth/me', signal)
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return 'denied'
    throw error
  }
  const found = await findWorkshopOfBoard(me, boardId, signal)
  if (found === 'denied') return 'denied'
  const { workshop } = found
  return {
    workshopId: workshop.id,
    boardId,
    title: workshop.title,
    role: found.role,
    actorId: found.actorId,
    displayName: me.displayName,
    codes:
      'joinCode' in workshop ? { joinCode: workshop.joinCode, observerCode: workshop.observerCode } : null,
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
