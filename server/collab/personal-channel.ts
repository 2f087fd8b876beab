import {
  encodeJsonMessage,
  MessageType,
  type PersonalMessage,
  type PrivateIdeaRecord,
  type VouchedUser,
} from '../../shared/collab/messages.ts'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import type { ShapeAuthor } from './board-context.ts'
import type { LiveBoardContext } from './live-board-context.ts'
import type { RoomClient } from './room.ts'

/** Changes within this window reach a person as one message. */
const PUSH_DELAY_MS = 50
/**
 * Facilitators receive every private idea in one list: with thousands of them, a list per 50 ms would
 * be megabytes a second per facilitator. Their list is sent at most every `ideas / 5` ms, between 50 ms
 * and 1 s (5,000 ideas, the board's limit: once a second).
 */
function facilitatorListGapMs(ideas: number): number {
  return Math.min(1_000, Math.max(PUSH_DELAY_MS, ideas / 5))
}

/** Who a personal message is for, on this instance. */
export interface PersonalRecipients {
  /** Every connection of this person. */
  actorId?: string
  /** Every facilitator's connection. */
  facilitators?: boolean
}

/**
 * The personal channel of one room on this instance: messages of type `personal` (101) to the
 * connections of one person or of the facilitators, never to everyone.
 *
 * What changes often (new private ideas, new shapes) is coalesced: changes mark who must hear, and one
 * push per window sends each person their list, encoded once per person (once for all facilitators).
 * Other instances push to their own connections from their own copy of the private side (room-events.ts).
 */
export class PersonalChannel {
  readonly #connections: ReadonlySet<RoomClient>
  readonly #context: LiveBoardContext
  readonly #live: () => Pick<WorkshopLiveState, 'anonymous' | 'privateIdeation'>
  readonly #sent: (count: number) => void
  /** Actor id → shapes created since the last push. */
  #authored = new Map<string, string[]>()
  /** Shape id → author name since the last push (for facilitators of an anonymous workshop). */
  #authoredNames: Record<string, string> = {}
  /** Authors whose private ideas changed since the last push. */
  #privateDirty = new Set<string>()
  #facilitatorsDirty = false
  #facilitatorListAt = Number.NEGATIVE_INFINITY
  #timer: NodeJS.Timeout | null = null
  #destroyed = false

  constructor(
    connections: ReadonlySet<RoomClient>,
    context: LiveBoardContext,
    live: () => Pick<WorkshopLiveState, 'anonymous' | 'privateIdeation'>,
    sent: (count: number) => void = () => {},
  ) {
    this.#connections = connections
    this.#context = context
    this.#live = live
    this.#sent = sent
  }

  /** Sends `message` to the recipients' connections on this instance (encoded once); how many got it. */
  send(message: PersonalMessage, to: PersonalRecipients): number {
    let bytes: Uint8Array | null = null
    let count = 0
    for (const connection of this.#connections) {
      const { actorId, role } = connection.sender
      if (actorId !== to.actorId && !(to.facilitators && role === 'facilitator')) continue
      bytes ??= encodeJsonMessage(MessageType.personal, message)
      connection.send(bytes)
      count += 1
    }
    this.#sent(count)
    return count
  }

  /**
   * What a connection learns on joining: the identity the server vouches for, the shapes its person
   * created (and, for facilitators of an anonymous workshop, every shape's author), and its private
   * ideas while silent writing is on or any are left.
   */
  welcome(connection: RoomClient, user: VouchedUser): void {
    const { actorId, role } = connection.sender
    const live = this.#live()
    const messages: PersonalMessage[] = [{ kind: 'identity', user }]
    const authorship: PersonalMessage = { kind: 'authorship', own: this.#context.ownShapes(actorId) }
    if (role === 'facilitator' && live.anonymous) authorship.authors = this.#context.authorNames()
    messages.push(authorship)
    if (role !== 'observer') {
      const ideas =
        role === 'facilitator'
          ? this.#context.allPrivateIdeas().map((s) => s.idea)
          : this.#context.privateIdeasOf(actorId)
      if (live.privateIdeation || ideas.length > 0) messages.push({ kind: 'privateIdeas', ideas })
    }
    for (const message of messages) connection.send(encodeJsonMessage(MessageType.personal, message))
    this.#sent(messages.length)
  }

  /** `author` created `shapeId`: they (and facilitators of an anonymous workshop) hear of it soon. */
  authored(shapeId: string, author: ShapeAuthor): void {
    const own = this.#authored.get(author.actorId)
    if (own) own.push(shapeId)
    else this.#authored.set(author.actorId, [shapeId])
    this.#authoredNames[shapeId] = author.displayName
    this.#schedule(PUSH_DELAY_MS)
  }

  /** `authorId`'s private ideas changed: they and the facilitators get their lists again soon. */
  privateChanged(authorId: string): void {
    this.#privateDirty.add(authorId)
    this.#facilitatorsDirty = true
    this.#schedule(PUSH_DELAY_MS)
  }

  destroy(): void {
    this.#destroyed = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }

  #schedule(delayMs: number): void {
    if (this.#timer || this.#destroyed) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#push()
    }, delayMs)
  }

  #push(): void {
    const live = this.#live()
    let sent = 0
    if (this.#authored.size > 0) {
      const authored = this.#authored
      const names = live.anonymous ? this.#authoredNames : null
      this.#authored = new Map()
      this.#authoredNames = {}
      const encoded = new Map<string, Uint8Array>()
      for (const connection of this.#connections) {
        const { actorId, role } = connection.sender
        const own = authored.get(actorId)
        if (role === 'facilitator' && names) {
          connection.send(
            encodeJsonMessage(MessageType.personal, {
              kind: 'authorship',
              own: own ?? [],
              authors: names,
              partial: true,
            } satisfies PersonalMessage),
          )
          sent += 1
        } else if (own) {
          let bytes = encoded.get(actorId)
          if (!bytes) {
            bytes = encodeJsonMessage(MessageType.personal, {
              kind: 'authorship',
              own,
              partial: true,
            } satisfies PersonalMessage)
            encoded.set(actorId, bytes)
          }
          connection.send(bytes)
          sent += 1
        }
      }
    }
    const dirty = this.#privateDirty
    const now = performance.now()
    const all = this.#context.allPrivateIdeas()
    const gap = facilitatorListGapMs(all.length)
    const facilitatorsDue = this.#facilitatorsDirty && now - this.#facilitatorListAt >= gap
    if (dirty.size > 0 || facilitatorsDue) {
      this.#privateDirty = new Set()
      let forFacilitators: Uint8Array | null = null
      const forAuthor = new Map<string, Uint8Array>()
      for (const connection of this.#connections) {
        const { actorId, role } = connection.sender
        if (role === 'facilitator') {
          if (!facilitatorsDue) continue
          forFacilitators ??= privateIdeasMessage(all.map((s) => s.idea))
          connection.send(forFacilitators)
          sent += 1
        } else if (role === 'participant' && dirty.has(actorId)) {
          let bytes = forAuthor.get(actorId)
          if (!bytes) {
            bytes = privateIdeasMessage(this.#context.privateIdeasOf(actorId))
            forAuthor.set(actorId, bytes)
          }
          connection.send(bytes)
          sent += 1
        }
      }
      if (facilitatorsDue) {
        this.#facilitatorsDirty = false
        this.#facilitatorListAt = now
      }
    }
    this.#sent(sent)
    // Facilitators' list held back by its gap goes out when the gap is over.
    if (this.#facilitatorsDirty) this.#schedule(Math.max(1, this.#facilitatorListAt + gap - now))
  }
}

function privateIdeasMessage(ideas: PrivateIdeaRecord[]): Uint8Array {
  return encodeJsonMessage(MessageType.personal, { kind: 'privateIdeas', ideas } satisfies PersonalMessage)
}
