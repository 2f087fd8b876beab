import { useEffect, useState } from 'react'
import { apiGet } from '../../app/api.ts'
import { useMessages } from '../../app/i18n.tsx'
import { Link, type PageProps } from '../../app/router.tsx'
import { useSession } from '../../app/session.tsx'
import { Loading, useDocumentTitle } from '../../app/ui.tsx'
import type { Workshop } from '../workshops/workshop.ts'
import { type BoardInfo, recalledBoard } from './board-info.ts'
import { messages } from './messages.ts'

/**
 * `/tableau/:boardId`: placeholder for the live board (the board work replaces this page). It shows the
 * workshop's title and the visitor's role, from what the join or workshop page remembered, else from the
 * session (guests) or the council's workshops (accounts).
 */
export default function BoardPage({ params }: PageProps) {
  const t = useMessages(messages)
  const boardId = params.boardId!
  const { me } = useSession()
  const [info, setInfo] = useState<BoardInfo | null | undefined>(() => recalledBoard(boardId))
  useDocumentTitle(info?.title || t('title'))

  useEffect(() => {
    if (info || me === undefined) return
    const controller = new AbortController()
    const show = (found: BoardInfo | null) => !controller.signal.aborted && setInfo(found)
    if (me?.kind === 'account') {
      apiGet<Workshop[]>('/api/workshops', controller.signal).then(
        (list) => {
          const found = list.find((w) => w.boardId === boardId)
          show(
            found
              ? {
                  boardId,
                  workshopId: found.id,
                  title: found.title,
                  role: found.isFacilitator ? 'facilitator' : 'member',
                }
              : null,
          )
        },
        () => show(null),
      )
    } else if (me?.kind === 'guest' && me.workshopId) {
      // A guest may read their own workshop: title and role, no codes.
      apiGet<Workshop & { role: 'participant' | 'observer' }>(
        `/api/workshops/${encodeURIComponent(me.workshopId)}`,
        controller.signal,
      ).then(
        (found) =>
          show(
            found.boardId === boardId
              ? { boardId, workshopId: found.id, title: found.title, role: found.role }
              : null,
          ),
        () => show(null),
      )
    } else setInfo(null)
    return () => controller.abort()
  }, [info, me, boardId])

  if (info === undefined) return <Loading />
  return (
    <div className="board-placeholder">
      <header className="board-bar">
        <Link to="/" className="brand">
          Kenlabour
        </Link>
        {info && <h1>{info.title || t('workshop')}</h1>}
      </header>
      <div className="page page-narrow">
        {info ? (
          <>
            <p data-testid="board-role">{t('role', { role: t(`role_${info.role}`) })}</p>
            <p className="notice">{t('placeholder')}</p>
          </>
        ) : (
          <>
            <h1>{t('title')}</h1>
            <p className="alert" role="alert">
              {t('noAccess')}
            </p>
            <p>
              <Link className="button" to="/rejoindre">
                {t('join')}
              </Link>
            </p>
          </>
        )}
      </div>
    </div>
  )
}
