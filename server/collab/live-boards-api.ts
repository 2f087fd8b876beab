import type * as Y from 'yjs'
import type { Room } from './room.ts'

/**
 * What the rest of the server may do with live boards, whichever instance holds them. The collab
 * plugin decorates the app with an implementation (`app.liveBoards`); REST routes (ideas posted over
 * HTTP, facilitator controls, conversion) go through it so that a server-side change is validated,
 * persisted and broadcast exactly like a client's.
 */
export interface LiveBoards {
  /**
   * Applies a server-side change to the board in one Yjs transaction (origin: the server), loading the
   * board if no one has it open. The change is appended to the log and broadcast to every client on
   * every instance before the promise resolves. Throws if the board cannot be loaded.
   */
  change<T>(boardId: string, change: (doc: Y.Doc) => T): Promise<T>
  /** Reads the board's current document (loading it if needed) without changing it. */
  read<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T>
  /**
   * Runs `use` with the board's room held (loaded if needed), for what a plain read or change cannot
   * do: validation as a given sender, the room's board context, its connections. Changes made to
   * `room.doc` must be stored like `change` does (see live-boards.ts).
   */
  withRoom<T>(boardId: string, use: (room: Room) => Promise<T> | T): Promise<T>
}

declare module 'fastify' {
  interface FastifyInstance {
    liveBoards: LiveBoards
  }
}
