import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import type { WebsocketProvider } from 'y-websocket'
import { encodeJsonMessage, MessageType, type PersonalMessage } from '../../shared/collab/messages.ts'
import { session } from './board-state.ts'
import { listenPersonal, ownShapeIds, privateIdeas } from './personal-channel.ts'

/** Delivers `message` to the handler listenPersonal put on a stand-in provider, as y-websocket would. */
function deliver(provider: { messageHandlers: unknown[] }, message: PersonalMessage) {
  const decoder = decoding.createDecoder(encodeJsonMessage(MessageType.personal, message))
  const type = decoding.readVarUint(decoder)
  const handler = provider.messageHandlers[type] as (e: encoding.Encoder, d: decoding.Decoder) => void
  handler(encoding.createEncoder(), decoder)
}

describe('the personal channel', () => {
  it('takes the vouched identity as mine, and records my private ideas and my cards', () => {
    const provider = { messageHandlers: [] as unknown[] }
    session.set({ actorId: 'g-old', displayName: 'Paul', role: 'participant', locale: 'fr' })
    const stop = listenPersonal(provider as unknown as WebsocketProvider)
    deliver(provider, {
      kind: 'identity',
      user: { id: 'g-paul', name: 'Paul Participant', role: 'participant', color: '#123456' },
    })
    expect(session.get()).toMatchObject({
      actorId: 'g-paul',
      displayName: 'Paul Participant',
      role: 'participant',
    })
    const idea = { id: 'shape:a', typeName: 'shape' as const, type: 'idea' as const, props: { text: 'x' } }
    deliver(provider, { kind: 'privateIdeas', ideas: [idea] })
    expect(privateIdeas.get()).toEqual([idea])
    deliver(provider, { kind: 'authorship', own: ['shape:a'] })
    deliver(provider, { kind: 'authorship', own: ['shape:b'], partial: true })
    expect([...ownShapeIds.get()].sort()).toEqual(['shape:a', 'shape:b'])
    deliver(provider, { kind: 'authorship', own: ['shape:c'] })
    expect([...ownShapeIds.get()]).toEqual(['shape:c'])
    stop()
    expect(provider.messageHandlers[MessageType.personal]).toBeUndefined()
  })
})
