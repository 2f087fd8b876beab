import type * as Y from 'yjs'
import type { Room } from './room.ts'
import type { ApplyAsSenderResult, UpdateSender } from './validation.ts'

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
  /**
   * A change made in a person's name (an HTTP request of theirs): like `change`, but reviewed in the
   * same transaction under `sender`'s rights exactly as their live updates are (validation.ts
   * `applyAsSender`): author fields, phase, limits, silent writing, anonymity. What the review undid is
   * in `refusals`; the caller answers from them.
   */
  changeAs<T>(
    boardId: string,
    sender: UpdateSender,
    change: (doc: Y.Doc) => T,
  ): Promise<ApplyAsSenderResult<T>>
  /** Reads the board's current document (loading it if needed) without changing it. */
  read<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T>
  /**
   * Runs `use` with the board's room held (loaded if needed), for what a plain read or change cannot
   * do: validation as a given sender, the room's board context, its connections. Changes made to
   * `room.doc` must be stored like `change` does (see live-boards.ts).
   */
  withRoom<T>(boardId: string, use: (room: Room) => Promise<T> | T): Promise<T>
  /**
   * Actor ids (user or guest ids, as the server vouches for them in presence) connected to the board
   * now, on any instance; empty when no instance here holds the board. Does not load the board.
   */
  onlineActors(boardId: string): Set<string>
  /**
   * Someone's dots changed: tells that person's connections and the facilitators' (on every instance)
   * to read the votes again (personal message `{kind: 'votes'}`). Never carries the dots themselves.
   */
  notifyVotes(boardId: string, actorId: string): void
  /**
   * Silent writing ends: moves every private idea of the board into the shared document at once
   * (stored like any change) and empties the private store; resolves with how many were revealed.
   */
  revealPrivateIdeas(boardId: string): Promise<number>
}

declare module 'fastify' {
  interface FastifyInstance {
    liveBoards: LiveBoards
  }
}
