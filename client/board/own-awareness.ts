import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebsocketProvider } from 'y-websocket'

/** The y-websocket message type of awareness updates. */
const MESSAGE_AWARENESS = 1

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

/**
 * Makes the provider send this client's own awareness state only.
 *
 * Why: y-websocket's provider sends every awareness change it sees back to the server, other people's
 * included (yjs/yjs#732). In a room of 1,000 where 200 move their cursor at 10 Hz, each screen would
 * encode and upload the 2,000 states a second it receives, and the server would receive them a
 * thousand times over (it drops such echoes: server/collab/awareness-updates.ts). Kept here rather
 * than in a fork: the provider is otherwise unchanged, and its own handler is swapped through the
 * property its `destroy()` unregisters, so that still works.
 */
export function sendOwnAwarenessOnly(provider: WebsocketProvider): void {
  const awareness = provider.awareness
  const internal = provider as unknown as { _awarenessUpdateHandler: (change: AwarenessChange) => void }
  awareness.off('update', internal._awarenessUpdateHandler)
  const handler = ({ added, updated, removed }: AwarenessChange) => {
    const mine = awareness.clientID
    if (!added.includes(mine) && !updated.includes(mine) && !removed.includes(mine)) return
    const ws = provider.ws
    if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [mine]))
    ws.send(encoding.toUint8Array(encoder))
  }
  internal._awarenessUpdateHandler = handler
  awareness.on('update', handler)
}
