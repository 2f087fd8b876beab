/**
 * What the pages that lead to a board (join, workshop) know about it, kept for the board page in
 * sessionStorage: the board page can show the workshop's title and the visitor's role at once, before
 * (or without) asking the server.
 */
export interface BoardInfo {
  boardId: string
  workshopId: string
  title: string
  role: 'facilitator' | 'member' | 'participant' | 'observer'
}

const key = (boardId: string) => `kenlabour.board.${boardId}`

/** Remembers `info` for this tab. */
export function rememberBoard(info: BoardInfo): void {
  try {
    sessionStorage.setItem(key(info.boardId), JSON.stringify(info))
  } catch {
    // Storage disabled: the board page asks the server instead.
  }
}

/** What was remembered about `boardId` in this tab, if anything. */
export function recalledBoard(boardId: string): BoardInfo | undefined {
  try {
    const text = sessionStorage.getItem(key(boardId))
    return text ? (JSON.parse(text) as BoardInfo) : undefined
  } catch {
    return undefined
  }
}
