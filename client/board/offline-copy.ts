import { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'

/**
 * A copy of the board's document in this browser's IndexedDB (y-indexeddb, the Yjs project's own
 * provider: why not code of our own), so edits made offline survive a reload or a discarded tab: when
 * the page opens again, the copy is loaded into the document and the y-websocket sync sends the server
 * whatever it lacks, which reviews it like any edit. Private ideas, dots and authorship never enter the
 * document, so the copy holds nothing the person could not already see on screen.
 *
 * When the server closes the board for good (access revoked, removed from the workshop) the copy is
 * erased: it must not outlive the right to see the board on a shared device.
 */
export interface OfflineCopy {
  /** Stops copying (the page leaves the board); the copy stays for next time. */
  dispose(): void
  /** Erases the copy. */
  forget(): void
}

const none: OfflineCopy = { dispose() {}, forget() {} }

export function keepOfflineCopy(boardId: string, doc: Y.Doc): OfflineCopy {
  // No IndexedDB (tests in Node, some private modes): the board works without a copy.
  if (typeof indexedDB === 'undefined') return none
  let persistence: IndexeddbPersistence
  try {
    persistence = new IndexeddbPersistence(`kenlabour:board:${boardId}`, doc)
  } catch {
    return none
  }
  return {
    dispose() {
      void persistence.destroy()
    },
    forget() {
      void persistence.clearData()
    },
  }
}
