import { atom } from '@tldraw/state'
import type * as decoding from 'lib0/decoding'
import type { WebsocketProvider } from 'y-websocket'
import {
  decodeJsonBody,
  MessageType,
  type PersonalMessage,
  type PrivateIdeaRecord,
} from '../../shared/collab/messages.ts'
import { session } from './board-state.ts'
import { votesChanged } from './votes.ts'

/**
 * What the server tells this person alone (message type 101, shared/collab/PROTOCOL.md): who it says I
 * am, a nudge when my dots (or, for a facilitator, anyone's) changed, the private ideas I may see during
 * silent writing, and which cards are mine when cards carry no author (anonymous workshop).
 */

/** Private ideas I may see: my own; every participant's for a facilitator. */
export const privateIdeas = atom<PrivateIdeaRecord[]>('private ideas', [])

/**
 * The idea I have just created on the canvas during silent writing, waiting to come back as private: the
 * server takes it out of the shared document at once (with its text still empty), so its card vanishes
 * under the person's typing; the private card of the same id opens for writing instead (private-ideas.tsx).
 */
export const privateDraftId = atom<string | null>('private draft id', null)

/** Ids of the shapes I created, as the server recorded them. */
export const ownShapeIds = atom<ReadonlySet<string>>('own shapes', new Set())

/** Handles personal messages on `provider` (y-websocket would otherwise log each as unknown). */
export function listenPersonal(provider: WebsocketProvider): () => void {
  privateIdeas.set([])
  privateDraftId.set(null)
  ownShapeIds.set(new Set())
  provider.messageHandlers[MessageType.personal] = (_encoder, decoder: decoding.Decoder) => {
    const message = decodeJsonBody(decoder) as PersonalMessage | undefined
    if (!message || typeof message !== 'object') return
    if (message.kind === 'votes') votesChanged()
    else if (message.kind === 'privateIdeas' && Array.isArray(message.ideas)) privateIdeas.set(message.ideas)
    else if (message.kind === 'authorship' && Array.isArray(message.own)) {
      const own = message.partial ? new Set(ownShapeIds.get()) : new Set<string>()
      for (const id of message.own) if (typeof id === 'string') own.add(id)
      ownShapeIds.set(own)
    } else if (message.kind === 'identity' && typeof message.user?.id === 'string' && message.user.id) {
      // The server's word on who I am wins over what the page read from the API: it is the id on my
      // cards (my own, follow-me's presenter) and the name others see.
      const me = session.get()
      const { id, name } = message.user
      if (me.actorId !== id || (typeof name === 'string' && name && me.displayName !== name))
        session.set({
          ...me,
          actorId: id,
          displayName: typeof name === 'string' && name ? name : me.displayName,
        })
    }
  }
  return () => {
    delete provider.messageHandlers[MessageType.personal]
  }
}
