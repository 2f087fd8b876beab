import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { type LiveBoard, type LiveSnapshot, openLiveBoard } from './live-board.ts'

/**
 * The live board of `boardId` while the component is shown; null before it opens or while `boardId` is
 * null (the session is not known yet). Each snapshot is a new object, so React renders only when the
 * board changed.
 */
export function useLiveBoard(boardId: string | null): LiveSnapshot | null {
  const [board, setBoard] = useState<LiveBoard | null>(null)
  useEffect(() => {
    if (!boardId) return
    const opened = openLiveBoard(boardId)
    setBoard(opened)
    return () => {
      setBoard(null)
      opened.dispose()
    }
  }, [boardId])
  const subscribe = useCallback((listener: () => void) => board?.subscribe(listener) ?? (() => {}), [board])
  const getSnapshot = useCallback(() => board?.getSnapshot() ?? null, [board])
  return useSyncExternalStore(subscribe, getSnapshot)
}
