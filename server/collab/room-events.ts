import type { PersonalMessage, PrivateIdeaRecord } from '../../shared/collab/messages.ts'
import type { ShapeAuthor } from './board-context.ts'

/**
 * What one instance tells the others about a board besides updates and presence (Redis fan-out kind
 * `event`, a JSON body). Each instance keeps its own copy of the board's private side (authorship,
 * private ideas) and pushes personal messages to its own connections; these events keep the copies in
 * step, so a facilitator on instance B hears of a private idea written on A.
 *
 * Only the instance where a change happened stores it (board-context-writer.ts): the others apply it
 * in memory. Like everything on Redis they may be lost; an instance re-reads the private side from the
 * database after a possible loss (fanout.ts).
 */
export type RoomEvent =
  /** Deliver a personal message to `actorId`'s connections and/or the facilitators'. */
  | { type: 'personal'; actorId?: string; facilitators?: boolean; message: PersonalMessage }
  /** Changes to the private side made on the sending instance. */
  | {
      type: 'context'
      /** New authorship: [shape id, actor id, display name]. */
      authors?: [string, string, string][]
      /** Private ideas created or changed, with their author. */
      put?: { idea: PrivateIdeaRecord; author: ShapeAuthor }[]
      /** Private ideas deleted. */
      deleted?: string[]
    }
  /** Silent writing ended: these private ideas are now in the document (the sender stored them). */
  | { type: 'revealed'; ids: string[] }
  /**
   * People were erased (server/erasure/): their authorship and private ideas are credited to nobody, or
   * their private ideas dropped (`removeIdeas`); the sender rewrites the rows.
   */
  | { type: 'erased'; actorIds: string[]; removeIdeas: boolean }

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function encodeRoomEvent(event: RoomEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event))
}

/** Reads an event; undefined for one this version does not know (a newer instance may send more). */
export function decodeRoomEvent(payload: Uint8Array): RoomEvent | undefined {
  const event = JSON.parse(decoder.decode(payload)) as RoomEvent
  if (typeof event !== 'object' || event === null) throw new Error('room event is not an object')
  return event.type === 'personal' ||
    event.type === 'context' ||
    event.type === 'revealed' ||
    event.type === 'erased'
    ? event
    : undefined
}
