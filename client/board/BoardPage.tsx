import { useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { type Me, useSession } from '../app/session.tsx'
import { useDocumentTitle } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { findWorkshopOfBoard } from '../app/workshop-of-board.ts'
import { BoardView, type BoardViewProps } from './BoardView.tsx'
import { messages } from './messages.ts'

/** What the board page needs to know about the workshop behind a board: what the board view takes. */
export type BoardContext = BoardViewProps

/** Finds the workshop of `boardId` for whoever is signed in, with the codes to invite others. */
export async function loadBoardContext(
  me: Me | null,
  boardId: string,
  signal?: AbortSignal,
): Promise<BoardContext | 'denied'> {
  if (!me) return 'denied'
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
  // Once the session is read: whoever is signed in (or nobody) and the board's workshop.
  const loaded = useLoad(
    (signal) => (me === undefined ? undefined : loadBoardContext(me, boardId, signal)),
    [boardId, me],
  )
  const context = loaded.error ? 'error' : (loaded.data ?? null)
  useDocumentTitle(context && typeof context === 'object' ? context.title : undefined)

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
  return <BoardView {...context} />
}
